import { useI18n } from "../../i18n/I18n";

interface Props {
  probabilities: number[];
  digit: number;
}

export const percent = (p: number) => `${(p * 100).toFixed(p >= 0.995 || p < 0.001 ? 0 : 1)}%`;

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
