import { useI18n } from "../../i18n/I18n";
import type { Feedback, Recognition } from "../../lib/api";

interface Props {
  result: Recognition;
  disabled: boolean;
  onFeedback: (feedback: Feedback) => void;
}

/** "Wrong? Tell us what you meant": ten digits and "Not a digit", each labelling this drawing. */
export function FeedbackButtons({ result, disabled, onFeedback }: Props) {
  const { t } = useI18n();
  return (
    <div className="feedback">
      <p id="feedback-prompt">{t("wrong")}</p>
      <div className="feedback-buttons" role="group" aria-labelledby="feedback-prompt">
        {Array.from({ length: 10 }, (_, d) => (
          <button
            key={d}
            type="button"
            aria-label={t("meant", { digit: d })}
            aria-pressed={result.label === d}
            disabled={disabled}
            onClick={() => onFeedback({ label: d })}
          >
            {d}
          </button>
        ))}
        <button
          type="button"
          className="not-a-digit"
          aria-pressed={result.drawer_not_a_digit}
          disabled={disabled}
          onClick={() => onFeedback({ not_a_digit: true })}
        >
          {t("notADigitButton")}
        </button>
      </div>
      {(result.label !== null || result.drawer_not_a_digit) && (
        <p className="thanks" role="status">
          {result.label !== null ? t("thanks", { digit: result.label }) : t("thanksNotADigit")}
        </p>
      )}
    </div>
  );
}
