import { expect, test } from "@playwright/test";
import { drawWithMouse, ONE, SEVEN } from "./drawing";

const SCREENSHOTS = "../test-output/screenshots";

test.beforeEach(async ({ page }) => {
  await page.goto("/");
});

test("a mouse-drawn 7 is recognised and all ten probabilities are shown", async ({ page }) => {
  const canvas = page.getByRole("img", { name: /drawing area/i });
  await drawWithMouse(page, canvas, SEVEN);
  await page.getByRole("button", { name: "Recognise" }).click();
  await expect(page.getByTestId("result-digit")).toHaveText(/^7/);
  await expect(page.getByTestId("probability-bar")).toHaveCount(10);
  await expect(page.getByRole("img", { name: /what the model saw/i })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/desktop.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: `${SCREENSHOTS}/desktop-dark.png`, fullPage: true });
});

test("a mouse-drawn 1 is recognised with the Enter key", async ({ page }) => {
  await drawWithMouse(page, page.getByRole("img", { name: /drawing area/i }), ONE);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("result-digit")).toHaveText(/^1/);
});

test("undo removes the last stroke and clear empties the canvas", async ({ page }) => {
  const canvas = page.getByRole("img", { name: /drawing area/i });
  await drawWithMouse(page, canvas, [...SEVEN, ...ONE]);
  await expect(canvas).toHaveAttribute("data-stroke-count", "2");
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(canvas).toHaveAttribute("data-stroke-count", "1");
  await page.keyboard.press("Control+z");
  await expect(canvas).toHaveAttribute("data-stroke-count", "0");
  await drawWithMouse(page, canvas, SEVEN);
  await page.keyboard.press("Escape");
  await expect(canvas).toHaveAttribute("data-stroke-count", "0");
  await drawWithMouse(page, canvas, ONE);
  await page.getByRole("button", { name: "Clear" }).click();
  await expect(canvas).toHaveAttribute("data-stroke-count", "0");
  await page.getByRole("button", { name: "Recognise" }).click();
  await expect(page.getByRole("alert")).toHaveText("Draw a digit first.");
});

test("feedback is stored and the drawing appears in the history and the admin", async ({ page, browser }) => {
  await drawWithMouse(page, page.getByRole("img", { name: /drawing area/i }), SEVEN);
  await page.getByRole("button", { name: "Recognise" }).click();
  const result = page.locator("[data-recognition-id]");
  await expect(result).toBeVisible();
  const id = await result.getAttribute("data-recognition-id");

  await page.getByRole("button", { name: "I meant 9" }).click();
  await expect(page.getByRole("status")).toHaveText("Thanks! Saved as 9.");
  const stored = await (await page.request.get(`/api/v1/recognitions/${id}/`)).json();
  expect(stored).toMatchObject({ label: 9, label_source: "drawer", digit: 7 });

  const item = page.locator(`[data-testid=history-item][data-id="${id}"]`);
  await expect(item).toContainText("Read as 7");
  await expect(item).toContainText("you said 9");

  const staff = await browser.newContext();
  const admin = await staff.newPage();
  await admin.goto("/admin/login/?next=/admin/recognizer/drawing/");
  await admin.getByLabel("Username").fill("e2e-staff");
  await admin.getByLabel("Password").fill("e2e-staff-password");
  await admin.getByRole("button", { name: /log in/i }).click();
  await admin.goto(`/admin/recognizer/drawing/?q=${id}`);
  await expect(admin.locator("#result_list tbody tr")).toHaveCount(1);
  await expect(admin.locator("#result_list tbody tr").first()).toContainText(String(id));
  await staff.close();
});

test("the page speaks Chinese to a Chinese browser and can switch to English", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("写一个数字");
  await expect(page.getByRole("button", { name: "识别" })).toBeVisible();
  await page.getByRole("combobox", { name: "语言" }).selectOption("en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Draw a digit");
  await context.close();
});
