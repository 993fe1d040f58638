import { useI18n } from "../../i18n/I18n";
import { runnerUp } from "../../lib/probabilities";
import type { Feedback, Recognition } from "../../lib/api";
import { PendingResult } from "../drawing/PendingResult";
import type { SubmissionState } from "../drawing/useSubmission";
import { FeedbackButtons } from "./FeedbackButtons";
import { ProbabilityBars } from "./ProbabilityBars";

interface Props {
  state: SubmissionState<Recognition>;
  /** The drawing changed since this answer: it is shown dimmed and cannot be labelled. */
  stale?: boolean;
  onFeedback: (id: number, feedback: Feedback) => void;
}

/** The answer: the digit large, how sure the network is, its input, and a way to correct it. */
export function ResultPanel({ state, stale = false, onFeedback }: Props) {
  const { t } = useI18n();
  if (state.status !== "done") return <PendingResult state={state} />;
  const { result } = state;
  return (
    <section className="result" aria-live="polite" data-recognition-id={result.id}>
      {result.not_a_digit ? (
        <p className="result-verdict" data-testid="result-not-a-digit">
          {t("notADigit")}
        </p>
      ) : (
        <>
          <p className="result-caption">{result.uncertain ? t("notSure") : t("result")}</p>
          <p className="result-digit" data-testid="result-digit">
            {result.digit}
            {result.uncertain && (
              <span className="result-alternative">
                {" "}
                {t("or")} {runnerUp(result.probabilities)}
              </span>
            )}
          </p>
        </>
      )}
      <ProbabilityBars probabilities={result.probabilities} digit={result.digit} />
      <figure className="preview">
        <img src={result.preview} width={84} height={84} alt={t("preview")} />
        <figcaption>{t("preview")}</figcaption>
      </figure>
      <FeedbackButtons result={result} disabled={stale} onFeedback={(feedback) => onFeedback(result.id, feedback)} />
    </section>
  );
}
