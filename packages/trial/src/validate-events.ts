import { cycleWeekOfDate } from "./cycle-week";
import { dateOfInstant, hoursBetween, type PlainDate } from "./plain-date";
import { postIl2Windows } from "./post-il2-window";
import type { Protocol } from "./protocol-schema";
import type {
  AdministrationRecord,
  FollowUpRecord,
  Instant,
  LabResultRecord,
  ProgressionRecord,
  ResponseAssessmentRecord,
  SubjectRecord,
  WithdrawalRecord,
} from "./records";

/** Everything recorded for one subject. */
export interface SubjectEvents {
  subject: SubjectRecord;
  administrations?: readonly AdministrationRecord[];
  labResults?: readonly LabResultRecord[];
  assessments?: readonly ResponseAssessmentRecord[];
  progressions?: readonly ProgressionRecord[];
  followUps?: readonly FollowUpRecord[];
  withdrawals?: readonly WithdrawalRecord[];
}

export interface EventProblem {
  entity: "administration" | "sample" | "assessment" | "progression" | "follow-up";
  date: PlainDate;
  message: string;
}

/**
 * Impossible or protocol-breaking sequences in one subject's records, each with what to check:
 * a dose, sample, assessment or progression after death; a dose or sample before enrolment; an
 * unknown drug; a cytokine the subject's arm does not give; a cytokine after progression or withdrawal; an
 * 'alive' contact after death; a 'delayed' dose not given later than planned; a post-IL-2
 * sample outside the protocol's window after the latest IL-2 dose given. Empty when consistent.
 *
 * @example
 * validateEvents(seedProtocol, { subject, administrations: [{ …, givenAt: "1995-03-01T09:00:00Z" }], followUps: [{ …, deathDate: "1995-02-10" }] });
 * // => [{ entity: "administration", date: "1995-03-01", message: "il-2 given on 1995-03-01 after death on 1995-02-10; correct the dose date or the date of death" }]
 */
export function validateEvents(protocol: Protocol, events: SubjectEvents): EventProblem[] {
  const { subject } = events;
  const arm = protocol.arms.find((a) => a.code === subject.arm);
  const deaths = (events.followUps ?? []).flatMap((f) => (f.deathDate ? [f.deathDate] : []));
  const death = deaths.sort()[0] ?? null;
  const progression = (events.progressions ?? []).map((p) => p.progressedOn).sort()[0] ?? null;
  const withdrawal = (events.withdrawals ?? []).map((w) => w.withdrawnOn).sort()[0] ?? null;
  const enrolment = subject.enrolmentDate;
  const cytokines = new Set(protocol.arms.flatMap((a) => a.drugs.map((d) => d.code)));
  // The anti-estrogen runs in every arm and goes on after progression: only death and
  // enrolment bound it. It is recorded as 'anti-estrogen' or by its agent's code.
  const antiEstrogens = new Set([
    "anti-estrogen",
    ...protocol.antiEstrogen.agents.map((a) => a.code),
  ]);
  const problems: EventProblem[] = [];
  const add = (entity: EventProblem["entity"], date: PlainDate, message: string) =>
    problems.push({ entity, date, message });
  const afterDeath = (date: PlainDate) => death !== null && date > death;

  for (const dose of events.administrations ?? []) {
    if (!dose.givenAt) continue;
    const given = dateOfInstant(dose.givenAt);
    if (afterDeath(given))
      add(
        "administration",
        given,
        `${dose.drug} given on ${given} after death on ${death}; correct the dose date or the date of death`,
      );
    if (given < enrolment)
      add(
        "administration",
        given,
        `${dose.drug} given on ${given} before enrolment on ${enrolment}; correct the dose date or the enrolment date`,
      );
    if (!cytokines.has(dose.drug)) {
      if (!antiEstrogens.has(dose.drug))
        add(
          "administration",
          given,
          `unknown drug '${dose.drug}'; use one of ${[...cytokines, ...antiEstrogens].join(", ")}`,
        );
      continue;
    }
    if (arm && !arm.drugs.some((d) => d.code === dose.drug))
      add(
        "administration",
        given,
        `arm '${arm.code}' gives no ${dose.drug}; check the subject's arm or the drug`,
      );
    if (progression !== null && given > progression)
      add(
        "administration",
        given,
        `${dose.drug} given on ${given} after progression on ${progression}; immunotherapy stops at progression`,
      );
    if (withdrawal !== null && given > withdrawal)
      add(
        "administration",
        given,
        `${dose.drug} given on ${given} after withdrawal on ${withdrawal}; correct the dose date or the withdrawal`,
      );
    if (dose.status === "delayed" && dose.scheduledDate && given <= dose.scheduledDate)
      add(
        "administration",
        given,
        `${dose.drug} is recorded as delayed but was given on ${given}, not after its planned ${dose.scheduledDate}; record it as given, or correct the dates`,
      );
  }
  checkSamples(protocol, events, { death, enrolment }, add);
  for (const assessment of events.assessments ?? [])
    if (afterDeath(assessment.assessedOn))
      add(
        "assessment",
        assessment.assessedOn,
        `tumor assessment on ${assessment.assessedOn} after death on ${death}; correct its date or the date of death`,
      );
  for (const p of events.progressions ?? [])
    if (afterDeath(p.progressedOn))
      add(
        "progression",
        p.progressedOn,
        `progression on ${p.progressedOn} after death on ${death}; correct its date or the date of death`,
      );
  for (const contact of events.followUps ?? [])
    if (contact.vitalStatus === "alive" && afterDeath(contact.contactDate))
      add(
        "follow-up",
        contact.contactDate,
        `contact on ${contact.contactDate} records the subject alive after death on ${death}; correct one of them`,
      );
  return problems.sort((a, b) => a.date.localeCompare(b.date));
}

function checkSamples(
  protocol: Protocol,
  events: SubjectEvents,
  dates: { death: PlainDate | null; enrolment: PlainDate },
  add: (entity: "sample", date: PlainDate, message: string) => void,
): void {
  const { il2Drug, post } = protocol.sampling;
  const firstIfn = events.subject.firstIfnDate ?? null;
  // A dose without a recorded cycle takes the cycle of its date from the first IFN-β dose.
  const windows = postIl2Windows(
    protocol,
    (events.administrations ?? [])
      .filter((a) => a.drug === il2Drug && a.givenAt && a.status !== "skipped")
      .map((a) => ({
        at: a.givenAt as Instant,
        cycle:
          a.cycle ??
          (firstIfn
            ? cycleWeekOfDate(
                firstIfn,
                dateOfInstant(a.givenAt as Instant),
                protocol.cycle.lengthDays,
              ).cycle
            : null),
      })),
  );
  const seen = new Set<string>();
  for (const result of events.labResults ?? []) {
    const key = `${result.sampleId ?? ""}|${result.drawnAt}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const drawn = dateOfInstant(result.drawnAt);
    if (dates.death !== null && drawn > dates.death)
      add(
        "sample",
        drawn,
        `sample drawn on ${drawn} after death on ${dates.death}; correct the draw date or the date of death`,
      );
    if (drawn < dates.enrolment)
      add(
        "sample",
        drawn,
        `sample drawn on ${drawn} before enrolment on ${dates.enrolment}; correct the draw date or the enrolment date`,
      );
    if (result.relation !== "post") continue;
    if (windows.some((w) => w.opensAt <= result.drawnAt && result.drawnAt <= w.closesAt)) continue;
    const anchor = windows.filter((w) => w.il2At <= result.drawnAt).at(-1)?.il2At;
    const hours = anchor ? hoursBetween(anchor, result.drawnAt) : null;
    add(
      "sample",
      drawn,
      hours === null
        ? `post-IL-2 sample drawn ${result.drawnAt} follows no recorded IL-2 dose; record the dose or mark the sample pre or routine`
        : `post-IL-2 sample drawn ${result.drawnAt} is ${Math.round(hours)} h after the cycle's anchoring IL-2 dose (${anchor}); a post sample is drawn ${post.minHoursAfter}–${post.maxHoursAfter} h after the dose the protocol anchors the window to (dose ${protocol.sampling.post.afterDoses.join(", ")} of the cycle), so mark it routine or correct the time`,
    );
  }
}
