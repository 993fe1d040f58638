import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { ONE, SEVEN } from "./drawing";
import { recognise, staffPage } from "./steps";
import { zipEntries, zipFile } from "./zip";

// The learning loop as staff walk it against the real stack (serve.sh: gunicorn, the real model,
// SQLite, the task worker): review with keys, export Parquet, retrain a dry run, compare it with
// the active version, and see that a dry run cannot be activated. The database may already hold
// other tests' drawings, so the test only counts what it made itself.
const SCREENSHOTS = "../test-output/screenshots";

/** On the review page showing drawing `id`, press `key`; the page must stay the same document. */
async function reviewWithKey(admin: Page, id: string, key: string, queue = "") {
  await admin.goto(`/admin/recognizer/drawing/review/?${queue}id=${id}`);
  const shown = admin.locator("#review-form input[name=drawing]");
  await expect(shown).toHaveValue(id);
  // A full page load would drop this marker; the review page swaps in the next drawing instead.
  await admin.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  await admin.keyboard.press(key);
  await expect(admin.getByText(`Last reviewed: #${id}`)).toBeVisible();
  expect(await admin.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  return shown;
}

test("staff walk the loop: review with keys, export Parquet, retrain a dry run, compare, refused activation", async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  await page.goto("/");
  const suggested = await recognise(page, SEVEN);
  await page.getByRole("button", { name: "I meant 1" }).click();
  await expect(page.getByRole("status")).toHaveText("Thanks! Saved as 1.");
  const confirmed = await recognise(page, ONE);
  const labelled = await recognise(page, SEVEN);
  await recognise(page, ONE); // left unreviewed: there is always a next drawing in the queue
  const ours = [suggested, confirmed, labelled];

  const admin = await staffPage(browser, { width: 1280, height: 900 });
  const stored = (id: string) => admin.request.get(`/api/v1/recognitions/${id}/`).then((r) => r.json());
  const serving = (await (await admin.request.get("/api/v1/health/")).json()).model_version;
  expect(serving).toBeTruthy();

  // The unreviewed queue: Enter confirms the prediction, a digit labels; the next drawing comes
  // into the same page.
  let shown = await reviewWithKey(admin, confirmed, "Enter");
  await expect(shown).not.toHaveValue(confirmed);
  await expect(admin.getByTestId("status")).toHaveText(/^unreviewed$/i);
  expect(await stored(confirmed)).toMatchObject({ label: 1, label_source: "staff", status: "confirmed" });
  shown = await reviewWithKey(admin, labelled, "7");
  await expect(shown).not.toHaveValue(labelled);
  const seven = await stored(labelled);
  const verdict = seven.digit === 7 ? "confirmed" : "corrected";
  expect(seven).toMatchObject({ label: 7, label_source: "staff", status: verdict });

  // The drawers' suggestions queue: A accepts the drawer's answer.
  await admin.goto(`/admin/recognizer/drawing/review/?queue=suggestions&id=${suggested}`);
  await expect(admin.getByTestId("suggestion")).toHaveText("The drawer says: 1");
  await admin.screenshot({ path: `${SCREENSHOTS}/admin-suggestions.png`, fullPage: true });
  await reviewWithKey(admin, suggested, "a", "queue=suggestions&");
  expect(await stored(suggested)).toMatchObject({ label: 1, label_source: "staff", status: "corrected" });

  // The list says whose label each is and filters by it; export exactly our three as Parquet.
  await admin.goto("/admin/recognizer/drawing/?label_source__exact=staff");
  for (const id of ours) {
    const row = admin.locator("#result_list tbody tr").filter({ has: admin.locator(`input[value="${id}"]`) });
    await expect(row.locator(".provenance")).toHaveText("staff");
    await row.locator("input[name=_selected_action]").check();
  }
  await expect(admin.locator("#result_list .provenance", { hasText: "drawer" })).toHaveCount(0);
  await admin.screenshot({ path: `${SCREENSHOTS}/admin-drawings-staff.png`, fullPage: true });
  await admin.locator("select[name=action]").selectOption("export_parquet");
  const [download] = await Promise.all([
    admin.waitForEvent("download"),
    admin.getByRole("button", { name: "Go" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("digitsite-parquet.zip");
  const zip = readFileSync((await download.path())!);
  expect([...zipEntries(zip).keys()].sort()).toEqual(["manifest.json", "test.parquet", "train.parquet"]);
  const manifest = JSON.parse(zipFile(zip, "manifest.json").toString("utf8"));
  expect(manifest).toMatchObject({ format: "parquet", datasheet: { drawings: 3, per_label_source: { staff: 3 } } });
  for (const name of ["train.parquet", "test.parquet"]) {
    const bytes = zipFile(zip, name);
    expect(bytes.subarray(0, 4).toString()).toBe("PAR1");
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    expect(manifest.files[name]).toEqual({ sha256, bytes: bytes.length });
  }

  // Retrain a dry run; the worker beside the server runs it, and its page (refreshing itself
  // while the run goes) ends with the curves and the dry-run warning.
  await admin.goto("/admin/recognizer/trainingrun/start/");
  const split = async (id: string) => Number(await admin.getByTestId(id).textContent());
  expect((await split("train-count")) + (await split("test-count"))).toBeGreaterThanOrEqual(3);
  await admin.getByLabel("Epochs").fill("2");
  await admin.getByLabel("Dry run").check();
  await admin.getByRole("button", { name: "Start training" }).click();
  const queued = admin.locator(".messagelist").getByText(/Queued training run \d+/);
  await expect(queued).toBeVisible();
  const run = /Queued training run (\d+)/.exec((await queued.textContent())!)![1];
  await admin.goto(`/admin/recognizer/trainingrun/${run}/change/`);
  const status = admin.locator(".field-status .readonly");
  await expect(status).toHaveText(/^(succeeded|failed)$/i, { timeout: 240_000 });
  const message = await admin.locator(".field-message .readonly").textContent();
  expect((await status.textContent())!.toLowerCase(), `the run failed: ${message}`).toBe("succeeded");
  const curve = admin.getByRole("img", { name: "loss and accuracy per epoch" });
  await expect(curve).toBeVisible();
  await expect.poll(() => curve.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(800);
  await expect(admin.getByText(/A dry run: a few batches per epoch/)).toBeVisible();
  await admin.screenshot({ path: `${SCREENSHOTS}/admin-training-run.png`, fullPage: true });
  const produced = admin.locator(".field-version .readonly");
  await expect(produced).toHaveText(new RegExp(`^retrain-${run}-[0-9a-f]{8} \\(dry run\\)$`));
  const version = (await produced.textContent())!.split(" ")[0];

  // The dry run is marked and kept out of the default list of versions.
  await admin.goto("/admin/recognizer/modelversion/");
  await expect(admin.locator("#result_list")).toBeVisible();
  await expect(admin.locator("#result_list")).not.toContainText(version);
  await admin.goto("/admin/recognizer/modelversion/?kind=all");
  await admin.screenshot({ path: `${SCREENSHOTS}/admin-versions.png`, fullPage: true });
  await admin.goto("/admin/recognizer/modelversion/?kind=dry");
  const row = admin.locator("#result_list tbody tr", { hasText: version });
  await expect(row.locator(".dry-run")).toHaveText("dry run");
  await row.getByRole("link", { name: "compare" }).click();
  await admin.waitForURL(/\/compare\/$/); // both checkpoints on 10,000 MNIST digits: seconds

  // The comparison: the same data for both, and no way to activate a dry run.
  await expect(admin.getByRole("heading", { name: `Compare ${version} with the active version` })).toBeVisible();
  await expect(admin.getByTestId("dry-run")).toBeVisible();
  const scores = admin.getByTestId("score-row");
  await expect(scores).toHaveCount(4);
  await expect(scores.nth(0)).toContainText("MNIST test set10,000");
  await expect(scores.nth(1)).toContainText("real-pen test writers");
  await expect(scores.nth(2)).toContainText("held-out reviewed drawings");
  await expect(scores.nth(3)).toContainText("all reviewed drawings");
  // Every accuracy is measured for both versions, except on held-out drawings when none of the
  // reviewed drawings fell into the test split (10% of them, by content hash): then "—", never 0%.
  for (const index of [0, 1, 2, 3]) {
    const cells = scores.nth(index).locator("td");
    const empty = index === 2 && (await cells.nth(1).textContent()) === "0";
    for (const column of [2, 3]) await expect(cells.nth(column)).toHaveText(empty ? "—" : /^\d+\.\d+%$/);
  }
  await expect(admin.getByTestId("activation-refused")).toBeVisible();
  await expect(admin.locator("#activate-form")).toHaveCount(0);
  // This picture is docs/comparison.png (the README shows it): copy it there when the page changes.
  await admin.screenshot({ path: `${SCREENSHOTS}/admin-compare-dry-run.png`, fullPage: true });

  // Even a hand-made activation request (with a valid CSRF token) is refused.
  const csrf = (await admin.context().cookies()).find((c) => c.name === "csrftoken")!.value;
  const refused = await admin.request.post(admin.url(), {
    form: { csrfmiddlewaretoken: csrf, confirm: "yes", reason: "trying anyway" },
    headers: { Referer: admin.url() },
    maxRedirects: 0,
  });
  expect(refused.status()).toBe(400);
  expect(await refused.text()).toContain("A dry run cannot be activated");
  expect((await (await admin.request.get("/api/v1/health/")).json()).model_version).toBe(serving);
  await admin.goto("/admin/recognizer/activation/");
  await expect(admin.locator("#content")).not.toContainText(version);
  await admin.screenshot({ path: `${SCREENSHOTS}/admin-activations.png`, fullPage: true });
  await admin.context().close();
});
