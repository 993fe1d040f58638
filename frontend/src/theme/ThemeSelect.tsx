import { useI18n } from "../i18n/I18n";
import { THEMES, type ThemeChoice } from "../lib/theme";
import { useTheme } from "./Theme";

const NAMES = { system: "themeSystem", light: "themeLight", dark: "themeDark" } as const;

/** The theme menu: light, dark, or the system's. */
export function ThemeSelect() {
  const { t } = useI18n();
  const { choice, setChoice } = useTheme();
  return (
    <select aria-label={t("theme")} value={choice} onChange={(e) => setChoice(e.target.value as ThemeChoice)}>
      {THEMES.map((option) => (
        <option key={option} value={option}>
          {t(NAMES[option])}
        </option>
      ))}
    </select>
  );
}
