import { type BestOverallResponse, bestOverallResponse } from "./best-overall-response";
import { clinicalBenefit } from "./clinical-benefit";
import type { Protocol } from "./protocol-schema";
import { evaluateRecist } from "./recist-response";
import type { OverallResponse, ResponseAssessmentRecord, SubjectRecord } from "./records";
import { timePointResponses } from "./time-point-responses";

/** One assessment as the site recorded it, beside what RECIST 1.1 gives from its lesions. */
export interface AssessedResponse {
  assessedOn: string;
  recorded: OverallResponse | null;
  /** The RECIST 1.1 time-point response from the lesions; null for the baseline or without lesions. */
  recist: OverallResponse | null;
  /** Sum of the target diameters, mm. */
  targetSum: number | null;
}

export interface SubjectResponse {
  /** Every assessment, in time order. */
  assessments: AssessedResponse[];
  best: BestOverallResponse | null;
  /** Clinical benefit by the protocol's rule; null when it cannot be told yet. */
  clinicalBenefit: { value: boolean; reason: string } | null;
  problems: string[];
}

/**
 * A subject's tumor response where it is made: each assessment's RECIST 1.1 time-point response
 * computed from its lesions (the first RECIST assessment with lesions is the baseline), the best
 * overall response and clinical benefit by the protocol's rules, measured from cycle 1 day 1 (the
 * first IFN-β dose, else the enrolment).
 *
 * @example
 * subjectResponse(seedProtocol, subject, assessments).assessments.at(-1);
 * // => { assessedOn: "2025-04-14", recorded: "SD", recist: "PR", targetSum: 30 }
 */
export function subjectResponse(
  protocol: Protocol,
  subject: SubjectRecord,
  assessments: readonly ResponseAssessmentRecord[],
): SubjectResponse {
  const ordered = [...assessments].sort((a, b) => (a.assessedOn < b.assessedOn ? -1 : 1));
  const measured = ordered.filter((a) => a.criteria === "RECIST1.1" && (a.lesions ?? []).length);
  const series = measured.length > 1 ? evaluateRecist(measured) : undefined;
  const recistOn = new Map(
    series?.ok ? series.evaluations.map((e) => [e.assessedOn, e] as const) : [],
  );
  const problems = series && !series.ok ? [series.message] : [];
  const timePoints = timePointResponses(ordered);
  problems.push(...timePoints.problems);
  const start = subject.firstIfnDate ?? subject.enrolmentDate;
  const best =
    timePoints.responses.length > 0
      ? bestOverallResponse(protocol, start, timePoints.responses)
      : null;
  const benefit = best ? clinicalBenefit(protocol, subject, best, timePoints.responses) : null;
  if (benefit && !benefit.ok) problems.push(benefit.message);
  return {
    assessments: ordered.map((a) => {
      const evaluation = recistOn.get(a.assessedOn);
      const lesions = a.lesions ?? [];
      const targets = lesions.filter((l) => l.kind === "target");
      return {
        assessedOn: a.assessedOn,
        recorded: a.overallResponse ?? null,
        recist: evaluation?.overallResponse ?? null,
        targetSum: targets.length
          ? targets.reduce((sum, lesion) => sum + (lesion.diameterMm ?? 0), 0)
          : null,
      };
    }),
    best,
    clinicalBenefit: benefit?.ok
      ? { value: benefit.clinicalBenefit, reason: benefit.reason }
      : null,
    problems,
  };
}
