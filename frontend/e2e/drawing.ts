// Stroke paths for digits, and drawing them on the canvas as a person would.
import type { Locator, Page } from "@playwright/test";

/** Strokes as lists of points in fractions of the canvas side. */
export type Digit = Array<Array<[number, number]>>;

export const SEVEN: Digit = [[[0.28, 0.22], [0.72, 0.22], [0.42, 0.82]]];
export const ONE: Digit = [[[0.52, 0.18], [0.5, 0.82]]];

/** Points every few pixels along each segment, as a real pointer reports them. */
function densify(points: Array<[number, number]>, box: { x: number; y: number; width: number }, step = 6) {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < points.length - 1; i++) {
    const [ax, ay] = points[i];
    const [bx, by] = points[i + 1];
    const n = Math.max(1, Math.ceil((Math.hypot(bx - ax, by - ay) * box.width) / step));
    for (let k = 0; k < n; k++) out.push([ax + ((bx - ax) * k) / n, ay + ((by - ay) * k) / n]);
  }
  out.push(points[points.length - 1]);
  return out.map(([fx, fy]) => [box.x + fx * box.width, box.y + fy * box.width] as [number, number]);
}

export async function drawWithMouse(page: Page, canvas: Locator, digit: Digit) {
  const box = (await canvas.boundingBox())!;
  for (const stroke of digit) {
    const [first, ...rest] = densify(stroke, box);
    await page.mouse.move(...first);
    await page.mouse.down();
    for (const point of rest) await page.mouse.move(...point);
    await page.mouse.up();
  }
}

/** Real touch input through the DevTools protocol: Chromium turns it into touch pointer events. */
export async function drawWithTouch(page: Page, canvas: Locator, digit: Digit) {
  const box = (await canvas.boundingBox())!;
  const cdp = await page.context().newCDPSession(page);
  for (const stroke of digit) {
    const [first, ...rest] = densify(stroke, box);
    await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x: first[0], y: first[1] }] });
    for (const [x, y] of rest) {
      await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x, y }] });
    }
    await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  }
  await cdp.detach();
}
