import { coxPh } from "@ciclo/stats";
import { immuneProfilesBySubject } from "../immune-profile";
import { dateOfInstant, daysBetween, daysPerMonth } from "../plain-date";
import type { Protocol } from "../protocol-schema";
import type { SubjectOutcome } from "../subject-outcomes";
import { tregIncrease } from "../treg-increase";
import { resultsByPanel } from "./panel-results";
import { groupComparison } from "./rank-comparisons";
import type { HazardRatio } from "./survival-by-arm";
import type { NotComputed, TrialAnalyses } from "./trial-analyses";
import type { TrialRecords } from "./trial-records";

/** Survival that separates short from long survivors (domain.md §5.4): 5 years. */
const longSurvivalMonths = 60;

/**
 * Treg increase and survival (domain.md §5.4):
 * - the time to a confirmed Treg increase (`tregIncrease`, timed from the protocol's
 *   `treg.origin`) in subjects who died within 5 years of the OS origin vs those followed 5 years
 *   or more, Mann–Whitney; subjects alive but followed less than 5 years are not classifiable;
 * - the Treg increase as a time-varying covariate for OS: Cox model on (start, stop] rows, 0
 *   before the increase and 1 from it, robust errors clustered by subject.
 *
 * @example
 * tregSurvival(records, protocol, outcomes).interval.groups.map((g) => g.median); // => [20, 45.5]
 */
export function tregSurvival(
  records: TrialRecords,
  protocol: Protocol,
  outcomes: readonly SubjectOutcome[],
  // Only the immune panel and the protocol's Treg analyte can give a Treg value.
  results = resultsByPanel(records.labResults, protocol).immune,
  profiles = immuneProfilesBySubject(results),
): TrialAnalyses["tregIncrease"] {
  const outcomeOf = new Map(outcomes.map((o) => [o.subjectId, o]));
  const short: number[] = [];
  const long: number[] = [];
  const rows: {
    subjectId: string;
    start: number;
    stop: number;
    event: number;
    increased: number;
  }[] = [];
  for (const subject of records.subjects) {
    const outcome = outcomeOf.get(subject.subjectId);
    const own = results.get(subject.subjectId);
    if (!outcome || !own) continue;
    const found = tregIncrease(protocol, subject, own, profiles.get(subject.subjectId) ?? []);
    if (!found.ok) continue;
    const { time, event } = outcome.os;
    const increase = found.increase;
    if (increase) {
      if (event && time < longSurvivalMonths) short.push(increase.months);
      else if (time >= longSurvivalMonths) long.push(increase.months);
    }
    const at = increase
      ? daysBetween(outcome.originDate, dateOfInstant(increase.drawnAt)) / daysPerMonth
      : null;
    const status = event ? 1 : 0;
    if (at === null || at >= time)
      rows.push({
        subjectId: subject.subjectId,
        start: 0,
        stop: time,
        event: status,
        increased: 0,
      });
    else if (at <= 0)
      rows.push({
        subjectId: subject.subjectId,
        start: 0,
        stop: time,
        event: status,
        increased: 1,
      });
    else
      rows.push(
        { subjectId: subject.subjectId, start: 0, stop: at, event: 0, increased: 0 },
        { subjectId: subject.subjectId, start: at, stop: time, event: status, increased: 1 },
      );
  }
  const interval = groupComparison("Months to Treg increase", [
    { label: "survival < 5 years", values: short },
    { label: "survival ≥ 5 years", values: long },
  ]);
  if ("notComputed" in interval) return interval;
  const timeVaryingOs = tregCox(rows);
  return "notComputed" in timeVaryingOs ? timeVaryingOs : { interval, timeVaryingOs };
}

function tregCox(
  rows: { subjectId: string; start: number; stop: number; event: number; increased: number }[],
): HazardRatio[] | NotComputed {
  const fit = coxPh({
    start: rows.map((r) => r.start),
    time: rows.map((r) => r.stop),
    status: rows.map((r) => r.event),
    covariates: [rows.map((r) => r.increased)],
    names: ["Treg increased"],
    cluster: rows.map((r) => r.subjectId),
  });
  if (!fit.ok)
    return { notComputed: `Treg increase as a time-varying covariate: ${fit.problem.message}` };
  return [
    {
      model: "time-varying",
      term: "OS: after vs before the Treg increase",
      hazardRatio: fit.value.hazardRatio[0],
      lower: fit.value.hazardRatioLower[0],
      upper: fit.value.hazardRatioUpper[0],
      p: fit.value.p[0],
    },
  ];
}
