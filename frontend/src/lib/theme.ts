// The colour theme: the drawer's choice (light, dark, or the system's), kept in this browser.

export const THEMES = ["system", "light", "dark"] as const;
export type ThemeChoice = (typeof THEMES)[number];
export type Theme = "light" | "dark";

/** A saved choice, or "system" when nothing (or nothing valid) was saved. */
export function savedTheme(saved: string | null): ThemeChoice {
  return (THEMES as readonly string[]).includes(saved ?? "") ? (saved as ThemeChoice) : "system";
}

/** The theme to paint: the choice, or the system's when the choice is to follow it. */
export function resolveTheme(choice: ThemeChoice, systemDark: boolean): Theme {
  if (choice === "system") return systemDark ? "dark" : "light";
  return choice;
}
