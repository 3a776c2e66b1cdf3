import { type ImmuneProfile, immuneProfiles } from "./immune-profile";
import { originDate, originLabels } from "./origin-date";
import {
  dateOfInstant,
  daysBetween,
  daysPerMonth,
  inTimeOrder,
  type PlainDate,
} from "./plain-date";
import type { Protocol } from "./protocol-schema";
import type { Instant, LabResultRecord, SubjectRecord } from "./records";
import { type TrialProblem, trialProblem } from "./trial-problem";

export interface TregIncrease {
  /** The first draw above k × baseline that the next draws confirm. */
  drawnAt: Instant;
  confirmedAt: Instant;
  value: number;
  /** value ÷ baseline. */
  ratio: number;
  /** From the protocol's `treg.origin`. */
  days: number;
  months: number;
}

export type TregIncreaseResult =
  | {
      ok: true;
      baseline: number;
      baselineDraws: Instant[];
      /** Null while no confirmed increase has been seen. */
      increase: TregIncrease | null;
    }
  | TrialProblem;

/**
 * Treg increase (domain.md §4, protocol `treg`): the baseline is the mean of the first
 * `baselineDraws` draws taken in clinical benefit (from the CB confirmation date, else the first
 * IFN-β dose, else enrolment); the increase is the first later draw above k × baseline whose
 * next `confirmations` draws are above it too. Its time is measured from `treg.origin`
 * (default: the first IFN-β dose). `treg.analyte` 'TREG' reads absolute counts (derived from
 * percentages when only those were recorded); 'TREG_PCT' reads percentages.
 *
 * @example
 * tregIncrease(seedProtocol, subject, results);
 * // => { ok: true, baseline: 25, increase: { drawnAt: "1994-08-01T08:00:00Z", value: 60, ratio: 2.4, days: 546, … } }
 */
export function tregIncrease(
  protocol: Protocol,
  subject: SubjectRecord,
  results: readonly LabResultRecord[],
  /** The subject's immune profiles when the caller has built them already. */
  profiles?: readonly ImmuneProfile[],
): TregIncreaseResult {
  const { analyte, k, baselineDraws, confirmations, origin } = protocol.treg;
  const cbFrom: PlainDate =
    subject.clinicalBenefitDate ?? subject.firstIfnDate ?? subject.enrolmentDate;
  const draws = tregDraws(
    analyte,
    results.filter((r) => r.subjectId === subject.subjectId),
    profiles,
  ).filter((draw) => dateOfInstant(draw.drawnAt) >= cbFrom);
  if (draws.length < baselineDraws)
    return trialProblem(
      "too_few_baseline_draws",
      `subject ${subject.subjectId} has ${draws.length} ${analyte} draw${draws.length === 1 ? "" : "s"} in clinical benefit (from ${cbFrom}); the baseline needs ${baselineDraws}`,
    );
  const baselineSet = draws.slice(0, baselineDraws);
  const baseline = baselineSet.reduce((sum, d) => sum + d.value, 0) / baselineDraws;
  const base = { ok: true as const, baseline, baselineDraws: baselineSet.map((d) => d.drawnAt) };
  const start = originDate(subject, origin);
  for (let i = baselineDraws; i + confirmations < draws.length; i++) {
    const run = draws.slice(i, i + confirmations + 1);
    if (!run.every((d) => d.value > k * baseline)) continue;
    if (!start)
      return trialProblem(
        "missing_date",
        `subject ${subject.subjectId} has no date of ${originLabels[origin]}; record it to time the Treg increase`,
      );
    const days = daysBetween(start, dateOfInstant(draws[i].drawnAt));
    return {
      ...base,
      increase: {
        drawnAt: draws[i].drawnAt,
        confirmedAt: run[run.length - 1].drawnAt,
        value: draws[i].value,
        ratio: draws[i].value / baseline,
        days,
        months: days / daysPerMonth,
      },
    };
  }
  return { ...base, increase: null };
}

function tregDraws(
  analyte: string,
  results: readonly LabResultRecord[],
  profiles: readonly ImmuneProfile[] = analyte === "TREG" ? immuneProfiles(results) : [],
) {
  if (analyte === "TREG")
    return profiles.flatMap((p) =>
      p.treg === null ? [] : [{ drawnAt: p.drawnAt, value: p.treg }],
    );
  return results
    .filter((r) => r.analyte === analyte && r.value !== null)
    .map((r) => ({ drawnAt: r.drawnAt, value: r.value as number }))
    .sort((a, b) => inTimeOrder(a.drawnAt, b.drawnAt));
}
