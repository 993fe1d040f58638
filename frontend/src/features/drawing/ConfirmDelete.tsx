import { useState } from "react";
import { errorMessage } from "../../i18n/errors";
import { useI18n } from "../../i18n/I18n";
import type { MessageKey } from "../../i18n/messages";
import { asApiError, type ApiError } from "../../lib/api";

interface Props {
  /** What the first button says, e.g. "Delete this drawing". */
  label: MessageKey;
  /** What the confirm step asks (default "Delete it for good?"), e.g. naming what goes with it. */
  question?: MessageKey;
  /** Placeholders of `label` and `question`. */
  values?: Record<string, string | number>;
  /** Deletes for good; a failure is shown beside the buttons. */
  onDelete: () => Promise<void>;
}

/** Delete in two steps: the button asks first, and only "Yes, delete" deletes. */
export function ConfirmDelete({ label, question = "deleteQuestion", values, onDelete }: Props) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onDelete();
    } catch (failure) {
      setError(asApiError(failure));
      setAsking(false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="delete">
      {asking ? (
        <div className="delete-confirm" role="group" aria-label={t(question, values)}>
          <span>{t(question, values)}</span>
          <button type="button" className="danger" onClick={confirm} disabled={busy}>
            {t("deleteYes")}
          </button>
          <button type="button" onClick={() => setAsking(false)} disabled={busy}>
            {t("deleteNo")}
          </button>
        </div>
      ) : (
        <button type="button" className="danger-outline" onClick={() => setAsking(true)}>
          {t(label, values)}
        </button>
      )}
      {error && (
        <p className="error" role="alert">
          {errorMessage(t, error)}
        </p>
      )}
    </div>
  );
}
