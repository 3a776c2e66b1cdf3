import { addDays, daysBetween, inTimeOrder, type PlainDate } from "./plain-date";
import type { Protocol } from "./protocol-schema";
import type { OverallResponse, ResponseCriteria } from "./records";

/** One time-point response, recorded or derived, with the criteria behind it. */
export interface TimePointResponse {
  assessedOn: PlainDate;
  overallResponse: OverallResponse;
  criteria?: ResponseCriteria;
}

export interface BestOverallResponse {
  response: OverallResponse;
  /** The assessment that established it (the first of a confirmed pair). */
  assessedOn: PlainDate | null;
  /** Criteria of the responses used; two when WHO and RECIST assessments were mixed. */
  criteria: ResponseCriteria[];
}

/**
 * Best overall response (RECIST 1.1 §4.4), over the assessments up to and including the first
 * PD, with the protocol's `response` rule:
 * - `confirmResponses`: a CR needs a later CR, a PR a later PR or CR, at least
 *   `confirmationMinWeeks` after it (NE between them is allowed); an unconfirmed CR or PR counts
 *   as SD when it meets the SD rule;
 * - SD needs an assessment of SD or better at least `sdMinWeeks` after `startDate`;
 * - else PD when a PD was recorded, else NE.
 *
 * @example
 * bestOverallResponse(seedProtocol, "1993-02-01", [
 *   { assessedOn: "1993-04-12", overallResponse: "PR" },
 *   { assessedOn: "1993-06-21", overallResponse: "PR" },
 * ]); // => { response: "PR", assessedOn: "1993-04-12", criteria: ["RECIST1.1"] }
 */
export function bestOverallResponse(
  protocol: Protocol,
  startDate: PlainDate,
  responses: readonly TimePointResponse[],
): BestOverallResponse {
  const { confirmResponses, confirmationMinWeeks, sdMinWeeks } = protocol.response;
  const ordered = [...responses].sort((a, b) => inTimeOrder(a.assessedOn, b.assessedOn));
  const firstPd = ordered.findIndex((r) => r.overallResponse === "PD");
  const series = firstPd === -1 ? ordered : ordered.slice(0, firstPd + 1);
  const criteria = [...new Set(series.map((r) => r.criteria ?? "RECIST1.1"))];
  const result = (response: OverallResponse, at: TimePointResponse | undefined) => ({
    response,
    assessedOn: at?.assessedOn ?? null,
    criteria,
  });

  const confirmed = (accepted: OverallResponse[]) =>
    series.find(
      (first, index) =>
        accepted.includes(first.overallResponse) &&
        (!confirmResponses ||
          series
            .slice(index + 1)
            .some(
              (later) =>
                accepted.includes(later.overallResponse) &&
                daysBetween(first.assessedOn, later.assessedOn) >= confirmationMinWeeks * 7,
            )),
    );
  const complete = confirmed(["CR"]);
  if (complete && complete.overallResponse === "CR") return result("CR", complete);
  const partial = confirmed(["PR", "CR"]);
  if (partial) return result("PR", partial);
  const sdFrom = addDays(startDate, Math.ceil(sdMinWeeks * 7));
  const stable = series.find(
    (r) => ["CR", "PR", "SD"].includes(r.overallResponse) && r.assessedOn >= sdFrom,
  );
  if (stable) return result("SD", stable);
  if (firstPd !== -1) return result("PD", series[firstPd]);
  return result("NE", undefined);
}
