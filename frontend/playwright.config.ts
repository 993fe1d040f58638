import { defineConfig } from "@playwright/test";

// Debian's Chromium (apt-get install chromium), never a downloaded browser build.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};
const port = Number(process.env.E2E_PORT ?? 8123);

export default defineConfig({
  testDir: "./e2e",
  outputDir: "../test-output/playwright",
  timeout: 60_000,
  workers: 1,
  forbidOnly: true,
  reporter: [["list"]],
  use: { baseURL: `http://127.0.0.1:${port}`, launchOptions: chromium, trace: "retain-on-failure" },
  webServer: {
    command: "bash e2e/serve.sh",
    url: `http://127.0.0.1:${port}/api/v1/health/`,
    reuseExistingServer: false,
    timeout: 300_000, // migrate + collectstatic + the model load take minutes on a busy shared machine
    stdout: "ignore",
    stderr: "pipe",
  },
  projects: [
    {
      name: "desktop",
      testMatch: /(desktop|loop|renderer|swagger)\.spec\.ts/,
      use: { viewport: { width: 1280, height: 860 } },
    },
    {
      name: "phone",
      testMatch: /phone\.spec\.ts/,
      use: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
    },
  ],
});
