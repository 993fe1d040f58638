import { useId } from "react";
import { useI18n } from "../../i18n/I18n";
import type { Feedback } from "../../lib/api";

interface Props {
  /** What the drawer said so far: a digit, not a digit, or nothing yet. */
  label: number | null;
  notADigit: boolean;
  /** The question above the buttons. */
  prompt: string;
  disabled: boolean;
  onFeedback: (feedback: Feedback) => void;
}

/** "Wrong? Tell us what you meant": ten digits and "Not a digit", each labelling one drawing. */
export function FeedbackButtons({ label, notADigit, prompt, disabled, onFeedback }: Props) {
  const { t } = useI18n();
  const promptId = useId();
  return (
    <div className="feedback">
      <p id={promptId}>{prompt}</p>
      <div className="feedback-buttons" role="group" aria-labelledby={promptId}>
        {Array.from({ length: 10 }, (_, d) => (
          <button
            key={d}
            type="button"
            aria-label={t("meant", { digit: d })}
            aria-pressed={label === d}
            disabled={disabled}
            onClick={() => onFeedback({ label: d })}
          >
            {d}
          </button>
        ))}
        <button
          type="button"
          className="not-a-digit"
          aria-pressed={notADigit}
          disabled={disabled}
          onClick={() => onFeedback({ not_a_digit: true })}
        >
          {t("notADigitButton")}
        </button>
      </div>
      {(label !== null || notADigit) && (
        <p className="thanks" role="status">
          {label !== null ? t("thanks", { digit: label }) : t("thanksNotADigit")}
        </p>
      )}
    </div>
  );
}
