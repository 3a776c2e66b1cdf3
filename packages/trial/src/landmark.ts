import { daysBetween, daysPerMonth } from "./plain-date";
import type { SubjectRecord } from "./records";
import type { SubjectOutcome } from "./subject-outcomes";

/** One subject of a landmark data set: at risk at the landmark, timed from it. */
export interface LandmarkRow {
  subjectId: string;
  arm: string;
  /** Whether the subject had started cytokines (first IFN-β dose) by the landmark. */
  treatedByLandmark: boolean;
  /** Time from the landmark, in the outcomes' unit. */
  time: number;
  event: boolean;
}

/**
 * A landmark data set (remedy for immortal-time bias): only subjects still event-free and
 * under follow-up at the landmark enter, times restart at the landmark, and each subject is
 * classed by whether treatment had started by then, not by what happened later.
 *
 * `landmark` is in the outcomes' unit (months by default); `endpoint` picks PFS or OS.
 *
 * @example
 * landmark(outcomes, subjects, { landmark: 6, endpoint: "os" });
 * // => [{ subjectId: "PI-001", arm: "treated", treatedByLandmark: true, time: 42.1, event: true }, …]
 */
export function landmark(
  outcomes: readonly SubjectOutcome[],
  subjects: readonly SubjectRecord[],
  options: { landmark: number; endpoint: "pfs" | "os"; unit?: "months" | "days" },
): LandmarkRow[] {
  const { landmark: at, endpoint, unit = "months" } = options;
  const scale = unit === "months" ? daysPerMonth : 1;
  const byId = new Map(subjects.map((subject) => [subject.subjectId, subject]));
  const rows: LandmarkRow[] = [];
  for (const outcome of outcomes) {
    const { time, event } = outcome[endpoint];
    // At risk at the landmark: no event and not censored on or before it.
    if (time <= at) continue;
    const first = byId.get(outcome.subjectId)?.firstIfnDate;
    const treatedAt = first ? daysBetween(outcome.originDate, first) / scale : null;
    rows.push({
      subjectId: outcome.subjectId,
      arm: outcome.arm,
      treatedByLandmark: treatedAt !== null && treatedAt <= at,
      time: time - at,
      event,
    });
  }
  return rows;
}
