import { useEffect } from "react";
import { shortcutFor, type Shortcut } from "../../lib/shortcuts";

/** Listen for the page's keyboard shortcuts while mounted and run the action each names. */
export function useShortcuts(actions: Record<Shortcut, () => void>) {
  const { submit, clear, undo } = actions;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      const shortcut = shortcutFor(event, {
        inField: target.closest("input, textarea, select") !== null,
        onControl: target.closest("button, a") !== null,
      });
      if (!shortcut) return;
      ({ submit, clear, undo })[shortcut]();
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [submit, clear, undo]);
}
