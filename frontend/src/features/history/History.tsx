import { useEffect, useRef, type ReactNode } from "react";
import { errorMessage } from "../../i18n/errors";
import { useI18n } from "../../i18n/I18n";
import type { Feedback, Recognition } from "../../lib/api";
import { percent } from "../../lib/probabilities";
import { ConfirmDelete } from "../drawing/ConfirmDelete";
import { belonging } from "./belonging";
import type { useHistory } from "./useHistory";

interface Props {
  history: ReturnType<typeof useHistory>;
  /** An opened drawing's answer, as the page shows a fresh one (with its feedback buttons). */
  renderOpened: (item: Recognition, onFeedback: (id: number, feedback: Feedback) => void) => ReactNode;
}

/** This browser's past drawings, newest first, a page at a time; each opens to relabel or delete. */
export function History({ history, renderOpened }: Props) {
  const { t } = useI18n();
  const { data, page, pages, setPage, imageUrl, opened, open } = history;
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
                <button type="button" className="history-card" onClick={() => open(item)} aria-haspopup="dialog">
                  <img src={imageUrl(item)} width={56} height={56} alt="" loading="lazy" />
                  <span>
                    {item.not_a_digit
                      ? t("notADigit")
                      : t("predicted", { digit: item.digit, percent: percent(item.confidence) })}
                  </span>
                  {item.label !== null && <span className="history-label">{t("labelled", { digit: item.label })}</span>}
                  {item.drawer_not_a_digit && <span className="history-label">{t("labelledNotADigit")}</span>}
                  <PartOfNumber item={item} />
                  <span className="visually-hidden">{t("openDrawing", { id: item.id })}</span>
                </button>
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
      {opened && <OpenedDrawing history={history} item={opened} renderOpened={renderOpened} />}
    </section>
  );
}

/** A past drawing in a dialog: the drawing, its answer and feedback, and Delete (a number's digit: of the whole number). */
function OpenedDrawing({ history, item, renderOpened }: Props & { item: Recognition }) {
  const { t, language } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const { open, feedback, remove, imageUrl, error } = history;
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal?.();
  }, []);
  const target = belonging(item);
  const created = new Date(item.created_at).toLocaleString(language === "zh" ? "zh-CN" : "en");
  return (
    <dialog ref={dialog} className="opened" aria-labelledby="opened-title" onClose={() => open(null)} data-id={item.id}>
      <header className="opened-header">
        <h3 id="opened-title">{t("drawingTitle", { id: item.id })}</h3>
        <button type="button" className="close" aria-label={t("close")} onClick={() => open(null)}>
          ×
        </button>
      </header>
      <p className="result-caption">{created}</p>
      {target.kind === "number" && (
        <p className="opened-number">
          <PartOfNumber item={item} />
        </p>
      )}
      <img className="opened-drawing" src={imageUrl(item)} width={140} height={140} alt={t("yourDrawing")} />
      {renderOpened(item, feedback)}
      {error && (
        <p className="error" role="alert">
          {errorMessage(t, error)}
        </p>
      )}
      {target.kind === "number" ? (
        <ConfirmDelete
          key={item.id}
          label="deleteWholeNumber"
          question="deleteNumberQuestion"
          values={{ number: target.id }}
          onDelete={() => remove(target)}
        />
      ) : (
        <ConfirmDelete key={item.id} label="deleteDrawing" onDelete={() => remove(target)} />
      )}
    </dialog>
  );
}

/** "Digit k of number #N" for a number's digit; nothing for a lone drawing. */
function PartOfNumber({ item }: { item: Recognition }) {
  const { t } = useI18n();
  const target = belonging(item);
  if (target.kind !== "number") return null;
  return <span className="history-number">{t("digitOfNumber", { position: target.digit, number: target.id })}</span>;
}
