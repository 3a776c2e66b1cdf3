import { kaplanMeier, survivalQuantiles } from "@ciclo/stats";
import { type ArmSurvivalRow, finiteOrNull } from "./survival-by-arm";

/** Median follow-up of one arm (or of all subjects) by the reverse Kaplan–Meier method. */
export interface MedianFollowUp {
  /** An arm code, or "all". */
  group: string;
  n: number;
  /** Months; null when the reverse curve (or a limit) never reaches one half. */
  median: number | null;
  lower: number | null;
  upper: number | null;
}

/**
 * Median follow-up by the reverse Kaplan–Meier method (Schemper & Smith 1996): the Kaplan–Meier
 * median of the time to censoring, a death counting as censored follow-up, so that early deaths
 * do not shorten it. Per arm and for all subjects, with the 95% log interval.
 * Matches R: `survfit(Surv(time, 1 - status) ~ arm)` and `survfit(Surv(time, 1 - status) ~ 1)`,
 * median and its limits.
 *
 * @example
 * medianFollowUp(osRows); // => [{ group: "all", n: 137, median: 96.3, … }, { group: "control", … }, …]
 */
export function medianFollowUp(rows: readonly ArmSurvivalRow[]): MedianFollowUp[] {
  const time = rows.map((row) => row.time);
  const status = rows.map((row) => 1 - row.event);
  const result: MedianFollowUp[] = [];
  for (const group of [undefined, rows.map((row) => row.arm)]) {
    const fit = kaplanMeier(group ? { time, status, group } : { time, status });
    if (!fit.ok) continue;
    for (const curve of fit.value.curves) {
      const [median] = survivalQuantiles(curve, [0.5]);
      result.push({
        group: curve.group,
        n: curve.n,
        median: finiteOrNull(median.quantile),
        lower: finiteOrNull(median.lower),
        upper: finiteOrNull(median.upper),
      });
    }
  }
  return result;
}
