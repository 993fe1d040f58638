// What several browser tests do: sign in to the admin, draw and recognise a digit.
import { expect, type Browser, type Page } from "@playwright/test";
import { drawWithMouse, type Digit } from "./drawing";

/** A new browser context logged in to the admin as the staff user serve.sh creates. */
export async function staffPage(browser: Browser, viewport?: { width: number; height: number }): Promise<Page> {
  const admin = await (await browser.newContext(viewport ? { viewport } : {})).newPage();
  await admin.goto("/admin/login/?next=/admin/");
  await admin.getByLabel("Username").fill("e2e-staff");
  await admin.getByLabel("Password").fill("e2e-staff-password");
  await admin.getByRole("button", { name: /log in/i }).click();
  await expect(admin.getByRole("link", { name: "Drawings" })).toBeVisible();
  return admin;
}

/** Draw and recognise a digit on the page; returns the stored drawing's id. */
export async function recognise(page: Page, digit: Digit): Promise<string> {
  const result = page.locator("[data-recognition-id]");
  await page.getByRole("button", { name: "Clear" }).click(); // also clears the previous result
  await expect(result).toHaveCount(0);
  await drawWithMouse(page, page.getByRole("img", { name: /drawing area/i }), digit);
  await page.getByRole("button", { name: "Recognise" }).click();
  await expect(result).toBeVisible();
  return (await result.getAttribute("data-recognition-id"))!;
}

export const SCREENSHOTS = "../test-output/screenshots";

/** How many drawings this browser has stored, as the API says. */
export async function storedCount(page: Page): Promise<number> {
  return (await (await page.request.get("/api/v1/recognitions/")).json()).count as number;
}

/**
 * Hold the live readings (preview requests) until `release` is called, so a test can see
 * the page between a stroke and its live answer.
 */
export async function holdLiveReadings(page: Page) {
  const held: Array<() => Promise<void>> = [];
  let holding = true;
  await page.route("**/api/v1/*/preview/", (route) => {
    if (holding) held.push(() => route.continue());
    else void route.continue();
  });
  return {
    release: async () => {
      holding = false;
      for (const go of held.splice(0)) await go();
    },
  };
}

/**
 * Screenshots of the page as it is, in one language, light and dark: `<name>-<lang>-<theme>.png`.
 * `fullPage: false` shows what a phone shows without scrolling (and a full-page shot resizes the
 * emulated screen, which drops its touch emulation: keyboard hints would reappear in it).
 */
export async function screenshotThemes(page: Page, name: string, language: "en" | "zh", fullPage = true) {
  const theme = page.getByRole("combobox", { name: language === "zh" ? "主题" : "Theme" });
  for (const [choice, label] of [["light", "light"], ["dark", "dark"]] as const) {
    await theme.selectOption(choice);
    await expect(page.locator("html")).toHaveAttribute("data-theme", choice);
    await page.screenshot({ path: `${SCREENSHOTS}/${name}-${language}-${label}.png`, fullPage });
  }
  await theme.selectOption("system");
}
