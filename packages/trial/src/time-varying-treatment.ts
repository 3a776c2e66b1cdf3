import { daysBetween, daysPerMonth } from "./plain-date";
import type { SubjectRecord } from "./records";
import type { SubjectOutcome } from "./subject-outcomes";

/** One (start, stop] interval of a subject, with treatment as it was during it. */
export interface CountingProcessRow {
  subjectId: string;
  arm: string;
  start: number;
  stop: number;
  /** 1 from the first IFN-β dose on, 0 before it. */
  treated: 0 | 1;
  event: boolean;
}

/**
 * Treatment as a time-varying covariate in counting-process (start, stop] form, the remedy
 * for immortal-time bias that keeps every subject: time before the first IFN-β dose counts as
 * untreated, time after it as treated, and the event belongs to the last interval. Feed the
 * rows to a Cox model with `start`/`stop` and `cluster = subjectId`.
 *
 * @example
 * timeVaryingTreatment([outcome], [subject], { endpoint: "os" });
 * // => [{ subjectId: "PI-001", start: 0, stop: 9.0, treated: 0, event: false }, { …, start: 9.0, stop: 81.2, treated: 1, event: true }]
 */
export function timeVaryingTreatment(
  outcomes: readonly SubjectOutcome[],
  subjects: readonly SubjectRecord[],
  options: { endpoint: "pfs" | "os"; unit?: "months" | "days" },
): CountingProcessRow[] {
  const { endpoint, unit = "months" } = options;
  const scale = unit === "months" ? daysPerMonth : 1;
  const byId = new Map(subjects.map((subject) => [subject.subjectId, subject]));
  return outcomes.flatMap((outcome): CountingProcessRow[] => {
    const { subjectId, arm } = outcome;
    const { time, event } = outcome[endpoint];
    const first = byId.get(subjectId)?.firstIfnDate;
    const switchAt = first ? daysBetween(outcome.originDate, first) / scale : null;
    if (switchAt === null || switchAt >= time)
      return [{ subjectId, arm, start: 0, stop: time, treated: 0 as const, event }];
    if (switchAt <= 0)
      return [{ subjectId, arm, start: 0, stop: time, treated: 1 as const, event }];
    return [
      { subjectId, arm, start: 0, stop: switchAt, treated: 0 as const, event: false },
      { subjectId, arm, start: switchAt, stop: time, treated: 1 as const, event },
    ];
  });
}
