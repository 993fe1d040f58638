import { useEffect } from "react";
import { shortcutFor, type Shortcut } from "../../lib/shortcuts";

/** Listen for the page's keyboard shortcuts while mounted and run the action each names. */
export function useShortcuts({ submit, clear, undo }: Record<Shortcut, () => void>) {
  useEffect(() => {
    const actions: Record<Shortcut, () => void> = { submit, clear, undo };
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      // An open dialog (a past drawing) has the keys: Esc closes it, it never clears the canvas.
      if (target.closest("dialog") !== null || document.querySelector("dialog[open]") !== null) return;
      const shortcut = shortcutFor(event, {
        inField: target.closest("input, textarea, select") !== null,
        onControl: target.closest("button, a") !== null,
      });
      if (!shortcut) return;
      actions[shortcut]();
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [submit, clear, undo]);
}
