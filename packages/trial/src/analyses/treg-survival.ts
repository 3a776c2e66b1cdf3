import { immuneProfilesBySubject } from "../immune-profile";
import { originDate } from "../origin-date";
import { dateOfInstant, daysBetween, daysPerMonth } from "../plain-date";
import type { Protocol } from "../protocol-schema";
import type { SubjectOutcome } from "../subject-outcomes";
import { tregRise } from "../treg-increase";
import { resultsByPanel } from "./panel-results";
import { groupComparison } from "./rank-comparisons";
import type { HazardRatio } from "./survival-by-arm";
import { type BiasCheckOptions, type TregNullSubject, tregBiasCheck } from "./treg-bias-check";
import { longSurvivalMonths, type TregModelRow, tregCoxFit, tregRows } from "./treg-model";
import type { GroupComparison, NotComputed, TrialAnalyses } from "./trial-analyses";
import type { TrialRecords } from "./trial-records";

/**
 * The headline Treg analysis: the confirmed Treg increase as a time-varying covariate of OS over
 * every subject with a Treg baseline, both arms, stratified by arm.
 */
export interface TregTimeVaryingModel {
  hazardRatio: HazardRatio;
  /** The model's strata: each arm has its own baseline hazard. */
  strata: "arm";
  /** Subjects whose rise was confirmed before the end of their follow-up, by arm. */
  increases: { arm: string; subjects: number; increased: number; deaths: number }[];
  /** Subjects with immune draws who are not in the model, with the reason. */
  excluded: { reason: string; subjects: number }[];
}

/** The published split (< 5 y vs ≥ 5 y survivors), kept as the reproduction it is. */
export interface TregPublishedSplit extends GroupComparison {
  /** What is being reproduced, with the published figure. */
  reproduction: string;
  /** Why its P-value cannot be read as evidence, in one sentence. */
  bias: string;
}

/** The published split's bias in one sentence, printed beside it. */
export const tregSplitBias =
  "Survival decides the group and only patients whose increase came before death or the end of follow-up enter, so short survivors can only show early increases: the split favours a difference even when Treg timing has nothing to do with survival (see the bias check).";

/**
 * Treg increase and survival (domain.md §5.4).
 *
 * - Headline (valid): the confirmed Treg rise (`tregRise`) as a time-varying covariate of OS in a
 *   Cox model on (start, stop] rows, 0 before and 1 from the draw that confirms the rise (the
 *   rule needs the next draw, so the state is only known then), over every subject with a Treg
 *   baseline in either arm, stratified by arm (R: `coxph(Surv(start, stop, event) ~ increased +
 *   strata(arm))`). Subjects without a rise stay in as never increased; none is dropped for
 *   having one.
 * - Reproduction of the published analysis: months from `treg.origin` to the first raised draw in
 *   subjects who died within 5 years of the OS origin vs those followed 5 years or more
 *   (Mann–Whitney). It conditions on the future (see `tregSplitBias`), so it carries that
 *   sentence and the bias check's false-positive rate.
 *
 * @example
 * tregSurvival(records, protocol, outcomes).timeVaryingOs.hazardRatio; // => { term: "Treg increased (confirmed) vs not", n: 137, events: 71, … }
 */
export function tregSurvival(
  records: TrialRecords,
  protocol: Protocol,
  outcomes: readonly SubjectOutcome[],
  // Only the immune panel and the protocol's Treg analyte can give a Treg value.
  results = resultsByPanel(records.labResults, protocol).immune,
  profiles = immuneProfilesBySubject(results),
  biasCheckOptions: BiasCheckOptions = {},
): TrialAnalyses["tregIncrease"] {
  const outcomeOf = new Map(outcomes.map((o) => [o.subjectId, o]));
  const short: number[] = [];
  const long: number[] = [];
  const rows: TregModelRow[] = [];
  const nullCohort: TregNullSubject[] = [];
  let withDraws = 0;
  let noBaseline = 0;
  let noOutcome = 0;
  for (const subject of records.subjects) {
    const own = results.get(subject.subjectId);
    if (!own) continue;
    withDraws++;
    const outcome = outcomeOf.get(subject.subjectId);
    if (!outcome) {
      noOutcome++;
      continue;
    }
    const found = tregRise(protocol, subject, own, profiles.get(subject.subjectId) ?? []);
    if (!found.ok) {
      noBaseline++;
      continue;
    }
    const { time, event } = outcome.os;
    const monthsFromOrigin = (instant: string) =>
      daysBetween(outcome.originDate, dateOfInstant(instant)) / daysPerMonth;
    const rise = found.rise;
    const tregOrigin = originDate(subject, protocol.treg.origin);
    const confirmedAt = rise ? monthsFromOrigin(rise.confirmedAt) : null;
    // The published interval: first raised draw from the Treg origin, known only if the rise
    // was confirmed within follow-up.
    if (rise && tregOrigin && confirmedAt !== null && confirmedAt <= time) {
      const months = daysBetween(tregOrigin, dateOfInstant(rise.drawnAt)) / daysPerMonth;
      if (event && time < longSurvivalMonths) short.push(months);
      else if (time >= longSurvivalMonths) long.push(months);
    }
    rows.push(...tregRows(subject.subjectId, outcome.arm, time, event ? 1 : 0, confirmedAt));
    nullCohort.push({
      arm: outcome.arm,
      time,
      event,
      clockStart: monthsFromOrigin(found.baselineDraws[found.baselineDraws.length - 1]),
      tregOriginOffset: tregOrigin
        ? daysBetween(outcome.originDate, tregOrigin) / daysPerMonth
        : null,
      rise: rise
        ? { drawn: monthsFromOrigin(rise.drawnAt), confirmed: confirmedAt as number }
        : null,
    });
  }
  if (withDraws === 0) return { notComputed: "no subject has Treg draws" };
  const excluded = [
    { reason: "no OS time (see the survival warnings)", subjects: noOutcome },
    {
      reason: `fewer than ${protocol.treg.baselineDraws} Treg draws in clinical benefit for the baseline`,
      subjects: noBaseline,
    },
  ].filter((row) => row.subjects > 0);
  const interval = groupComparison("Months to Treg increase", [
    { label: "survival < 5 years", values: short },
    { label: "survival ≥ 5 years", values: long },
  ]);
  return {
    timeVaryingOs: tregCox(rows, excluded),
    interval:
      "notComputed" in interval
        ? interval
        : {
            ...interval,
            reproduction:
              "Reproduction of the published analysis (immune study, n = 31: 20 vs 45.5 months, P = 0.001)",
            bias: tregSplitBias,
          },
    biasCheck: tregBiasCheck(nullCohort, biasCheckOptions),
  };
}

function tregCox(
  rows: readonly TregModelRow[],
  excluded: TregTimeVaryingModel["excluded"],
): TregTimeVaryingModel | NotComputed {
  const fit = tregCoxFit(rows);
  if (!fit.ok)
    return { notComputed: `Treg increase as a time-varying covariate: ${fit.problem.message}` };
  const arms = [...new Set(rows.map((r) => r.arm))].sort();
  const increases = arms.map((arm) => {
    const own = rows.filter((r) => r.arm === arm);
    return {
      arm,
      subjects: new Set(own.map((r) => r.subjectId)).size,
      increased: new Set(own.filter((r) => r.increased === 1).map((r) => r.subjectId)).size,
      deaths: own.reduce((sum, r) => sum + r.event, 0),
    };
  });
  return {
    hazardRatio: {
      model: "time-varying",
      term: "OS: after vs before the confirmed Treg increase (stratified by arm)",
      hazardRatio: fit.value.hazardRatio[0],
      lower: fit.value.hazardRatioLower[0],
      upper: fit.value.hazardRatioUpper[0],
      p: fit.value.p[0],
      n: increases.reduce((sum, a) => sum + a.subjects, 0),
      events: fit.value.nEvent,
    },
    strata: "arm",
    increases,
    excluded,
  };
}
