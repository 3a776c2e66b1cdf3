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

/** The first draw above k × baseline that the next draws confirm, without its timing. */
export interface TregRise {
  drawnAt: Instant;
  /** The last confirming draw: the first moment the rise is known. */
  confirmedAt: Instant;
  value: number;
  /** value ÷ baseline. */
  ratio: number;
}

export interface TregIncrease extends TregRise {
  /** From the protocol's `treg.origin`. */
  days: number;
  months: number;
}

export type TregRiseResult =
  | {
      ok: true;
      baseline: number;
      baselineDraws: Instant[];
      /** Null while no confirmed rise has been seen. */
      rise: TregRise | null;
    }
  | TrialProblem;

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
 * The Treg rule of domain.md §4 without a time origin, so that it applies to every subject with
 * immune draws, controls included: the baseline is the mean of the first `baselineDraws` draws
 * taken in clinical benefit (from the CB confirmation date, else the first IFN-β dose, else
 * enrolment); the rise is the first later draw above k × baseline whose next `confirmations`
 * draws are above it too. `treg.analyte` 'TREG' reads absolute counts (derived from
 * percentages when only those were recorded); 'TREG_PCT' reads percentages.
 *
 * @example
 * tregRise(seedProtocol, control, results);
 * // => { ok: true, baseline: 25, rise: { drawnAt: "1994-08-01T08:00:00Z", confirmedAt: "1994-11-01T08:00:00Z", value: 60, ratio: 2.4 } }
 */
export function tregRise(
  protocol: Protocol,
  subject: SubjectRecord,
  results: readonly LabResultRecord[],
  /** The subject's immune profiles when the caller has built them already. */
  profiles?: readonly ImmuneProfile[],
): TregRiseResult {
  const { analyte, k, baselineDraws, confirmations } = protocol.treg;
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
  for (let i = baselineDraws; i + confirmations < draws.length; i++) {
    const run = draws.slice(i, i + confirmations + 1);
    if (!run.every((d) => d.value > k * baseline)) continue;
    return {
      ...base,
      rise: {
        drawnAt: draws[i].drawnAt,
        confirmedAt: run[run.length - 1].drawnAt,
        value: draws[i].value,
        ratio: draws[i].value / baseline,
      },
    };
  }
  return { ...base, rise: null };
}

/**
 * Treg increase (domain.md §4, protocol `treg`): the confirmed rise of `tregRise`, timed from
 * `treg.origin` (default: the first IFN-β dose) to its first raised draw, as the published
 * interval is. A subject without that origin date (a control, for the default) whose Treg rose
 * gets the problem `missing_date`.
 *
 * @example
 * tregIncrease(seedProtocol, subject, results);
 * // => { ok: true, baseline: 25, increase: { drawnAt: "1994-08-01T08:00:00Z", value: 60, ratio: 2.4, days: 546, … } }
 */
export function tregIncrease(
  protocol: Protocol,
  subject: SubjectRecord,
  results: readonly LabResultRecord[],
  profiles?: readonly ImmuneProfile[],
): TregIncreaseResult {
  const found = tregRise(protocol, subject, results, profiles);
  if (!found.ok) return found;
  const { rise, ...base } = found;
  if (!rise) return { ...base, increase: null };
  const { origin } = protocol.treg;
  const start = originDate(subject, origin);
  if (!start)
    return trialProblem(
      "missing_date",
      `subject ${subject.subjectId} has no date of ${originLabels[origin]}; record it to time the Treg increase`,
    );
  const days = daysBetween(start, dateOfInstant(rise.drawnAt));
  return { ...base, increase: { ...rise, days, months: days / daysPerMonth } };
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
