import { useI18n } from "../../i18n/I18n";
import type { NumberReading } from "../../lib/api";
import { wholePercent } from "../../lib/probabilities";
import { PendingResult } from "../drawing/PendingResult";
import type { SubmissionState } from "../drawing/useSubmission";

/** Boxes around the digits found, over the canvas (the SVG scales the image's pixels to it). */
export function DigitBoxes({ reading }: { reading: NumberReading }) {
  return (
    <svg
      className="digit-boxes"
      viewBox={`0 0 ${reading.width} ${reading.height}`}
      preserveAspectRatio="none"
      aria-hidden="true"
      data-testid="digit-boxes"
    >
      {reading.digits.map((digit) => (
        <g key={digit.id} className={digit.uncertain ? "digit-box uncertain" : "digit-box"}>
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

/** The number read, how sure the network is of it, and each digit with its confidence. */
export function NumberResult({ state }: { state: SubmissionState<NumberReading> }) {
  const { t } = useI18n();
  if (state.status !== "done") return <PendingResult state={state} blank="errorBlankNumber" />;
  const { result } = state;
  return (
    <section className="result" aria-live="polite" data-number-id={result.id}>
      <p className="result-caption">{result.uncertain ? t("numberNotSure") : t("numberResult")}</p>
      <p className="result-number" data-testid="result-number">
        {result.number}
      </p>
      <p className="result-caption">{t("numberConfidence", { percent: wholePercent(result.confidence) })}</p>
      <ol className="number-digits" aria-label={t("numberDigits")}>
        {result.digits.map((digit) => (
          <li key={digit.id} className={digit.uncertain || digit.not_a_digit ? "uncertain" : undefined}>
            <span className="number-digit">{digit.digit}</span>
            {digit.not_a_digit && <span className="bar-value">{t("notADigitButton")}</span>}
            <span className="bar-value">{wholePercent(digit.confidence)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
