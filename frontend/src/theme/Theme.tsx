import { createContext, useCallback, useContext, useLayoutEffect, useMemo, useState, type ReactNode } from "react";
import { resolveTheme, savedTheme, type Theme, type ThemeChoice } from "../lib/theme";
import { useMediaQuery } from "./useMediaQuery";

interface ThemeState {
  choice: ThemeChoice;
  setChoice: (choice: ThemeChoice) => void;
  /** What is painted: the choice, or the system's theme. */
  theme: Theme;
}

const ThemeContext = createContext<ThemeState | null>(null);
const STORAGE_KEY = "digitsite.theme";

/** Holds the theme choice and paints it: `data-theme` on <html>, which the stylesheet follows. */
export function ThemeProvider({ children }: { children: ReactNode }) {
  const [choice, setChoiceState] = useState<ThemeChoice>(() => savedTheme(localStorage.getItem(STORAGE_KEY)));
  const systemDark = useMediaQuery("(prefers-color-scheme: dark)");
  const theme = resolveTheme(choice, systemDark);
  const setChoice = useCallback((next: ThemeChoice) => {
    localStorage.setItem(STORAGE_KEY, next);
    setChoiceState(next);
  }, []);
  // A layout effect: it runs before the children's effects, so the canvas redrawn for the new
  // theme reads the new ink colour, not the old one (dark ink on a dark canvas).
  useLayoutEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const value = useMemo(() => ({ choice, setChoice, theme }), [choice, setChoice, theme]);
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}

export function useTheme(): ThemeState {
  const context = useContext(ThemeContext);
  if (!context) throw new Error("useTheme must be used inside ThemeProvider");
  return context;
}
