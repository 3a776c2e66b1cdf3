import { daysBetween, daysPerMonth, type PlainDate } from "./plain-date";
import type { TimeOrigin } from "./protocol";
import type { FollowUpRecord, ProgressionRecord, SubjectRecord } from "./records";

/** A time-to-event outcome in months from the origin; `event` false means censored. */
export interface TimeToEvent {
  months: number;
  event: boolean;
}

export interface SubjectOutcome {
  subjectId: string;
  arm: string;
  origin: TimeOrigin;
  originDate: PlainDate;
  /** Clinical-benefit duration: to progression or death, censored at last contact. */
  pfs: TimeToEvent;
  /** Overall survival: to death, censored at last contact. */
  os: TimeToEvent;
  /** Months from the origin to the first IFN-β dose (treated patients). */
  treatmentStartMonths?: number;
}

export interface SubjectHistory {
  subject: SubjectRecord;
  progressions: ProgressionRecord[];
  followUps: FollowUpRecord[];
}

/** The date an origin names for a subject; metastatic diagnosis is the imaging date, else the marker date. */
export function originDateOf(subject: SubjectRecord, origin: TimeOrigin): PlainDate | undefined {
  switch (origin) {
    case "hormoneTherapyStart":
      return subject.hormoneTherapyStart ?? undefined;
    case "metastaticDiagnosis":
      return subject.metastasisImagingDate ?? subject.metastasisMarkerDate ?? undefined;
    case "firstIfn":
      return subject.firstIfnDate ?? undefined;
  }
}

const months = (from: PlainDate, to: PlainDate) => daysBetween(from, to) / daysPerMonth;

/**
 * PFS and OS of one subject from the chosen origin. Censoring is at the last contact date.
 * Returns a message instead when the subject lacks the origin date or follow-up.
 *
 * @example
 * deriveOutcome(history, "hormoneTherapyStart").pfs; // => { months: 33.1, event: true }
 */
export function deriveOutcome(
  history: SubjectHistory,
  origin: TimeOrigin,
): SubjectOutcome | string {
  const { subject } = history;
  const originDate = originDateOf(subject, origin);
  if (!originDate)
    return `${subject.pseudonym} has no ${origin} date; the outcome cannot be measured from it`;
  const lastContact = [...history.followUps].sort((a, b) =>
    b.contactDate.localeCompare(a.contactDate),
  )[0];
  if (!lastContact) return `${subject.pseudonym} has no follow-up; record the last contact`;
  const deathDate =
    history.followUps.find((each) => each.deathDate)?.deathDate ??
    (lastContact.vitalStatus === "dead" ? lastContact.contactDate : undefined);
  const progression = [...history.progressions].sort((a, b) =>
    a.progressedOn.localeCompare(b.progressedOn),
  )[0];
  const end = deathDate ?? lastContact.contactDate;
  const pfsDate = progression && progression.progressedOn <= end ? progression.progressedOn : end;
  const outcome: SubjectOutcome = {
    subjectId: subject.id,
    arm: subject.arm,
    origin,
    originDate,
    pfs: {
      months: months(originDate, pfsDate),
      event: Boolean(progression && progression.progressedOn <= end) || Boolean(deathDate),
    },
    os: { months: months(originDate, end), event: Boolean(deathDate) },
  };
  if (subject.firstIfnDate) outcome.treatmentStartMonths = months(originDate, subject.firstIfnDate);
  return outcome;
}

/**
 * A landmark data set: only subjects still event-free (and under follow-up) at the landmark,
 * with time measured from the landmark — a remedy for immortal-time bias.
 */
export function landmarkDataset(
  outcomes: SubjectOutcome[],
  landmarkMonths: number,
  endpoint: "pfs" | "os",
): SubjectOutcome[] {
  return outcomes
    .filter((outcome) => outcome[endpoint].months > landmarkMonths)
    .map((outcome) => ({
      ...outcome,
      [endpoint]: {
        months: outcome[endpoint].months - landmarkMonths,
        event: outcome[endpoint].event,
      },
    }));
}

export interface CountingProcessRow {
  subjectId: string;
  start: number;
  stop: number;
  event: boolean;
  treated: 0 | 1;
}

/**
 * Treatment as a time-varying covariate in (start, stop] form: a treated subject contributes
 * untreated time until her first IFN-β dose and treated time after it; a control contributes
 * untreated time only. Another remedy for immortal-time bias.
 */
export function timeVaryingTreatment(
  outcomes: SubjectOutcome[],
  endpoint: "pfs" | "os",
): CountingProcessRow[] {
  return outcomes.flatMap((outcome): CountingProcessRow[] => {
    const { months: stop, event } = outcome[endpoint];
    const switchAt = outcome.treatmentStartMonths;
    if (switchAt === undefined || switchAt >= stop) {
      return [{ subjectId: outcome.subjectId, start: 0, stop, event, treated: 0 as const }];
    }
    if (switchAt <= 0)
      return [{ subjectId: outcome.subjectId, start: 0, stop, event, treated: 1 as const }];
    return [
      { subjectId: outcome.subjectId, start: 0, stop: switchAt, event: false, treated: 0 as const },
      { subjectId: outcome.subjectId, start: switchAt, stop, event, treated: 1 as const },
    ];
  });
}

/**
 * The immortal-time warning: treated patients had to be in clinical benefit before they started
 * cytokines, controls did not. Measured from an origin before the first IFN-β dose, the treated
 * arm gets guaranteed event-free time. Returns the warning, or undefined when the origin is safe.
 */
export function immortalTimeWarning(
  outcomes: SubjectOutcome[],
  treatedArm: string,
): string | undefined {
  const treated = outcomes.filter(
    (outcome) => outcome.arm === treatedArm && outcome.treatmentStartMonths !== undefined,
  );
  const guaranteed = treated
    .map((outcome) => outcome.treatmentStartMonths ?? 0)
    .filter((value) => value > 0);
  if (guaranteed.length === 0) return undefined;
  const sorted = [...guaranteed].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return `immortal-time bias: measured from ${treated[0].origin}, ${guaranteed.length} treated patients were event-free by design for a median ${median.toFixed(1)} months before their first IFN-β dose; use a landmark analysis or treatment as a time-varying covariate`;
}

/** Impossible sequences in a subject's record, each as a message naming what to correct. */
export function impossibleEvents(input: {
  subject: SubjectRecord;
  followUps: FollowUpRecord[];
  administrations: { drug: string; givenAt?: string | null }[];
  samples: { drawnAt: string }[];
}): string[] {
  const problems: string[] = [];
  const death = input.followUps.find((each) => each.deathDate)?.deathDate;
  for (const dose of input.administrations) {
    const day = dose.givenAt?.slice(0, 10);
    if (day && death && day > death)
      problems.push(`${dose.drug} given on ${day}, after death on ${death}`);
    if (day && day < input.subject.enrolmentDate) {
      problems.push(
        `${dose.drug} given on ${day}, before enrolment on ${input.subject.enrolmentDate}`,
      );
    }
  }
  for (const sample of input.samples) {
    const day = sample.drawnAt.slice(0, 10);
    if (day < input.subject.enrolmentDate)
      problems.push(`sample drawn on ${day}, before enrolment on ${input.subject.enrolmentDate}`);
    if (death && day > death) problems.push(`sample drawn on ${day}, after death on ${death}`);
  }
  return problems;
}
