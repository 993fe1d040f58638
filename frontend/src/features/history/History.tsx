import { useI18n } from "../../i18n/I18n";
import { percent } from "../../lib/probabilities";
import type { useHistory } from "./useHistory";

/** This browser's past drawings, newest first, a page at a time. */
export function History({ history }: { history: ReturnType<typeof useHistory> }) {
  const { t } = useI18n();
  const { data, page, pages, setPage, imageUrl } = history;
  return (
    <section className="history" aria-labelledby="history-title">
      <h2 id="history-title">{t("history")}</h2>
      {!data || data.count === 0 ? (
        <p>{t("noHistory")}</p>
      ) : (
        <>
          <ul className="history-list">
            {data.results.map((item) => (
              <li key={item.id} data-testid="history-item" data-id={item.id}>
                <img src={imageUrl(item)} width={56} height={56} alt="" loading="lazy" />
                <span>
                  {item.not_a_digit ? t("notADigit") : t("predicted", { digit: item.digit, percent: percent(item.confidence) })}
                </span>
                {item.label !== null && <span className="history-label">{t("labelled", { digit: item.label })}</span>}
                {item.drawer_not_a_digit && <span className="history-label">{t("labelledNotADigit")}</span>}
              </li>
            ))}
          </ul>
          <nav className="pager" aria-label={t("history")}>
            <button type="button" onClick={() => setPage(page - 1)} disabled={page <= 1}>
              {t("previous")}
            </button>
            <span>{t("page", { page, pages })}</span>
            <button type="button" onClick={() => setPage(page + 1)} disabled={page >= pages}>
              {t("next")}
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
