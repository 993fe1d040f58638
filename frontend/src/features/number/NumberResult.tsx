import { useState } from "react";
import { errorMessage } from "../../i18n/errors";
import { useI18n } from "../../i18n/I18n";
import { asApiError, type ApiError, type Feedback, type NumberPreview, type NumberReading } from "../../lib/api";
import { wholePercent } from "../../lib/probabilities";
import { ConfirmDelete } from "../drawing/ConfirmDelete";
import { FeedbackButtons } from "../drawing/FeedbackButtons";
import { PendingResult } from "../drawing/PendingResult";
import type { Reading } from "../drawing/Workspace";

export type NumberAnswer = Reading<NumberReading, NumberPreview>;

/** Boxes around the digits found, over the canvas (the SVG scales the image's pixels to it). */
export function DigitBoxes({ reading }: { reading: NumberPreview }) {
  return (
    <svg
      className="digit-boxes"
      viewBox={`0 0 ${reading.width} ${reading.height}`}
      preserveAspectRatio="none"
      aria-hidden="true"
      data-testid="digit-boxes"
    >
      {reading.digits.map((digit, index) => (
        <g key={index} className={digit.uncertain ? "digit-box uncertain" : "digit-box"}>
          <rect
            x={digit.box.left}
            y={digit.box.top}
            width={digit.box.right - digit.box.left}
            height={digit.box.bottom - digit.box.top}
          />
          <text x={digit.box.left + 4} y={Math.max(digit.box.top - 6, 20)}>
            {digit.digit}
          </text>
        </g>
      ))}
    </svg>
  );
}

interface Props {
  reading: NumberAnswer;
  /** What the drawer said of each stored digit, by the digit's drawing id. */
  corrections?: ReadonlyMap<number, Feedback>;
  onCorrect?: (digitId: number, feedback: Feedback) => Promise<void>;
  onDelete?: (id: number) => Promise<void>;
  numberUrl?: (id: number) => string;
}

/** The number read, each digit with how sure the network is of it; a stored one can be corrected. */
export function NumberResult({ reading, corrections = new Map(), onCorrect, onDelete, numberUrl }: Props) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  if (reading.source === "stored" && reading.state.status !== "done") {
    return <PendingResult state={reading.state} blank="errorBlankNumber" />;
  }
  const stored = reading.source === "stored" && reading.state.status === "done" ? reading.state.result : null;
  const result: NumberPreview = stored ?? (reading as { result: NumberPreview }).result;
  // Only a stored digit, still on the canvas, can be corrected: it has a drawing to label.
  const correctable = stored !== null && !reading.stale && onCorrect !== undefined;
  const chosenDigit = stored?.digits.find((digit) => digit.id === chosen);
  const chosenSaid = chosenDigit && corrections.get(chosenDigit.id);
  return (
    <section
      className={stored ? "result" : "result live"}
      aria-live="polite"
      data-number-id={stored?.id}
      data-testid={stored ? "stored-result" : "live-result"}
    >
      {stored ? (
        <p className="result-source">
          <a href={numberUrl?.(stored.id)} target="_blank" rel="noreferrer">
            {t("storedNumberAs", { id: stored.id })}
          </a>
        </p>
      ) : (
        <p className="result-source live-note">{t("live")}</p>
      )}
      <p className="result-caption">{result.uncertain ? t("numberNotSure") : t("numberResult")}</p>
      <p className="result-number" data-testid="result-number">
        {result.number}
      </p>
      <p className="result-caption" id="number-digits-caption">
        {correctable ? t("numberDigitsTap") : t("numberDigits")}
      </p>
      <ol className="number-digits" aria-labelledby="number-digits-caption">
        {result.digits.map((digit, index) => {
          const id = stored?.digits[index].id;
          const said = id === undefined ? undefined : corrections.get(id);
          const content = (
            <>
              <span className="number-digit">{digit.digit}</span>
              {digit.not_a_digit && <span className="bar-value">{t("notADigitButton")}</span>}
              <span className="bar-value">{wholePercent(digit.confidence)}</span>
              {said && (
                <span className="history-label">
                  {"label" in said ? t("labelled", { digit: said.label }) : t("labelledNotADigit")}
                </span>
              )}
            </>
          );
          return (
            <li key={index} className={digit.uncertain || digit.not_a_digit ? "uncertain" : undefined}>
              {correctable && id !== undefined ? (
                <button
                  type="button"
                  className="digit-chip"
                  aria-pressed={chosen === id}
                  aria-label={t("correctDigit", { position: index + 1, digit: digit.digit })}
                  onClick={() => setChosen(chosen === id ? null : id)}
                >
                  {content}
                </button>
              ) : (
                <div className="digit-chip">{content}</div>
              )}
            </li>
          );
        })}
      </ol>
      {correctable && chosenDigit && (
        <FeedbackButtons
          label={chosenSaid && "label" in chosenSaid ? chosenSaid.label : null}
          notADigit={chosenSaid !== undefined && "not_a_digit" in chosenSaid}
          prompt={t("digitIsReally", { position: (chosenDigit.position ?? 0) + 1 })}
          disabled={false}
          onFeedback={(feedback) => {
            setError(null);
            onCorrect?.(chosenDigit.id, feedback).catch((failure) => setError(asApiError(failure)));
          }}
        />
      )}
      {error && (
        <p className="error" role="alert">
          {errorMessage(t, error)}
        </p>
      )}
      {stored && onDelete && !reading.stale && <ConfirmDelete label="deleteNumber" onDelete={() => onDelete(stored.id)} />}
    </section>
  );
}
