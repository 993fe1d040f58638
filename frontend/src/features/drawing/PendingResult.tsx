import { errorMessage } from "../../i18n/errors";
import { useI18n } from "../../i18n/I18n";
import type { MessageKey } from "../../i18n/messages";
import type { ApiError } from "../../lib/api";

/** A submission that has no answer to show: not sent, on its way, or failed. */
export type Pending = { status: "idle" } | { status: "working" } | { status: "error"; error: ApiError };

/** The result area before an answer: empty, "reading…", or the error in words. */
export function PendingResult({ state, blank }: { state: Pending; blank?: MessageKey }) {
  const { t } = useI18n();
  if (state.status === "idle") return <section className="result" aria-live="polite" />;
  if (state.status === "working") {
    return (
      <section className="result" aria-live="polite" aria-busy="true">
        <p>{t("working")}</p>
      </section>
    );
  }
  return (
    <section className="result" aria-live="polite">
      <p className="error" role="alert">
        {errorMessage(t, state.error, blank)}
      </p>
    </section>
  );
}
