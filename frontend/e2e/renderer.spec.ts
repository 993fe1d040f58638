import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { drawNumberWithMouse, ONE, SEVEN } from "./drawing";

// ml/pen/canvas.py draws pen trajectories for training and tests "exactly as the page does":
// here the page's own exported PNG is compared with the same strokes drawn by it.
test("the Python stroke renderer draws what the page's canvas exports", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "A number" }).click();
  const canvas = page.getByRole("img", { name: /write a number/i });
  await drawNumberWithMouse(page, canvas, [SEVEN, ONE, [[[0.3, 0.5]]]]); // a tap too: drawn as a dot
  const sent = page.waitForRequest((request) => request.url().endsWith("/api/v1/numbers/"));
  await page.getByRole("button", { name: "Recognise" }).click();
  const body = (await sent).postDataJSON();
  mkdirSync("../test-output", { recursive: true });
  writeFileSync("../test-output/page-number-request.json", JSON.stringify(body));
  const report = JSON.parse(
    execFileSync(".venv/bin/python", ["-m", "ml.pen.canvas", "test-output/page-number-request.json"], {
      cwd: "..",
      encoding: "utf8",
    }),
  );
  expect(report.size).toEqual([840, 280]);
  expect(report.mean_abs_difference).toBeLessThan(0.3); // 0.03 measured; a pen 1 px narrower gives 0.6
  expect(report.share_within_8_levels).toBeGreaterThan(0.995);
  expect(report.ink_ratio).toBeGreaterThan(0.98);
  expect(report.ink_ratio).toBeLessThan(1.02);
});
