import { expect, test } from "@playwright/test";
import { drawWithTouch, ONE, SEVEN } from "./drawing";

test("a digit drawn by touch on a phone-sized screen is recognised", async ({ page }) => {
  await page.goto("/");
  const canvas = page.getByRole("img", { name: /drawing area/i });
  const box = (await canvas.boundingBox())!;
  expect(box.width).toBeLessThanOrEqual(390);
  await drawWithTouch(page, canvas, SEVEN);
  await expect(canvas).toHaveAttribute("data-stroke-count", "1");
  const scrolled = await page.evaluate(() => window.scrollY);
  expect(scrolled).toBe(0); // touch-action: none keeps the page still while drawing
  await page.getByRole("button", { name: "Recognise" }).tap();
  await expect(page.getByTestId("result-digit")).toHaveText(/^7/);
  await expect(page.getByTestId("probability-bar")).toHaveCount(10);
  await page.screenshot({ path: "../test-output/screenshots/phone.png", fullPage: true });
});

test("on a phone, a stroke after the answer marks it out of date, and a tap is not a digit", async ({ page }) => {
  await page.goto("/");
  const canvas = page.getByRole("img", { name: /drawing area/i });
  await drawWithTouch(page, canvas, SEVEN);
  await page.getByRole("button", { name: "Recognise" }).tap();
  await expect(page.getByTestId("result-digit")).toHaveText(/^7/);
  await drawWithTouch(page, canvas, ONE);
  await expect(page.getByText("Changed since: press Recognise")).toBeVisible();
  await expect(page.getByRole("button", { name: "I meant 7" })).toBeDisabled();
  await page.screenshot({ path: "../test-output/screenshots/phone-stale.png", fullPage: true });
  await page.getByRole("combobox", { name: "Language" }).selectOption("zh");
  await page.screenshot({ path: "../test-output/screenshots/phone-stale-zh.png", fullPage: true });
  await page.getByRole("button", { name: "清除" }).tap();
  const box = (await page.getByRole("img", { name: /绘图区/ }).boundingBox())!;
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  await page.getByRole("button", { name: "识别" }).tap();
  await expect(page.getByTestId("result-not-a-digit")).toHaveText("这看起来不像数字");
  await page.screenshot({ path: "../test-output/screenshots/phone-not-a-digit-zh.png", fullPage: true });
});
