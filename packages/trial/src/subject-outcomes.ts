import { originDate, originLabels } from "./origin-date";
import { daysBetween, daysPerMonth, type PlainDate } from "./plain-date";
import type { TimeOrigin } from "./protocol-schema";
import type { FollowUpRecord, ProgressionRecord, SubjectRecord } from "./records";
import { recordsBySubject } from "./records-by-subject";

/** A time to event: `event` false means censored at `time`. */
export interface TimeToEvent {
  time: number;
  event: boolean;
  /** The date the time ends: the event or the last contact. */
  endDate: PlainDate;
}

/** PFS (clinical-benefit duration) and OS of one subject, from one origin. */
export interface SubjectOutcome {
  subjectId: string;
  arm: string;
  origin: TimeOrigin;
  originDate: PlainDate;
  /** Progression or death, whichever comes first; censored at the last contact. */
  pfs: TimeToEvent;
  /** Death; censored at the last contact. */
  os: TimeToEvent;
}

export interface OutcomeProblem {
  subjectId: string;
  message: string;
}

export interface OutcomeOptions {
  origin: TimeOrigin;
  /** Unit of `time`: months (365.25/12 days, as the trial reports) or days. */
  unit?: "months" | "days";
}

/**
 * PFS and OS of each subject from the chosen origin (domain.md §4). An event is the first
 * adjudicated progression (PFS) or death (both); without one, the time is censored at the last
 * contact date, the latest follow-up contact. A marker signal never counts as progression.
 * A subject lacking the origin date, or with an event before it, is left out with a problem
 * that says what to record.
 *
 * Linear in the records: follow-ups and progressions are grouped by subject once.
 *
 * @example
 * deriveOutcomes([subject], [], [{ subjectId: "PI-001", contactDate: "1994-02-01", vitalStatus: "alive" }], { origin: "firstIfn" });
 * // => { outcomes: [{ subjectId: "PI-001", …, os: { time: 12.0, event: false, endDate: "1994-02-01" } }], problems: [] }
 */
export function deriveOutcomes(
  subjects: readonly SubjectRecord[],
  progressions: readonly ProgressionRecord[],
  followUps: readonly FollowUpRecord[],
  options: OutcomeOptions,
): { outcomes: SubjectOutcome[]; problems: OutcomeProblem[] } {
  const { origin, unit = "months" } = options;
  const scale = unit === "months" ? daysPerMonth : 1;
  const outcomes: SubjectOutcome[] = [];
  const problems: OutcomeProblem[] = [];
  const followUpsOf = recordsBySubject(followUps);
  const progressionsOf = recordsBySubject(progressions);
  for (const subject of subjects) {
    const { subjectId } = subject;
    const start = originDate(subject, origin);
    if (!start) {
      problems.push({
        subjectId,
        message: `no date of ${originLabels[origin]}; record it or choose another origin`,
      });
      continue;
    }
    const contacts = followUpsOf.get(subjectId) ?? [];
    const death = earliest(contacts.map((f) => f.deathDate ?? null));
    const lastContact = latest([
      ...contacts.map((f) => f.contactDate),
      death,
      subject.enrolmentDate,
    ]);
    const progression = earliest((progressionsOf.get(subjectId) ?? []).map((p) => p.progressedOn));
    const firstEvent = earliest([progression, death]);
    const time = (end: PlainDate) => daysBetween(start, end) / scale;
    const early = [firstEvent, lastContact].find((date) => date !== null && date < start);
    if (early) {
      problems.push({
        subjectId,
        message: `an event or contact on ${early} precedes the ${originLabels[origin]} (${start}); check both dates`,
      });
      continue;
    }
    const pfsEnd = firstEvent ?? lastContact!;
    const osEnd = death ?? lastContact!;
    outcomes.push({
      subjectId,
      arm: subject.arm,
      origin,
      originDate: start,
      pfs: { time: time(pfsEnd), event: firstEvent !== null, endDate: pfsEnd },
      os: { time: time(osEnd), event: death !== null, endDate: osEnd },
    });
  }
  return { outcomes, problems };
}

function earliest(dates: readonly (PlainDate | null)[]): PlainDate | null {
  return dates.reduce<PlainDate | null>(
    (a, d) => (d !== null && (a === null || d < a) ? d : a),
    null,
  );
}

function latest(dates: readonly (PlainDate | null)[]): PlainDate | null {
  return dates.reduce<PlainDate | null>(
    (a, d) => (d !== null && (a === null || d > a) ? d : a),
    null,
  );
}
