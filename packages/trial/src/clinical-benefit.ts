import type { BestOverallResponse, TimePointResponse } from "./best-overall-response";
import { originDate, originLabels } from "./origin-date";
import { daysBetween, inTimeOrder } from "./plain-date";
import type { Protocol } from "./protocol-schema";
import type { SubjectRecord } from "./records";
import { type TrialProblem, trialProblem } from "./trial-problem";

export type ClinicalBenefit = { ok: true; clinicalBenefit: boolean; reason: string } | TrialProblem;

/**
 * Clinical benefit by the protocol's rule (domain.md §4; default: best overall response CR or
 * PR, or SD lasting at least 24 weeks). SD lasts from `clinicalBenefit.stableFrom` to the last
 * assessment without progression (CR, PR or SD) before the first PD: the duration that is
 * documented, not one extrapolated to the progression date.
 *
 * @example
 * clinicalBenefit(seedProtocol, subject, best, responses);
 * // => { ok: true, clinicalBenefit: true, reason: "SD for 26.0 weeks (≥ 24) from start of first-line hormone therapy" }
 */
export function clinicalBenefit(
  protocol: Protocol,
  subject: SubjectRecord,
  best: BestOverallResponse,
  responses: readonly TimePointResponse[],
): ClinicalBenefit {
  const rule = protocol.clinicalBenefit;
  if ((rule.responses as string[]).includes(best.response))
    return { ok: true, clinicalBenefit: true, reason: `best overall response ${best.response}` };
  const from = originDate(subject, rule.stableFrom);
  if (!from)
    return trialProblem(
      "missing_date",
      `subject ${subject.subjectId} has no date of ${originLabels[rule.stableFrom]}; record it to time stable disease`,
    );
  const ordered = [...responses].sort((a, b) => inTimeOrder(a.assessedOn, b.assessedOn));
  const firstPd = ordered.findIndex((r) => r.overallResponse === "PD");
  const controlled = (firstPd === -1 ? ordered : ordered.slice(0, firstPd)).filter((r) =>
    ["CR", "PR", "SD"].includes(r.overallResponse),
  );
  const last = controlled.at(-1);
  const weeks = last ? daysBetween(from, last.assessedOn) / 7 : 0;
  const benefit = weeks >= rule.stableMinWeeks;
  return {
    ok: true,
    clinicalBenefit: benefit,
    reason: last
      ? `SD for ${weeks.toFixed(1)} weeks (${benefit ? "≥" : "<"} ${rule.stableMinWeeks}) from ${originLabels[rule.stableFrom]}`
      : "no assessment without progression",
  };
}
