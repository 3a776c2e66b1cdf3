import { daysBetween, daysPerMonth, type PlainDate } from "./plain-date";
import type { Protocol } from "./protocol";

/**
 * An absolute count from a percentage of lymphocytes: cells/µL = % / 100 × lymphocytes (10^9/L)
 * × 1000.
 *
 * @example
 * absoluteCount(40, 1.5); // => 600 cells/µL
 */
export function absoluteCount(percentOfLymphocytes: number, lymphocytes10e9PerL: number): number {
  return (percentOfLymphocytes / 100) * lymphocytes10e9PerL * 1000;
}

/**
 * Effector/regulatory ratio = (CD4+ + CD8+) / Treg, all in cells/µL.
 *
 * @example
 * effectorTregRatio(600, 400, 50); // => 20
 */
export function effectorTregRatio(cd4: number, cd8: number, treg: number): number {
  if (treg <= 0) return Number.POSITIVE_INFINITY;
  return (cd4 + cd8) / treg;
}

export interface TregDraw {
  drawnAt: string;
  value: number;
}

export interface TregIncrease {
  drawnAt: string;
  value: number;
  baseline: number;
  confirmedAt?: string;
}

/**
 * The Treg increase: the first draw after the baseline at which Treg exceeds k × baseline and —
 * by default — the next draw confirms it. Baseline = mean of the first `baselineDraws` draws
 * taken in clinical benefit (on or after `clinicalBenefitDate`).
 */
export function tregIncrease(
  protocol: Protocol,
  draws: TregDraw[],
  clinicalBenefitDate: PlainDate,
): TregIncrease | undefined {
  const { k, baselineDraws, confirmOnNextDraw } = protocol.treg;
  const inBenefit = draws
    .filter((draw) => draw.drawnAt.slice(0, 10) >= clinicalBenefitDate)
    .sort((a, b) => a.drawnAt.localeCompare(b.drawnAt));
  if (inBenefit.length < baselineDraws) return undefined;
  const baseline =
    inBenefit.slice(0, baselineDraws).reduce((sum, draw) => sum + draw.value, 0) / baselineDraws;
  const after = inBenefit.slice(baselineDraws);
  for (const [index, draw] of after.entries()) {
    if (draw.value <= k * baseline) continue;
    if (!confirmOnNextDraw) return { drawnAt: draw.drawnAt, value: draw.value, baseline };
    const next = after[index + 1];
    if (next && next.value > k * baseline) {
      return { drawnAt: draw.drawnAt, value: draw.value, baseline, confirmedAt: next.drawnAt };
    }
  }
  return undefined;
}

/** Months from the origin date to the Treg increase. */
export function monthsToTregIncrease(increase: TregIncrease, originDate: PlainDate): number {
  return daysBetween(originDate, increase.drawnAt.slice(0, 10)) / daysPerMonth;
}
