import { describe, expect, it } from "vitest";
import { belonging } from "./belonging";

describe("belonging", () => {
  it("keeps a lone drawing to itself", () => {
    expect(belonging({ id: 4, number: null, position: null })).toEqual({ kind: "drawing", id: 4 });
  });

  it("gives a number's digit its number and counts digits from 1, as people do", () => {
    expect(belonging({ id: 12, number: 5, position: 0 })).toEqual({ kind: "number", id: 5, digit: 1 });
    expect(belonging({ id: 13, number: 5, position: 2 })).toEqual({ kind: "number", id: 5, digit: 3 });
  });
});
