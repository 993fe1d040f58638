import { describe, expect, it } from "vitest";
import { isStale, needsSending, sameDrawing, shownAnswer } from "./answers";
import { strokesReducer, type Stroke } from "./strokes";

const seven: Stroke[] = [
  [
    [10, 10, 0],
    [50, 10, 30],
    [25, 60, 80],
  ],
];
const withOne = strokesReducer(seven, { type: "begin", point: [40, 5, 200] });

describe("answers and the drawing on the canvas", () => {
  it("compares drawings point for point, not by identity", () => {
    expect(sameDrawing(seven, structuredClone(seven))).toBe(true);
    expect(sameDrawing(seven, withOne)).toBe(false);
    const moved = structuredClone(seven);
    moved[0][2][1] = 61;
    expect(sameDrawing(seven, moved)).toBe(false);
  });

  it("marks an answer stale as soon as a stroke is added or undone, never without an answer", () => {
    expect(isStale(null, seven)).toBe(false);
    expect(isStale(seven, seven)).toBe(false);
    expect(isStale(seven, withOne)).toBe(true);
    expect(isStale(withOne, strokesReducer(withOne, { type: "undo" }))).toBe(true);
    // Undoing the stroke added after the answer brings back the drawing it answered.
    expect(isStale(seven, strokesReducer(withOne, { type: "undo" }))).toBe(false);
  });

  it("sends a drawing once: an unchanged canvas keeps the answer it has", () => {
    expect(needsSending(null, seven)).toBe(true);
    expect(needsSending(seven, structuredClone(seven))).toBe(false);
    expect(needsSending(seven, withOne)).toBe(true);
  });

  it("shows a stored answer to this drawing first, else the latest live reading, each stale once changed", () => {
    const undone = strokesReducer(withOne, { type: "undo" });
    // Nothing stored: the live reading, fresh while the canvas holds its drawing.
    expect(shownAnswer(null, seven, seven)).toEqual({ source: "live", stale: false });
    expect(shownAnswer(null, seven, withOne)).toEqual({ source: "live", stale: true });
    // A stored answer to this very drawing wins over a live one.
    expect(shownAnswer(seven, withOne, undone)).toEqual({ source: "stored", stale: false });
    // The drawing changed after it was stored, and nothing read live since: the stored one, stale.
    expect(shownAnswer(seven, null, withOne)).toEqual({ source: "stored", stale: true });
    // ...until the new drawing is read live.
    expect(shownAnswer(seven, withOne, withOne)).toEqual({ source: "live", stale: false });
    // No answer at all (idle, working or failed): the stored side, never stale.
    expect(shownAnswer(null, null, seven)).toEqual({ source: "stored", stale: false });
  });
});
