import { useI18n } from "../../i18n/I18n";
import { usePrivacy } from "./usePrivacy";

/** What is kept of a drawing, why, for how long, and how to delete it: in plain words. */
export function PrivacyNote() {
  const { t } = useI18n();
  const privacy = usePrivacy();
  let kept = t("privacyKeptUnknown");
  if (privacy) {
    kept = privacy.retention_days === null ? t("privacyKeptForever") : t("privacyKeptDays", { days: privacy.retention_days });
  }
  return (
    <section className="privacy" aria-labelledby="privacy-title" data-testid="privacy-note">
      <h2 id="privacy-title">{t("privacyTitle")}</h2>
      <ul>
        <li>{t("privacyWhat")}</li>
        <li>{t("privacyWhy")}</li>
        <li data-testid="privacy-kept">{kept}</li>
        <li>{t("privacyDelete")}</li>
      </ul>
    </section>
  );
}
