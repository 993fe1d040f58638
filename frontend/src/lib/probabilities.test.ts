import { describe, expect, it } from "vitest";
import { percent, runnerUp, wholePercent } from "./probabilities";

describe("probabilities in words", () => {
  it("shows a tenth of a percent except near certain and near zero", () => {
    expect(percent(0.98)).toBe("98.0%");
    expect(percent(0.9712)).toBe("97.1%");
    expect(percent(0.996)).toBe("100%");
    expect(percent(0.0004)).toBe("0%");
  });

  it("rounds a number's digits to whole percentages", () => {
    expect(wholePercent(0.555)).toBe("56%");
    expect(wholePercent(0.6)).toBe("60%");
  });

  it("names the second most likely digit", () => {
    expect(runnerUp([0, 0, 0, 0, 0.55, 0, 0, 0, 0, 0.45])).toBe(9);
    expect(runnerUp([0.1, 0.7, 0.2, 0, 0, 0, 0, 0, 0, 0])).toBe(2);
  });
});
