import { describe, expect, it } from "vitest";
import { shortcutFor, type KeyPress } from "./shortcuts";

const key = (k: string, modifiers: Partial<KeyPress> = {}): KeyPress => ({ key: k, ctrlKey: false, metaKey: false, ...modifiers });
const page = { inField: false, onControl: false };

describe("shortcutFor", () => {
  it("recognises with Enter, clears with Escape, undoes with Backspace, Ctrl+Z or Cmd+Z", () => {
    expect(shortcutFor(key("Enter"), page)).toBe("submit");
    expect(shortcutFor(key("Escape"), page)).toBe("clear");
    expect(shortcutFor(key("Backspace"), page)).toBe("undo");
    expect(shortcutFor(key("z", { ctrlKey: true }), page)).toBe("undo");
    expect(shortcutFor(key("Z", { metaKey: true }), page)).toBe("undo");
    expect(shortcutFor(key("z"), page)).toBeNull();
  });

  it("leaves Enter to a focused button or link, and every key to a field being typed in", () => {
    expect(shortcutFor(key("Enter"), { inField: false, onControl: true })).toBeNull();
    expect(shortcutFor(key("Escape"), { inField: false, onControl: true })).toBe("clear");
    expect(shortcutFor(key("Backspace"), { inField: true, onControl: false })).toBeNull();
  });
});
