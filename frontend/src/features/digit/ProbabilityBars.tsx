import { useI18n } from "../../i18n/I18n";
import { percent } from "../../lib/probabilities";

interface Props {
  probabilities: number[];
  digit: number;
}

/** Ten horizontal bars, one per digit, the predicted one highlighted. */
export function ProbabilityBars({ probabilities, digit }: Props) {
  const { t } = useI18n();
  return (
    <ol className="bars" aria-label={t("probabilities")}>
      {probabilities.map((p, d) => (
        <li key={d} className={d === digit ? "bar top" : "bar"} aria-label={t("probabilityOf", { digit: d, percent: percent(p) })}>
          <span className="bar-digit">{d}</span>
          <span className="bar-track">
            <span className="bar-fill" data-testid="probability-bar" style={{ width: `${Math.max(p * 100, 0.5)}%` }} />
          </span>
          <span className="bar-value">{percent(p)}</span>
        </li>
      ))}
    </ol>
  );
}
