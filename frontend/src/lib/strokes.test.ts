import { describe, expect, it } from "vitest";
import { compactStrokes, penWidth, scaleStrokes, strokesReducer, type Stroke } from "./strokes";

describe("strokesReducer", () => {
  it("begins a new stroke at each pen-down and extends only the last one", () => {
    let strokes: Stroke[] = [];
    strokes = strokesReducer(strokes, { type: "begin", point: [1, 1, 0] });
    strokes = strokesReducer(strokes, { type: "extend", points: [[2, 2, 5], [3, 3, 9]] });
    strokes = strokesReducer(strokes, { type: "begin", point: [9, 9, 20] });
    strokes = strokesReducer(strokes, { type: "extend", points: [[8, 8, 25]] });
    expect(strokes).toEqual([
      [[1, 1, 0], [2, 2, 5], [3, 3, 9]],
      [[9, 9, 20], [8, 8, 25]],
    ]);
  });

  it("ignores movement before any pen-down", () => {
    expect(strokesReducer([], { type: "extend", points: [[1, 1, 0]] })).toEqual([]);
  });

  it("undo removes the last stroke and clear removes all", () => {
    const two: Stroke[] = [[[0, 0, 0]], [[5, 5, 5]]];
    expect(strokesReducer(two, { type: "undo" })).toEqual([[[0, 0, 0]]]);
    expect(strokesReducer([], { type: "undo" })).toEqual([]);
    expect(strokesReducer(two, { type: "clear" })).toEqual([]);
  });

  it("never mutates the previous state", () => {
    const before: Stroke[] = [[[0, 0, 0]]];
    const frozen = JSON.stringify(before);
    strokesReducer(before, { type: "extend", points: [[1, 1, 1]] });
    strokesReducer(before, { type: "undo" });
    expect(JSON.stringify(before)).toBe(frozen);
  });
});

describe("stroke helpers", () => {
  it("pen width is about a fourteenth of the canvas, never thinner than 4 px", () => {
    expect(penWidth(280)).toBe(20);
    expect(penWidth(420)).toBe(30);
    expect(penWidth(20)).toBe(4);
  });

  it("scales coordinates but keeps times", () => {
    expect(scaleStrokes([[[10, 20, 7]]], 100, 280)).toEqual([[[28, 56, 7]]]);
  });

  it("rounds coordinates to tenths and times to milliseconds", () => {
    expect(compactStrokes([[[1.234, 5.678, 9.6]]])).toEqual([[[1.2, 5.7, 10]]]);
  });
});
