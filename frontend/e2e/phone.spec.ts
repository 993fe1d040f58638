import { expect, test, type Page } from "@playwright/test";
import { drawWithTouch, ONE, SEVEN } from "./drawing";
import { holdLiveReadings, SCREENSHOTS, screenshotThemes } from "./steps";

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
  await page.screenshot({ path: `${SCREENSHOTS}/phone.png`, fullPage: true });
});

test("on a phone, a stroke after the answer marks it out of date, and a tap is not a digit", async ({ page }) => {
  await page.goto("/");
  const canvas = page.getByRole("img", { name: /drawing area/i });
  await drawWithTouch(page, canvas, SEVEN);
  await page.getByRole("button", { name: "Recognise" }).tap();
  await expect(page.getByTestId("result-digit")).toHaveText(/^7/);
  const live = await holdLiveReadings(page); // so the out-of-date answer is seen, not its successor
  await drawWithTouch(page, canvas, ONE);
  await expect(page.getByText("Changed since: press Recognise")).toBeVisible();
  await expect(page.getByRole("button", { name: "I meant 7" })).toBeDisabled();
  await page.screenshot({ path: `${SCREENSHOTS}/phone-stale.png`, fullPage: true });
  await page.getByRole("combobox", { name: "Language" }).selectOption("zh");
  await page.screenshot({ path: `${SCREENSHOTS}/phone-stale-zh.png`, fullPage: true });
  await live.release();
  await page.getByRole("button", { name: "清除" }).tap();
  const box = (await page.getByRole("img", { name: /绘图区/ }).boundingBox())!;
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  await page.getByRole("button", { name: "识别", exact: true }).tap();
  await expect(page.getByTestId("result-not-a-digit")).toHaveText("这看起来不像数字");
  await page.screenshot({ path: `${SCREENSHOTS}/phone-not-a-digit-zh.png`, fullPage: true });
});

/** Draw a 7 by touch, tap Recognise: the answer's digit must be on screen, the page unscrolled. */
async function recogniseByTouch(page: Page) {
  const canvas = page.getByRole("img", { name: /drawing area|绘图区/i });
  await drawWithTouch(page, canvas, SEVEN);
  await page.getByRole("button", { name: /^(Recognise|识别)$/ }).tap();
  const digit = page.getByTestId("stored-result").getByTestId("result-digit");
  await expect(digit).toHaveText(/^7/);
  return digit;
}

/** Every button, menu and link the page shows is at least 44×44 CSS pixels. */
async function expectThumbSizedTargets(page: Page) {
  const targets = await page.locator("button:visible, select:visible, a:visible").all();
  expect(targets.length).toBeGreaterThan(15);
  for (const target of targets) {
    const box = (await target.boundingBox())!;
    const name = (await target.getAttribute("aria-label")) ?? (await target.textContent());
    expect({ name, width: box.width >= 44, height: box.height >= 44 }).toEqual({ name, width: true, height: true });
  }
}

for (const viewport of [
  { width: 390, height: 844 },
  { width: 360, height: 640 },
]) {
  test.describe(`on a ${viewport.width}×${viewport.height} phone`, () => {
    test.use({ viewport });

    test("the answer's digit is on screen after Recognise, and every target is thumb-sized", async ({ page }) => {
      await page.goto("/");
      // Touch screens get no keyboard hints.
      await expect(page.getByText(/Enter recognises/)).toBeHidden();
      const digit = await recogniseByTouch(page);
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      const box = (await digit.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      await expectThumbSizedTargets(page);
      await page.screenshot({ path: `${SCREENSHOTS}/phone-${viewport.width}x${viewport.height}.png` });
    });
  });
}

test("on a phone the number canvas is tall enough for a finger, and its digits can be corrected", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "A number" }).tap();
  const canvas = page.getByRole("img", { name: /write a number/i });
  const box = (await canvas.boundingBox())!;
  expect(box.height).toBeGreaterThanOrEqual(200);
  await drawWithTouch(page, canvas, ONE);
  await expect(page.getByTestId("live-result")).toBeVisible();
  await page.getByRole("button", { name: "Recognise" }).tap();
  await expect(page.getByTestId("stored-result").getByTestId("result-number")).toHaveText("1");
  await page.getByRole("button", { name: /Digit 1, read as 1/ }).tap();
  await expectThumbSizedTargets(page);
  await page.screenshot({ path: `${SCREENSHOTS}/phone-number.png`, fullPage: true });
});

test("phone screenshots in both languages and both themes, with a past drawing opened", async ({ page }) => {
  await page.goto("/");
  await recogniseByTouch(page);
  await screenshotThemes(page, "phone", "en", false);
  await page.getByRole("combobox", { name: "Language" }).selectOption("zh");
  await screenshotThemes(page, "phone", "zh", false);
  await page.locator("[data-testid=history-item]").first().getByRole("button").tap();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectThumbSizedTargets(page);
  await page.screenshot({ path: `${SCREENSHOTS}/phone-history-opened-zh.png` });
});
