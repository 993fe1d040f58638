import { useI18n } from "./I18n";
import type { Language } from "./messages";

/** The language menu; each language is named in itself, so anyone can find their own. */
export function LanguageSelect() {
  const { t, language, setLanguage } = useI18n();
  return (
    <label className="language">
      <span className="visually-hidden">{t("language")}</span>
      <select aria-label={t("language")} value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
        <option value="en">English</option>
        <option value="zh">简体中文</option>
      </select>
    </label>
  );
}
