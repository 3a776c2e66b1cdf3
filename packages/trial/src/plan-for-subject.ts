import { type CyclePlan, type PlanStop, planCycles } from "./plan-cycles";
import type { Protocol } from "./protocol-schema";
import type { HoldRecord } from "./records";
import type { SubjectEvents } from "./validate-events";

/**
 * The plan of one subject from its records: cycle 1 day 1 is the first IFN-β dose (enrolment
 * when none is recorded yet, and always for an arm without cytokines); the subject's
 * administrations and holds move it; progression, withdrawal and death stop it.
 *
 * @example
 * planForSubject(seedProtocol, { subject, administrations, progressions }, { cycles: 3 }).stop;
 * // => { reason: "progression", date: "1994-01-03" }
 */
export function planForSubject(
  protocol: Protocol,
  events: SubjectEvents & { holds?: readonly HoldRecord[] },
  options: { cycles: number },
): CyclePlan {
  const { subject } = events;
  const stops: PlanStop[] = [
    ...(events.progressions ?? []).map((p) => ({
      reason: "progression" as const,
      date: p.progressedOn,
    })),
    ...(events.withdrawals ?? []).map((w) => ({
      reason: "withdrawal" as const,
      date: w.withdrawnOn,
    })),
    ...(events.followUps ?? []).flatMap((f) =>
      f.deathDate ? [{ reason: "death" as const, date: f.deathDate }] : [],
    ),
  ];
  return planCycles(protocol, {
    arm: subject.arm,
    startDate: subject.firstIfnDate ?? subject.enrolmentDate,
    cycles: options.cycles,
    administrations: (events.administrations ?? []).filter(
      (a) => a.subjectId === subject.subjectId,
    ),
    holds: (events.holds ?? []).filter((h) => h.subjectId === subject.subjectId),
    stops,
  });
}
