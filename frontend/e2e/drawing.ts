// Stroke paths for digits, and drawing them on the canvas as a person would.
import type { Locator, Page } from "@playwright/test";

/** Strokes as lists of points in fractions of the canvas side. */
export type Digit = Array<Array<[number, number]>>;

export const SEVEN: Digit = [[[0.28, 0.22], [0.72, 0.22], [0.42, 0.82]]];
export const ONE: Digit = [[[0.52, 0.18], [0.5, 0.82]]];

/** A square cell on the screen that a digit's fractional points are drawn into. */
interface Cell {
  x: number;
  y: number;
  width: number;
}

/** Points every few pixels along each segment, as a real pointer reports them. */
function densify(points: Array<[number, number]>, cell: Cell, step = 6) {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < points.length - 1; i++) {
    const [ax, ay] = points[i];
    const [bx, by] = points[i + 1];
    const n = Math.max(1, Math.ceil((Math.hypot(bx - ax, by - ay) * cell.width) / step));
    for (let k = 0; k < n; k++) out.push([ax + ((bx - ax) * k) / n, ay + ((by - ay) * k) / n]);
  }
  out.push(points[points.length - 1]);
  return out.map(([fx, fy]) => [cell.x + fx * cell.width, cell.y + fy * cell.width] as [number, number]);
}

export async function drawWithMouse(page: Page, canvas: Locator, digit: Digit) {
  await drawInCell(page, (await canvas.boundingBox())!, digit);
}

/** Digits side by side on a wide canvas, each in a square cell as high as the canvas, cells
 * `spacing` canvas heights apart (small spacings make the digits' ink touch). */
export async function drawNumberWithMouse(page: Page, canvas: Locator, digits: Digit[], spacing = 0.7) {
  const box = (await canvas.boundingBox())!;
  for (const [index, digit] of digits.entries()) {
    await drawInCell(page, { x: box.x + box.height * (0.2 + spacing * index), y: box.y, width: box.height }, digit);
  }
}

async function drawInCell(page: Page, cell: Cell, digit: Digit) {
  for (const stroke of digit) {
    const [first, ...rest] = densify(stroke, cell);
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
