import { expect, test, type Browser, type Page } from "@playwright/test";
import { drawWithMouse, ONE, SEVEN, type Digit } from "./drawing";

// The learning loop as staff walk it: review with keys, export Parquet, retrain (a dry run),
// compare the result with the active version, and see that a dry run cannot be activated.
const SCREENSHOTS = "../test-output/screenshots";

async function staffPage(browser: Browser): Promise<Page> {
  const admin = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await admin.goto("/admin/login/?next=/admin/");
  await admin.getByLabel("Username").fill("e2e-staff");
  await admin.getByLabel("Password").fill("e2e-staff-password");
  await admin.getByRole("button", { name: /log in/i }).click();
  await expect(admin.getByRole("link", { name: "Drawings" })).toBeVisible();
  return admin;
}

async function recognise(page: Page, digit: Digit): Promise<string> {
  const result = page.locator("[data-recognition-id]");
  await page.getByRole("button", { name: "Clear" }).click();
  await expect(result).toHaveCount(0);
  await drawWithMouse(page, page.getByRole("img", { name: /drawing area/i }), digit);
  await page.getByRole("button", { name: "Recognise" }).click();
  await expect(result).toBeVisible();
  return (await result.getAttribute("data-recognition-id"))!;
}

test("staff walk the loop: review with keys, export Parquet, retrain a dry run, compare, refused activation", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  await page.goto("/");
  const suggested = await recognise(page, SEVEN);
  await page.getByRole("button", { name: "I meant 1" }).click();
  await expect(page.getByRole("status")).toHaveText("Thanks! Saved as 1.");
  const plain = await recognise(page, ONE);

  const admin = await staffPage(browser);
  // The drawers' suggestions queue: A accepts the suggestion, without reloading the page.
  await admin.goto(`/admin/recognizer/drawing/review/?queue=suggestions&id=${suggested}`);
  await expect(admin.getByTestId("suggestion")).toContainText("The drawer says: 1");
  await admin.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  await admin.keyboard.press("a");
  await expect(admin.getByText(`Last reviewed: #${suggested}`)).toBeVisible();
  expect(await admin.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  const status = (id: string) => admin.request.get(`/api/v1/recognitions/${id}/`).then((r) => r.json());
  expect(await status(suggested)).toMatchObject({ label: 1, label_source: "staff", status: "corrected" });

  // The whole queue: Enter confirms, and the next drawing comes without a reload either.
  await admin.goto(`/admin/recognizer/drawing/review/?id=${plain}`);
  await admin.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  await admin.keyboard.press("Enter");
  await expect(admin.getByText(`Last reviewed: #${plain}`)).toBeVisible();
  expect(await admin.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  expect(await status(plain)).toMatchObject({ label: 1, status: "confirmed" });

  // The list says whose label each is; export the staff-labelled ones as Parquet.
  await admin.goto("/admin/recognizer/drawing/?label_source__exact=staff");
  await expect(admin.locator("#result_list tbody tr")).toHaveCount(2);
  await expect(admin.locator("#result_list .provenance").first()).toHaveText("staff");
  await admin.locator("#action-toggle").check();
  await admin.locator("select[name=action]").selectOption("export_parquet");
  const [download] = await Promise.all([admin.waitForEvent("download"), admin.getByRole("button", { name: "Run" }).click()]);
  expect(download.suggestedFilename()).toBe("digitsite-parquet.zip");
  const zip = await download.createReadStream().then(async (stream) => {
    const parts: Buffer[] = [];
    for await (const part of stream) parts.push(part as Buffer);
    return Buffer.concat(parts);
  });
  expect(zip.subarray(0, 2).toString()).toBe("PK");
  expect(zip.includes(Buffer.from("train.parquet"))).toBe(true);
  expect(zip.includes(Buffer.from("manifest.json"))).toBe(true);

  // Retrain as a dry run; the run's page shows its warnings and, when done, its curves.
  await admin.goto("/admin/recognizer/trainingrun/start/");
  await expect(admin.getByText(/held-out drawing\(s\) to test on/)).toBeVisible();
  await admin.getByLabel("Epochs").fill("2");
  await admin.getByLabel("Dry run").check();
  await admin.getByRole("button", { name: "Start training" }).click();
  await admin.locator("#result_list tbody tr th a, #result_list tbody tr td a").first().click();
  await expect(async () => {
    await admin.reload();
    await expect(admin.locator(".field-status .readonly")).toHaveText("succeeded", { timeout: 1000 });
  }).toPass({ timeout: 180_000, intervals: [2000] });
  await expect(admin.getByRole("img", { name: "loss and accuracy per epoch" })).toBeVisible();
  await expect(admin.getByText(/A dry run: a few batches per epoch/)).toBeVisible();
  await admin.screenshot({ path: `${SCREENSHOTS}/admin-training-run.png`, fullPage: true });

  // The dry run is marked and kept out of the default list of versions.
  await admin.goto("/admin/recognizer/modelversion/");
  await expect(admin.locator("#result_list")).not.toContainText("retrain-");
  await admin.goto("/admin/recognizer/modelversion/?kind=dry");
  await expect(admin.locator("#result_list .dry-run")).toHaveCount(1);
  await admin.getByRole("link", { name: "compare" }).click();

  // The comparison: the same data for both, and no way to activate a dry run.
  await expect(admin.getByTestId("score-row")).toHaveCount(4);
  await expect(admin.getByTestId("score-row").nth(1)).toContainText("real-pen test writers");
  await expect(admin.getByTestId("score-row").first()).toContainText("10,000");
  await expect(admin.getByTestId("activation-refused")).toBeVisible();
  await expect(admin.locator("#activate-form")).toHaveCount(0);
  await admin.screenshot({ path: `${SCREENSHOTS}/admin-compare-dry-run.png`, fullPage: true });
  const refused = await admin.evaluate(async () => {
    const form = new FormData();
    form.set("csrfmiddlewaretoken", (document.querySelector("[name=csrfmiddlewaretoken]") as HTMLInputElement)?.value ?? "");
    form.set("confirm", "yes");
    form.set("reason", "trying anyway");
    return (await fetch(window.location.pathname, { method: "POST", body: form, credentials: "same-origin" })).status;
  });
  expect(refused).toBe(400);
  const active = await admin.request.get("/api/v1/health/").then((r) => r.json());
  expect(active.model_version).not.toContain("retrain-");
  await admin.context().close();
});
