import { expect, test } from "@playwright/test";
import { drawWithTouch, SEVEN } from "./drawing";

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
