import { expect, test } from "@playwright/test";
import { drawNumberWithMouse, drawWithMouse, ONE, SEVEN } from "./drawing";
import { recognise, staffPage } from "./steps";

const SCREENSHOTS = "../test-output/screenshots";

// The page runs under its Content-Security-Policy: any violation fails the test.
let cspViolations: string[] = [];

test.beforeEach(async ({ page }) => {
  cspViolations = [];
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  const response = await page.goto("/");
  expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
});

test.afterEach(() => {
  expect(cspViolations).toEqual([]);
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

test("a number written on the wide canvas is read digit by digit, with boxes around the digits", async ({ page }) => {
  await page.getByRole("button", { name: "A number" }).click();
  await expect(page.getByRole("heading", { name: "Write a number" })).toBeVisible();
  const canvas = page.getByRole("img", { name: /write a number/i });
  const box = (await canvas.boundingBox())!;
  expect(box.width / box.height).toBeCloseTo(3, 1);
  await drawNumberWithMouse(page, canvas, [SEVEN, ONE, SEVEN]);
  await page.getByRole("button", { name: "Recognise" }).click();
  await expect(page.getByTestId("result-number")).toHaveText("717");
  await expect(page.getByTestId("digit-boxes").locator("rect")).toHaveCount(3);
  await expect(page.getByRole("list", { name: /each digit/i }).getByRole("listitem")).toHaveCount(3);
  await page.screenshot({ path: `${SCREENSHOTS}/number.png`, fullPage: true });
  // Each digit is also an ordinary drawing of this browser.
  await expect(page.locator(".history-list li")).toHaveCount(3);
  // Back to one digit: a square canvas again, and nothing left over.
  await page.getByRole("button", { name: "One digit" }).click();
  const square = (await page.getByRole("img", { name: /draw a digit/i }).boundingBox())!;
  expect(square.width).toBeCloseTo(square.height, 0);
  await expect(page.getByTestId("result-number")).toHaveCount(0);
});

test("digits whose ink touches are told apart by the pen lifted between them", async ({ page }) => {
  await page.getByRole("button", { name: "A number" }).click();
  const canvas = page.getByRole("img", { name: /write a number/i });
  await drawNumberWithMouse(page, canvas, [SEVEN, ONE], 0.22); // the 1 touches the 7's bar
  await page.getByRole("button", { name: "Recognise" }).click();
  await expect(page.getByTestId("result-number")).toHaveText("71");
  await page.screenshot({ path: `${SCREENSHOTS}/number-touching.png` });
});

test("a stroke after the answer marks it out of date and its feedback cannot be given", async ({ page }) => {
  const canvas = page.getByRole("img", { name: /drawing area/i });
  await drawWithMouse(page, canvas, SEVEN);
  await page.getByRole("button", { name: "Recognise" }).click();
  await expect(page.getByTestId("result-digit")).toHaveText(/^7/);
  await expect(page.getByRole("button", { name: "I meant 9" })).toBeEnabled();
  await drawWithMouse(page, canvas, ONE);
  await expect(page.getByText("Changed since: press Recognise")).toBeVisible();
  await expect(page.locator(".answer")).toHaveAttribute("data-stale", "true");
  for (const button of await page.getByRole("button", { name: /^I meant/ }).all()) await expect(button).toBeDisabled();
  await page.screenshot({ path: `${SCREENSHOTS}/stale.png` });
  await page.getByRole("combobox", { name: "Language" }).selectOption("zh");
  await expect(page.getByText("画面已改动：请按“识别”")).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/stale-zh.png` });
  await page.getByRole("combobox", { name: "语言" }).selectOption("en");
  // Undoing the new stroke brings back the drawing that was answered.
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.locator(".answer")).toHaveAttribute("data-stale", "false");
  await expect(page.getByRole("button", { name: "I meant 9" })).toBeEnabled();
});

test("Enter pressed three times on one drawing stores it once", async ({ page }) => {
  const stored = async () => (await (await page.request.get("/api/v1/recognitions/")).json()).count as number;
  const before = await stored();
  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().endsWith("/api/v1/recognitions/")) posts.push(request.url());
  });
  await drawWithMouse(page, page.getByRole("img", { name: /drawing area/i }), SEVEN);
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("result-digit")).toHaveText(/^7/);
  await page.keyboard.press("Enter");
  await page.waitForLoadState("networkidle");
  expect(posts).toHaveLength(1);
  expect(await stored()).toBe(before + 1);
  await expect(page.getByTestId("result-digit")).toHaveText(/^7/);
});

test("a single tap is answered as not a digit, and the drawer can say so", async ({ page }) => {
  const box = (await page.getByRole("img", { name: /drawing area/i }).boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.getByRole("button", { name: "Recognise" }).click();
  await expect(page.getByTestId("result-not-a-digit")).toHaveText("That doesn't look like a digit");
  await expect(page.getByTestId("result-digit")).toHaveCount(0);
  await page.getByRole("button", { name: "Not a digit" }).click();
  await expect(page.getByRole("status")).toHaveText("Thanks! Saved as not a digit.");
  const id = await page.locator("[data-recognition-id]").getAttribute("data-recognition-id");
  const stored = await (await page.request.get(`/api/v1/recognitions/${id}/`)).json();
  expect(stored).toMatchObject({ not_a_digit: true, drawer_not_a_digit: true, label: null });
  const item = page.locator(`[data-testid=history-item][data-id="${id}"]`);
  await expect(item).toContainText("That doesn't look like a digit");
  await expect(item).toContainText("you said: not a digit");
  await page.screenshot({ path: `${SCREENSHOTS}/not-a-digit.png` });
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

  const admin = await staffPage(browser);
  await admin.goto(`/admin/recognizer/drawing/?q=${id}`);
  await expect(admin.locator("#result_list tbody tr")).toHaveCount(1);
  await expect(admin.locator("#result_list tbody tr").first()).toContainText(String(id));
  await admin.context().close();
});

test("staff review drawings with the keyboard: a digit labels, Enter confirms, X rejects", async ({ page, browser }) => {
  const ids = [await recognise(page, SEVEN), await recognise(page, ONE), await recognise(page, SEVEN)];
  const admin = await staffPage(browser);
  const status = (id: string) => admin.request.get(`/api/v1/recognitions/${id}/`).then((r) => r.json());

  await admin.goto(`/admin/recognizer/drawing/review/?id=${ids[0]}`);
  await admin.keyboard.press("3");
  await expect(admin.getByText(`Last reviewed: #${ids[0]}`)).toBeVisible();
  expect(await status(ids[0])).toMatchObject({ label: 3, status: "corrected", label_source: "staff" });

  await admin.goto(`/admin/recognizer/drawing/review/?id=${ids[1]}`);
  await admin.keyboard.press("Enter");
  await expect(admin.getByText(`Last reviewed: #${ids[1]}`)).toBeVisible();
  expect(await status(ids[1])).toMatchObject({ label: 1, status: "confirmed" });

  await admin.goto(`/admin/recognizer/drawing/review/?id=${ids[2]}`);
  await admin.keyboard.press("x");
  await expect(admin.getByText(`Last reviewed: #${ids[2]}`)).toBeVisible();
  expect(await status(ids[2])).toMatchObject({ label: null, status: "rejected" });

  // Two more unreviewed drawings: from one, the other is the previous or the next in the queue.
  const fourth = await recognise(page, ONE);
  await recognise(page, SEVEN);
  await admin.goto(`/admin/recognizer/drawing/review/?id=${fourth}`);
  const arrows: Array<[string, string | null]> = [];
  for (const [key, id] of [["ArrowRight", "#next"], ["ArrowLeft", "#previous"]]) {
    if (await admin.locator(id).count()) arrows.push([key, await admin.locator(id).getAttribute("href")]);
  }
  expect(arrows.length).toBeGreaterThan(0);
  const [key, href] = arrows[0];
  await admin.keyboard.press(key);
  await expect(admin).toHaveURL((url) => url.search === href);
  await admin.screenshot({ path: `${SCREENSHOTS}/admin-review.png`, fullPage: true });
  await admin.context().close();
});

test("the page speaks Chinese to a Chinese browser and can switch to English", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("写一个数字");
  await expect(page).toHaveTitle("DigitSite — 手写数字识别");
  await expect(page.getByRole("button", { name: "识别" })).toBeVisible();
  await page.getByRole("combobox", { name: "语言" }).selectOption("en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Draw a digit");
  await expect(page).toHaveTitle("DigitSite — handwritten digit recognition");
  await context.close();
});

test("the site has an icon: the page links an SVG one and /favicon.ico answers", async ({ page }) => {
  const linked = await page.locator('link[rel="icon"][type="image/svg+xml"]').getAttribute("href");
  const svg = await page.request.get(linked!);
  expect(svg.status()).toBe(200);
  expect(svg.headers()["content-type"]).toContain("image/svg+xml");
  const ico = await page.request.get("/favicon.ico");
  expect(ico.status()).toBe(200);
  expect(ico.headers()["content-type"]).toMatch(/^image\//);
});
