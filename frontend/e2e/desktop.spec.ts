import { expect, test } from "@playwright/test";
import { drawNumberWithMouse, drawWithMouse, ONE, SEVEN } from "./drawing";
import { holdLiveReadings, recognise, SCREENSHOTS, screenshotThemes, staffPage, storedCount } from "./steps";

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

test("a drawing is read live as the pen lifts, storing nothing, and Recognise stores it once", async ({ page }) => {
  const before = await storedCount(page);
  const creates: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().endsWith("/api/v1/recognitions/")) creates.push(request.url());
  });
  await drawWithMouse(page, page.getByRole("img", { name: /drawing area/i }), SEVEN);
  const live = page.getByTestId("live-result");
  await expect(live).toContainText("Live reading, not stored.");
  await expect(live.getByTestId("result-digit")).toHaveText(/^7/);
  await expect(live.getByTestId("probability-bar")).toHaveCount(10);
  expect(await storedCount(page)).toBe(before);
  expect(creates).toHaveLength(0);
  await page.screenshot({ path: `${SCREENSHOTS}/live.png` });

  await page.getByRole("button", { name: "Recognise" }).click();
  const stored = page.getByTestId("stored-result");
  await expect(stored.getByTestId("result-digit")).toHaveText(/^7/);
  await expect(live).toHaveCount(0);
  expect(await storedCount(page)).toBe(before + 1);
  expect(creates).toHaveLength(1);
  // The stored answer links to its stored drawing.
  const id = await stored.getAttribute("data-recognition-id");
  const link = stored.getByRole("link", { name: `Stored as drawing #${id}` });
  const image = await page.request.get((await link.getAttribute("href"))!);
  expect(image.status()).toBe(200);
  expect(image.headers()["content-type"]).toMatch(/^image\//);
});

test("the page sends its drawing as a one-channel PNG, a quarter of the pixels' bytes for the server", async ({
  page,
}) => {
  const sent: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().endsWith("/api/v1/recognitions/")) {
      sent.push((request.postDataJSON() as { image_data: string }).image_data);
    }
  });
  await recognise(page, SEVEN);
  await expect(page.getByTestId("result-digit")).toHaveText(/^7/);
  expect(sent).toHaveLength(1);
  const png = Buffer.from(sent[0].replace(/^data:image\/png;base64,/, ""), "base64");
  expect(png.subarray(12, 16).toString("latin1")).toBe("IHDR");
  expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([280, 280, 8, 0]); // 8-bit greyscale
});

test("a mouse-drawn 7 is recognised and all ten probabilities are shown", async ({ page }) => {
  const canvas = page.getByRole("img", { name: /drawing area/i });
  await drawWithMouse(page, canvas, SEVEN);
  await page.getByRole("button", { name: "Recognise" }).click();
  await expect(page.getByTestId("result-digit")).toHaveText(/^7/);
  await expect(page.getByTestId("probability-bar")).toHaveCount(10);
  await expect(page.getByRole("img", { name: /what the model saw/i })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/desktop.png`, fullPage: true });
  await screenshotThemes(page, "desktop", "en");
  await page.getByRole("combobox", { name: "Language" }).selectOption("zh");
  await expect(page.getByTestId("result-digit")).toHaveText(/^7/);
  await screenshotThemes(page, "desktop", "zh");
  // Following the system: dark when the system is dark.
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
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
  // Read live first, nothing stored.
  await expect(page.getByTestId("live-result").getByTestId("result-number")).toHaveText("717");
  await page.getByRole("button", { name: "Recognise" }).click();
  await expect(page.getByTestId("stored-result").getByTestId("result-number")).toHaveText("717");
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
  // Live readings wait, so the page is seen between the stroke and the new drawing's reading.
  const live = await holdLiveReadings(page);
  await drawWithMouse(page, canvas, ONE);
  await expect(page.getByText("Changed since: press Recognise")).toBeVisible();
  await expect(page.locator(".answer")).toHaveAttribute("data-stale", "true");
  for (const button of await page.getByRole("button", { name: /^I meant/ }).all()) await expect(button).toBeDisabled();
  await page.screenshot({ path: `${SCREENSHOTS}/stale.png` });
  await page.getByRole("combobox", { name: "Language" }).selectOption("zh");
  await expect(page.getByText("画面已改动：请按“识别”")).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/stale-zh.png` });
  await page.getByRole("combobox", { name: "语言" }).selectOption("en");
  // The changed drawing's live reading replaces the old answer: current, and not stored.
  await live.release();
  await expect(page.getByTestId("live-result")).toBeVisible();
  await expect(page.locator(".answer")).toHaveAttribute("data-stale", "false");
  await expect(page.getByRole("button", { name: /^I meant/ })).toHaveCount(0);
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

test("a past drawing opens from the history, its feedback changes, and it can be deleted", async ({ page }) => {
  const id = await recognise(page, SEVEN);
  const card = page.locator(`[data-testid=history-item][data-id="${id}"]`);
  await card.getByRole("button").click();
  const opened = page.getByRole("dialog", { name: `Drawing #${id}` });
  await expect(opened.getByTestId("result-digit")).toHaveText(/^7/);
  await expect(opened.getByRole("img", { name: /what the model saw/i })).toBeVisible();
  await opened.getByRole("button", { name: "I meant 9" }).click();
  await expect(opened.getByRole("status")).toHaveText("Thanks! Saved as 9.");
  await opened.getByRole("button", { name: "I meant 4" }).click();
  await expect(opened.getByRole("status")).toHaveText("Thanks! Saved as 4.");
  const api = (path: string) => page.request.get(path);
  expect(await (await api(`/api/v1/recognitions/${id}/`)).json()).toMatchObject({ label: 4, label_source: "drawer" });
  await expect(card).toContainText("you said 4");
  await page.screenshot({ path: `${SCREENSHOTS}/history-opened.png` });

  // Escape closes the drawing and leaves the canvas alone; it opens again from its card.
  await page.keyboard.press("Escape");
  await expect(opened).toHaveCount(0);
  await expect(page.getByRole("img", { name: /drawing area/i })).toHaveAttribute("data-stroke-count", "1");
  await card.getByRole("button").click();
  const before = await (await api("/api/v1/recognitions/")).json();
  await opened.getByRole("button", { name: "Delete this drawing" }).click();
  await opened.getByRole("button", { name: "Keep it" }).click();
  expect((await api(`/api/v1/recognitions/${id}/`)).status()).toBe(200);
  await opened.getByRole("button", { name: "Delete this drawing" }).click();
  await opened.getByRole("button", { name: "Yes, delete" }).click();
  await expect(opened).toHaveCount(0);
  await expect(card).toHaveCount(0);
  // The answer beside the canvas was this drawing: it no longer says it is stored.
  await expect(page.getByTestId("stored-result")).toHaveCount(0);
  expect((await api(`/api/v1/recognitions/${id}/`)).status()).toBe(404);
  expect((await api(`/api/v1/recognitions/${id}/image/`)).status()).toBe(404);
  expect((await (await api("/api/v1/recognitions/")).json()).count).toBe(before.count - 1);
});

test("a wrong digit of a number is corrected by tapping it, and the number can be deleted", async ({ page }) => {
  await page.getByRole("button", { name: "A number" }).click();
  const canvas = page.getByRole("img", { name: /write a number/i });
  await drawNumberWithMouse(page, canvas, [SEVEN, ONE, SEVEN]);
  await page.getByRole("button", { name: "Recognise" }).click();
  const result = page.getByTestId("stored-result");
  await expect(result.getByTestId("result-number")).toHaveText("717");
  const numberId = await result.getAttribute("data-number-id");
  const number = await (await page.request.get(`/api/v1/numbers/${numberId}/`)).json();
  // Each digit says how sure the network is of that digit, not of the whole number.
  const chips = result.getByRole("list", { name: /each digit/i }).getByRole("listitem");
  for (const [index, digit] of (number.digits as Array<{ confidence: number }>).entries()) {
    await expect(chips.nth(index)).toContainText(`${Math.round(digit.confidence * 100)}%`);
  }
  await result.getByRole("button", { name: "Digit 2, read as 1: correct it" }).click();
  await result.getByRole("group", { name: "Digit 2 is really:" }).getByRole("button", { name: "I meant 4" }).click();
  await expect(chips.nth(1)).toContainText("you said 4");
  const middle = number.digits[1].id;
  expect(await (await page.request.get(`/api/v1/recognitions/${middle}/`)).json()).toMatchObject({
    label: 4,
    label_source: "drawer",
  });
  await page.screenshot({ path: `${SCREENSHOTS}/number-corrected.png`, fullPage: true });

  await result.getByRole("button", { name: "Delete this number" }).click();
  await result.getByRole("button", { name: "Yes, delete" }).click();
  await expect(page.getByTestId("stored-result")).toHaveCount(0);
  expect((await page.request.get(`/api/v1/numbers/${numberId}/`)).status()).toBe(404);
  expect((await page.request.get(`/api/v1/recognitions/${middle}/`)).status()).toBe(404);
  await expect(page.locator(`[data-testid=history-item][data-id="${middle}"]`)).toHaveCount(0);
});

test("a digit of a number opened from the history says so, and its Delete deletes the whole number", async ({ page }) => {
  await page.getByRole("button", { name: "A number" }).click();
  await drawNumberWithMouse(page, page.getByRole("img", { name: /write a number/i }), [SEVEN, ONE]);
  await page.getByRole("button", { name: "Recognise" }).click();
  const result = page.getByTestId("stored-result");
  await expect(result.getByTestId("result-number")).toHaveText("71");
  const numberId = Number(await result.getAttribute("data-number-id"));
  const digits = ((await (await page.request.get(`/api/v1/numbers/${numberId}/`)).json()).digits as Array<{ id: number }>).map(
    (digit) => digit.id,
  );
  const second = page.locator(`[data-testid=history-item][data-id="${digits[1]}"]`);
  await expect(second).toContainText(`Digit 2 of number #${numberId}`);
  await second.getByRole("button").click();

  // It opens like any drawing: its answer, and feedback on this digit alone.
  const opened = page.getByRole("dialog", { name: `Drawing #${digits[1]}` });
  await expect(opened).toContainText(`Digit 2 of number #${numberId}`);
  await expect(opened.getByTestId("result-digit")).toHaveText(/^1/);
  await opened.getByRole("button", { name: "I meant 1" }).click();
  await expect(opened.getByRole("status")).toHaveText("Thanks! Saved as 1.");
  expect(await (await page.request.get(`/api/v1/recognitions/${digits[1]}/`)).json()).toMatchObject({
    label: 1,
    number: numberId,
    position: 1,
  });
  await expect(opened.getByRole("button", { name: "Delete this drawing" })).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/history-number-digit.png` });

  await opened.getByRole("button", { name: `Delete the whole number #${numberId}` }).click();
  await expect(opened).toContainText(`Delete number #${numberId} and all its digits for good?`);
  await opened.getByRole("button", { name: "Yes, delete" }).click();
  await expect(opened).toHaveCount(0);
  await expect(page.getByTestId("stored-result")).toHaveCount(0);
  for (const id of digits) {
    await expect(page.locator(`[data-testid=history-item][data-id="${id}"]`)).toHaveCount(0);
    expect((await page.request.get(`/api/v1/recognitions/${id}/`)).status()).toBe(404);
  }
  expect((await page.request.get(`/api/v1/numbers/${numberId}/`)).status()).toBe(404);
});

test("the page says plainly what it keeps, why, for how long and how to delete it, in both languages", async ({ page }) => {
  const { retention_days: days } = await (await page.request.get("/api/v1/privacy/")).json();
  const note = page.getByTestId("privacy-note");
  await expect(note).toContainText("an anonymous key for this browser");
  await expect(note).toContainText("to check the network and train better ones");
  await expect(page.getByTestId("privacy-kept")).toHaveText(
    days === null ? "How long: until you delete it." : `How long: ${days} days, then it is deleted.`,
  );
  await expect(note).toContainText("open a drawing under “Your drawings” and press Delete");
  await page.getByRole("combobox", { name: "Language" }).selectOption("zh");
  await expect(note).toContainText("这个浏览器的匿名标识");
  await expect(page.getByTestId("privacy-kept")).toHaveText(
    days === null ? "保存多久：直到你删除为止。" : `保存多久：${days} 天，之后删除。`,
  );
});

test("the theme can be chosen (light, dark or the system's) and is kept; thumbnails stay readable", async ({ page }) => {
  await recognise(page, SEVEN);
  await page.emulateMedia({ colorScheme: "light" });
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  const canvas = page.getByRole("img", { name: /drawing area/i });
  // The ink on the 7's bar (a tenth of the way in from its left end): dark, then light.
  const ink = () =>
    canvas.evaluate((element: HTMLCanvasElement) => {
      const x = Math.round(element.width * 0.32);
      const y = Math.round(element.height * 0.22);
      return Array.from(element.getContext("2d")!.getImageData(x, y, 1, 1).data.slice(0, 3));
    });
  expect(Math.max(...(await ink()))).toBeLessThan(80);
  await page.getByRole("combobox", { name: "Theme" }).selectOption("dark");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  expect(Math.min(...(await ink()))).toBeGreaterThan(200);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(page.getByRole("combobox", { name: "Theme" })).toHaveValue("dark");
  // The canvas is dark and the stored thumbnails are shown as light ink on dark, not a white square.
  const canvasBackground = await canvas.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(canvasBackground).toBe("rgb(28, 31, 36)");
  const thumbnail = page.locator(".history-list img").first();
  await expect(thumbnail).toHaveCSS("filter", "invert(0.9)");
  await page.getByRole("combobox", { name: "Theme" }).selectOption("system");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
});
