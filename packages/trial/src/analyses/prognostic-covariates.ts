import type { Protocol } from "../protocol-schema";
import type { ReceptorStatus, SubjectRecord } from "../records";

/** The covariates of the adjusted Cox models (domain.md §5.1), in the order they are printed. */
export const prognosticCovariateNames = [
  "dfiMonths",
  "pgrPositive",
  "her2Positive",
  "visceral",
  "aromataseInhibitor",
  "biologicalTherapy",
] as const;

/**
 * A subject's prognostic covariates coded for a Cox model: the disease-free interval in months,
 * and 0/1 for PgR-positive, HER2-positive, visceral involvement, an aromatase inhibitor as the
 * anti-estrogen (by the agent's class in the protocol) and biological therapy. Null marks a value
 * not recorded (an 'unknown' receptor status counts as not recorded).
 *
 * @example
 * prognosticCovariates({ subjectId: "PI-001", arm: "control", enrolmentDate: "1995-01-01",
 *   hormoneTherapyAgent: "letrozole", visceralMetastases: true }, seedProtocol).aromataseInhibitor; // => 1
 */
export function prognosticCovariates(
  subject: SubjectRecord,
  protocol: Protocol,
): Record<(typeof prognosticCovariateNames)[number], number | null> {
  const agent = protocol.antiEstrogen.agents.find((a) => a.code === subject.hormoneTherapyAgent);
  return {
    dfiMonths: subject.dfiMonths ?? null,
    pgrPositive: receptor(subject.pgrStatus),
    her2Positive: receptor(subject.her2Status),
    visceral: flag(subject.visceralMetastases),
    aromataseInhibitor: agent ? (agent.class === "AI" ? 1 : 0) : null,
    biologicalTherapy: flag(subject.biologicalTherapy),
  };
}

function receptor(status: ReceptorStatus | null | undefined): number | null {
  return status === "positive" ? 1 : status === "negative" ? 0 : null;
}

function flag(value: boolean | null | undefined): number | null {
  return value === true ? 1 : value === false ? 0 : null;
}
