// What several browser tests do: sign in to the admin, draw and recognise a digit.
import { expect, type Browser, type Page } from "@playwright/test";
import { drawWithMouse, type Digit } from "./drawing";

/** A new browser context logged in to the admin as the staff user serve.sh creates. */
export async function staffPage(browser: Browser, viewport?: { width: number; height: number }): Promise<Page> {
  const admin = await (await browser.newContext(viewport ? { viewport } : {})).newPage();
  await admin.goto("/admin/login/?next=/admin/");
  await admin.getByLabel("Username").fill("e2e-staff");
  await admin.getByLabel("Password").fill("e2e-staff-password");
  await admin.getByRole("button", { name: /log in/i }).click();
  await expect(admin.getByRole("link", { name: "Drawings" })).toBeVisible();
  return admin;
}

/** Draw and recognise a digit on the page; returns the stored drawing's id. */
export async function recognise(page: Page, digit: Digit): Promise<string> {
  const result = page.locator("[data-recognition-id]");
  await page.getByRole("button", { name: "Clear" }).click(); // also clears the previous result
  await expect(result).toHaveCount(0);
  await drawWithMouse(page, page.getByRole("img", { name: /drawing area/i }), digit);
  await page.getByRole("button", { name: "Recognise" }).click();
  await expect(result).toBeVisible();
  return (await result.getAttribute("data-recognition-id"))!;
}
