import { useI18n } from "../../i18n/I18n";
import { runnerUp } from "../../lib/probabilities";
import type { Feedback, Recognition, RecognitionPreview } from "../../lib/api";
import { FeedbackButtons } from "../drawing/FeedbackButtons";
import { PendingResult } from "../drawing/PendingResult";
import type { Reading } from "../drawing/Workspace";
import { ProbabilityBars } from "./ProbabilityBars";

export type DigitReading = Reading<Recognition, RecognitionPreview>;

interface Props {
  /** A stored answer (labelled, linked to its drawing) or a live one (stored by Recognise). */
  reading: DigitReading;
  onFeedback: (id: number, feedback: Feedback) => void;
  /** Where a stored drawing's image is. */
  drawingUrl: (recognition: Recognition) => string;
}

/** The answer: the digit large, how sure the network is, its input, and a way to correct it. */
export function ResultPanel({ reading, onFeedback, drawingUrl }: Props) {
  const { t } = useI18n();
  if (reading.source === "stored" && reading.state.status !== "done") return <PendingResult state={reading.state} />;
  const stored = reading.source === "stored" && reading.state.status === "done" ? reading.state.result : null;
  const result: RecognitionPreview = stored ?? (reading as { result: RecognitionPreview }).result;
  return (
    <section
      className={stored ? "result" : "result live"}
      aria-live="polite"
      data-recognition-id={stored?.id}
      data-testid={stored ? "stored-result" : "live-result"}
    >
      {stored ? (
        <p className="result-source">
          <a href={drawingUrl(stored)} target="_blank" rel="noreferrer">
            {t("storedAs", { id: stored.id })}
          </a>
        </p>
      ) : (
        <p className="result-source live-note">{t("live")}</p>
      )}
      <div className="result-head">
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
      </div>
      {stored && (
        <FeedbackButtons
          label={stored.label}
          notADigit={stored.drawer_not_a_digit}
          prompt={t("wrong")}
          disabled={reading.stale}
          onFeedback={(feedback) => onFeedback(stored.id, feedback)}
        />
      )}
      <ProbabilityBars probabilities={result.probabilities} digit={result.digit} />
      <figure className="preview">
        <img src={result.preview} width={84} height={84} alt={t("preview")} />
        <figcaption>{t("preview")}</figcaption>
      </figure>
    </section>
  );
}
