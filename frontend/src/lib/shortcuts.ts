// The page's keyboard shortcuts, as data: which key press means which action.

export type Shortcut = "submit" | "clear" | "undo";

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
}

/** Where the key was pressed: typing in a field, or on a button or link. */
export interface KeyTarget {
  inField: boolean;
  onControl: boolean;
}

/** The shortcut a key press means, or null where the key keeps its own meaning. */
export function shortcutFor(press: KeyPress, target: KeyTarget): Shortcut | null {
  if (target.inField) return null; // typing keeps its own meaning
  // On a focused button or link, Enter presses it; the other shortcuts still apply.
  if (press.key === "Enter") return target.onControl ? null : "submit";
  if (press.key === "Escape") return "clear";
  if (press.key === "Backspace" || ((press.ctrlKey || press.metaKey) && press.key.toLowerCase() === "z")) return "undo";
  return null;
}
