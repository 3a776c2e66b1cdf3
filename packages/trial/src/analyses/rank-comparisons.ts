import {
  type HodgesLehmann,
  hodgesLehmannPseudomedian,
  hodgesLehmannShift,
  mannWhitney,
  type Outcome,
  wilcoxonSignedRank,
} from "@ciclo/stats";
import { describeSample } from "./describe-sample";
import type {
  GroupComparison,
  LocationShift,
  NotComputed,
  PairedComparison,
} from "./trial-analyses";

/**
 * One parameter in two states per subject, compared with the paired Wilcoxon signed-rank test
 * (R: `wilcox.test(first, second, paired = TRUE, conf.int = TRUE)`), with the effect size
 * r = z/√n and the Hodges–Lehmann pseudomedian of first − second with its 95% interval.
 *
 * @example
 * pairedComparison("CD4+", ["clinical benefit", "progression"], pairs);
 * // => { parameter: "CD4+", statistic: 21, p: 0.031, effectSize: 0.9, … }
 */
export function pairedComparison(
  parameter: string,
  states: [string, string],
  pairs: PairedComparison["pairs"],
): PairedComparison | NotComputed {
  if (pairs.length < 2)
    return {
      notComputed: `${parameter}: ${pairs.length} subject(s) with both values; need 2 or more`,
    };
  const test = wilcoxonSignedRank(
    pairs.map((pair) => pair.first),
    pairs.map((pair) => pair.second),
  );
  if (!test.ok) return { notComputed: `${parameter}: ${test.problem.message}` };
  return {
    parameter,
    states,
    pairs,
    medianFirst: describeSample(pairs.map((pair) => pair.first)).median,
    medianSecond: describeSample(pairs.map((pair) => pair.second)).median,
    statistic: test.value.statistic,
    p: test.value.p,
    effectSize: test.value.effectSize,
    shift: locationShift(
      hodgesLehmannPseudomedian(
        pairs.map((pair) => pair.first),
        pairs.map((pair) => pair.second),
      ),
    ),
  };
}

/**
 * Two independent groups compared with the Mann–Whitney test (R: `wilcox.test(x, y,
 * conf.int = TRUE)`), each group described by its median, mean and SD, with the Hodges–Lehmann
 * shift of the first group against the second and its 95% interval.
 *
 * @example
 * groupComparison("Months to Treg increase", [{ label: "< 5 years", values: [14, 20] }, { label: "≥ 5 years", values: [40, 51] }]);
 */
export function groupComparison(
  parameter: string,
  [first, second]: [{ label: string; values: number[] }, { label: string; values: number[] }],
): GroupComparison | NotComputed {
  if (first.values.length === 0 || second.values.length === 0)
    return {
      notComputed: `${parameter}: ${first.label} has ${first.values.length} and ${second.label} ${second.values.length} subject(s); each group needs one or more`,
    };
  const test = mannWhitney(first.values, second.values);
  if (!test.ok) return { notComputed: `${parameter}: ${test.problem.message}` };
  return {
    parameter,
    groups: [first, second].map((group) => {
      const { median, mean, sd } = describeSample(group.values);
      return { label: group.label, values: group.values, median, mean, sd };
    }),
    statistic: test.value.statistic,
    p: test.value.p,
    shift: locationShift(hodgesLehmannShift(first.values, second.values)),
  };
}

/** The shift with its interval, or null when R would give none (e.g. every value tied). */
function locationShift(outcome: Outcome<HodgesLehmann>): LocationShift | null {
  if (!outcome.ok) return null;
  const { estimate, lower, upper, confLevel, exact } = outcome.value;
  return Number.isFinite(estimate) ? { estimate, lower, upper, confLevel, exact } : null;
}
