import type { TimePointResponse } from "./best-overall-response";
import { inTimeOrder } from "./plain-date";
import { evaluateRecist } from "./recist-response";
import type { ResponseAssessmentRecord } from "./records";

/**
 * The time-point responses of one subject's assessments, ready for `bestOverallResponse`:
 * derived from the lesions when every RECIST 1.1 assessment has them (the first being the
 * baseline, which has no response of its own), else the recorded overall responses. WHO
 * assessments always keep their recorded response. An assessment with neither lesions nor a
 * recorded response is a problem.
 *
 * @example
 * timePointResponses(assessments).responses; // => [{ assessedOn: "1993-04-05", overallResponse: "PR", criteria: "RECIST1.1" }, …]
 */
export function timePointResponses(assessments: readonly ResponseAssessmentRecord[]): {
  responses: TimePointResponse[];
  problems: string[];
} {
  const recist = assessments.filter((a) => a.criteria === "RECIST1.1");
  const derivable = recist.length > 1 && recist.every((a) => (a.lesions ?? []).length > 0);
  const problems: string[] = [];
  const responses: TimePointResponse[] = [];
  if (derivable) {
    const series = evaluateRecist(recist);
    if (series.ok)
      for (const e of series.evaluations)
        responses.push({
          assessedOn: e.assessedOn,
          overallResponse: e.overallResponse,
          criteria: "RECIST1.1",
        });
    else problems.push(series.message);
  }
  for (const assessment of assessments) {
    if (derivable && assessment.criteria === "RECIST1.1") continue;
    if (assessment.overallResponse)
      responses.push({
        assessedOn: assessment.assessedOn,
        overallResponse: assessment.overallResponse,
        criteria: assessment.criteria,
      });
    else if (!(assessment.lesions ?? []).length || assessment.criteria === "WHO")
      problems.push(
        `the assessment of ${assessment.assessedOn} has no overall response; record it or its lesions`,
      );
  }
  responses.sort((a, b) => inTimeOrder(a.assessedOn, b.assessedOn));
  return { responses, problems };
}
