import { expect, test, type Locator, type Page } from "@playwright/test";

// The interactive API documentation (Swagger UI at /api/docs/): "Try it out" works as offered.

async function tryOut(page: Page, operationId: string): Promise<Locator> {
  await page.goto("/api/docs/");
  const operation = page.locator(`#operations-api-${operationId}`);
  await operation.locator(".opblock-summary").click();
  await operation.getByRole("button", { name: "Try it out" }).click();
  return operation;
}

/** Execute the operation; returns the status Swagger UI shows and the JSON body. */
async function execute(operation: Locator): Promise<{ status: string; body: { id: number; digit: number } }> {
  await operation.getByRole("button", { name: "Execute" }).click();
  const response = operation.locator(".live-responses-table tr.response");
  await expect(response.locator(".response-col_status")).toHaveText(/^\d{3}$/);
  return {
    status: await response.locator(".response-col_status").innerText(),
    body: JSON.parse(await response.locator(".microlight").first().innerText()),
  };
}

async function listedIds(page: Page): Promise<number[]> {
  const listed = await (await page.request.get("/api/v1/recognitions/")).json();
  return listed.results.map((drawing: { id: number }) => drawing.id);
}

test("the JSON example of POST /api/v1/recognitions/ is recognised as sent (201)", async ({ page }) => {
  const operation = await tryOut(page, "api_v1_recognitions_create");
  await expect(operation.locator(".opblock-description-wrapper").first()).toContainText("Recognise a drawn digit");
  await expect(operation.locator("textarea.body-param__text")).toHaveValue(/"image_data": "data:image\/png;base64,/);
  const { status, body } = await execute(operation);
  expect(status).toBe("201");
  expect(body.digit).toBe(7);
  expect(await listedIds(page)).toContain(body.id); // stored as this browser's drawing
});

test("a file chosen in the multipart form of POST /api/v1/recognitions/ is recognised (201)", async ({ page }) => {
  const operation = await tryOut(page, "api_v1_recognitions_create");
  await operation.locator(".body-param-content-type select").selectOption("multipart/form-data");
  // The JSON example's image, as a file.
  const example = await (await page.request.get("/api/schema/?format=json")).json();
  const post = example.paths["/api/v1/recognitions/"].post;
  const dataUrl: string = post.requestBody.content["application/json"].examples.DrawnSeven.value.image_data;
  const buffer = Buffer.from(dataUrl.split(",")[1], "base64");
  await operation.locator('input[type="file"]').setInputFiles({ name: "seven.png", mimeType: "image/png", buffer });
  const { status, body } = await execute(operation);
  expect(status).toBe("201");
  expect(body.digit).toBe(7);
  expect(await listedIds(page)).toContain(body.id);
});
