// Whether an answer still belongs to the drawing on the canvas: pure, so the page can never
// show (or label) the answer to an older drawing, nor store one drawing twice.
import type { Stroke } from "./strokes";

/** True when two drawings have the same strokes, point for point. */
export function sameDrawing(a: readonly Stroke[], b: readonly Stroke[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((stroke, i) => {
    const other = b[i];
    return stroke.length === other.length && stroke.every((p, k) => p.every((v, j) => v === other[k][j]));
  });
}

/**
 * True when an answer is shown for a drawing that the canvas no longer holds: a stroke was
 * added or undone since it was sent.
 */
export function isStale(answered: readonly Stroke[] | null, current: readonly Stroke[]): boolean {
  return answered !== null && !sameDrawing(answered, current);
}

/**
 * True unless `current` is the drawing already sent (and answered, or on its way): sending it
 * again would store the same drawing twice, so the page keeps the answer it has.
 */
export function needsSending(sent: readonly Stroke[] | null, current: readonly Stroke[]): boolean {
  return sent === null || !sameDrawing(sent, current);
}

/** Which answer the page shows, and whether the canvas changed since it was given. */
export type Shown = { source: "stored" | "live"; stale: boolean };

/**
 * The answer that belongs on the page: a stored answer to this very drawing first; else the
 * latest live reading (newer than any stored answer, since storing clears it); else the stored
 * answer (or its request, or error). `stale` is true when the canvas changed since that answer.
 */
export function shownAnswer(
  answered: readonly Stroke[] | null,
  live: readonly Stroke[] | null,
  current: readonly Stroke[],
): Shown {
  const storedFresh = answered !== null && !isStale(answered, current);
  if (!storedFresh && live !== null) return { source: "live", stale: isStale(live, current) };
  return { source: "stored", stale: isStale(answered, current) };
}
