// How the network's probabilities are put into words: percentages and the runner-up.

/** A probability as a percentage, with a tenth only where it tells something (97.1%, 100%, 0%). */
export const percent = (p: number) => `${(p * 100).toFixed(p >= 0.995 || p < 0.001 ? 0 : 1)}%`;

/** A probability as a whole percentage: a number's digits are shown side by side, short. */
export const wholePercent = (p: number) => `${Math.round(p * 100)}%`;

/** The digit with the second-highest probability: what an uncertain answer might also be. */
export function runnerUp(probabilities: readonly number[]): number {
  return probabilities
    .map((p, d) => [p, d] as const)
    .sort((a, b) => b[0] - a[0])[1][1];
}
