import { describe, expect, it } from "vitest";
import { format, initialLanguage, messages } from "./messages";

describe("i18n", () => {
  it("starts from a saved choice, else the browser's first Chinese or English tag", () => {
    expect(initialLanguage("zh", ["en-US"])).toBe("zh");
    expect(initialLanguage(null, ["zh-CN", "en"])).toBe("zh");
    expect(initialLanguage(null, ["fr-FR", "en-GB", "zh"])).toBe("en");
    expect(initialLanguage(null, ["de"])).toBe("en");
  });

  it("has every English message in Chinese", () => {
    expect(Object.keys(messages.zh).sort()).toEqual(Object.keys(messages.en).sort());
  });

  it("fills placeholders", () => {
    expect(format("Digit {digit}: {percent}", { digit: 3, percent: "2%" })).toBe("Digit 3: 2%");
  });
});
