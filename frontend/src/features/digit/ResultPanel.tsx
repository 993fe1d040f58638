import { useI18n } from "../../i18n/I18n";
import type { MessageKey } from "../../i18n/messages";
import type { RecognitionState } from "./useRecognition";
import type { ApiError } from "../../lib/api";
import { FeedbackButtons } from "./FeedbackButtons";
import { ProbabilityBars } from "./ProbabilityBars";

interface Props {
  state: RecognitionState;
  onFeedback: (id: number, label: number) => void;
}

const ERROR_MESSAGES: Record<string, MessageKey> = {
  blank_image: "errorBlank",
  network: "errorNetwork",
  throttled: "errorThrottled",
  too_many_digits: "errorTooManyDigits",
};

/** An API failure in words; `blank` says what to draw first in this mode. */
export function errorMessage(
  t: ReturnType<typeof useI18n>["t"],
  error: ApiError,
  blank: MessageKey = "errorBlank",
): string {
  if (error.code === "blank_image") return t(blank);
  const key = ERROR_MESSAGES[error.code];
  return key ? t(key) : t("errorGeneric", { detail: error.message });
}

type Pending = { status: "idle" } | { status: "working" } | { status: "error"; error: ApiError };

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

/** The answer: the digit large, how sure the network is, its input, and a way to correct it. */
export function ResultPanel({ state, onFeedback }: Props) {
  const { t } = useI18n();
  if (state.status !== "done") return <PendingResult state={state} />;
  const { result } = state;
  const runnerUp = result.probabilities
    .map((p, d) => [p, d] as const)
    .sort((a, b) => b[0] - a[0])[1][1];
  return (
    <section className="result" aria-live="polite" data-recognition-id={result.id}>
      <p className="result-caption">{result.uncertain ? t("notSure") : t("result")}</p>
      <p className="result-digit" data-testid="result-digit">
        {result.digit}
        {result.uncertain && (
          <span className="result-alternative">
            {" "}
            {t("or")} {runnerUp}
          </span>
        )}
      </p>
      <ProbabilityBars probabilities={result.probabilities} digit={result.digit} />
      <figure className="preview">
        <img src={result.preview} width={84} height={84} alt={t("preview")} />
        <figcaption>{t("preview")}</figcaption>
      </figure>
      <FeedbackButtons result={result} onFeedback={(label) => onFeedback(result.id, label)} />
    </section>
  );
}
