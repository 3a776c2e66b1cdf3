import { daysBetween, type PlainDate } from "./plain-date";
import type { Protocol } from "./protocol";
import type { ResponseAssessmentRecord } from "./records";

export type Response = "CR" | "PR" | "SD" | "PD" | "NE";

export interface TargetLesion {
  location: string;
  /** Longest diameter in mm (short axis for lymph nodes); null when not evaluable. */
  diameterMm: number | null;
}

/** Sum of target-lesion diameters; undefined when any target is not evaluable. */
export function targetSum(lesions: TargetLesion[]): number | undefined {
  if (lesions.some((lesion) => lesion.diameterMm === null)) return undefined;
  return lesions.reduce((sum, lesion) => sum + (lesion.diameterMm ?? 0), 0);
}

/**
 * RECIST 1.1 target response: CR when every target is gone; PR at a ≥ 30% fall from the baseline
 * sum; PD at a ≥ 20% rise over the nadir sum that is also ≥ 5 mm; otherwise SD.
 *
 * @example
 * targetResponse({ sum: 70, baselineSum: 100, nadirSum: 70 }); // => "PR"
 * targetResponse({ sum: 86, baselineSum: 100, nadirSum: 70 }); // => "PD" (+22.9%, +16 mm)
 */
export function targetResponse({
  sum,
  baselineSum,
  nadirSum,
}: {
  sum?: number;
  baselineSum: number;
  nadirSum: number;
}): Response {
  if (sum === undefined) return "NE";
  const rise = sum - nadirSum;
  if (nadirSum > 0 ? rise / nadirSum >= 0.2 && rise >= 5 : rise >= 5) return "PD";
  if (sum === 0) return "CR";
  if ((baselineSum - sum) / baselineSum >= 0.3) return "PR";
  return "SD";
}

/**
 * RECIST 1.1 overall response from the target response, the non-target status and new lesions
 * (RECIST 1.1 Table 1): new lesions or any PD → PD; CR needs non-targets gone too; targets in CR
 * with non-targets present → PR.
 */
export function overallResponse(
  target: Response,
  nonTarget: "CR" | "non-CR/non-PD" | "PD" | "NE" | "none",
  newLesions: boolean,
): Response {
  if (newLesions || target === "PD" || nonTarget === "PD") return "PD";
  if (target === "NE") return "NE";
  if (target === "CR") return nonTarget === "CR" || nonTarget === "none" ? "CR" : "PR";
  if (nonTarget === "NE" && target === "SD") return "NE";
  return target;
}

const rank: Record<Response, number> = { CR: 4, PR: 3, SD: 2, PD: 1, NE: 0 };

/** The best overall response of a series (CR > PR > SD > PD > NE); criteria are kept per assessment. */
export function bestOverallResponse(assessments: ResponseAssessmentRecord[]): Response {
  return assessments.reduce<Response>(
    (best, each) => (rank[each.overallResponse] > rank[best] ? each.overallResponse : best),
    "NE",
  );
}

/**
 * Clinical benefit by the protocol's rule (default: CR or PR, or SD lasting at least 24 weeks
 * from `startDate`, counted to the last assessment before any PD).
 */
export function hasClinicalBenefit(
  protocol: Protocol,
  assessments: ResponseAssessmentRecord[],
  startDate: PlainDate,
): boolean {
  const rule = protocol.clinicalBenefit;
  const ordered = [...assessments].sort((a, b) => a.assessedOn.localeCompare(b.assessedOn));
  const firstPd = ordered.findIndex((each) => each.overallResponse === "PD");
  const beforePd = firstPd === -1 ? ordered : ordered.slice(0, firstPd);
  if (
    beforePd.some(
      (each) =>
        (each.overallResponse === "CR" || each.overallResponse === "PR") &&
        rule.responses.includes(each.overallResponse),
    )
  ) {
    return true;
  }
  if (!rule.responses.includes("SD")) return false;
  const lastStable = [...beforePd].reverse().find((each) => each.overallResponse === "SD");
  return (
    lastStable !== undefined &&
    daysBetween(startDate, lastStable.assessedOn) >= rule.stableDiseaseWeeks * 7
  );
}
