import { describe, expect, it } from "vitest";
import { resolveTheme, savedTheme } from "./theme";

describe("theme", () => {
  it("starts from a saved choice, and follows the system when none (or a bad one) is saved", () => {
    expect(savedTheme("dark")).toBe("dark");
    expect(savedTheme("light")).toBe("light");
    expect(savedTheme(null)).toBe("system");
    expect(savedTheme("purple")).toBe("system");
  });

  it("paints the chosen theme whatever the system says, or the system's when following it", () => {
    expect(resolveTheme("light", true)).toBe("light");
    expect(resolveTheme("dark", false)).toBe("dark");
    expect(resolveTheme("system", true)).toBe("dark");
    expect(resolveTheme("system", false)).toBe("light");
  });
});
