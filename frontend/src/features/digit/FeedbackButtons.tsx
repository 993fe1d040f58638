import { useI18n } from "../../i18n/I18n";
import type { Recognition } from "../../lib/api";

interface Props {
  result: Recognition;
  disabled: boolean;
  onFeedback: (label: number) => void;
}

/** "Wrong? Tell us what you meant": ten buttons that label this drawing. */
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
            onClick={() => onFeedback(d)}
          >
            {d}
          </button>
        ))}
      </div>
      {result.label !== null && (
        <p className="thanks" role="status">
          {t("thanks", { digit: result.label })}
        </p>
      )}
    </div>
  );
}
