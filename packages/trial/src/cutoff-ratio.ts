import { type MarkerCutoff, markerCutoff } from "./marker-cutoff";
import { markerValue } from "./marker-value";
import { dateOfInstant } from "./plain-date";
import type { Protocol } from "./protocol-schema";
import type { LabResultRecord } from "./records";
import type { TrialProblem } from "./trial-problem";

/** A marker result over the cut-off it is read against, with that cut-off. */
export type CutoffRatio =
  | {
      ok: true;
      /** The result in the catalogue's unit. */
      value: number;
      /** value ÷ cut-off: > 1 is above the cut-off. */
      ratio: number;
      cutoff: Extract<MarkerCutoff, { ok: true }>;
    }
  | TrialProblem;

/**
 * A marker result divided by the cut-off valid on its draw date for its site and assay
 * (`markerCutoff`): the one place Ciclo computes "value ÷ cut-off" (domain.md §4). The cut-off
 * comes back too, so that a chart or an alert can say which one was used.
 *
 * @example
 * cutoffRatio(seedProtocol, { analyte: "CEA", value: 9, unit: "ng/mL", drawnAt: "2025-03-05T09:00:00Z", subjectId: "s1" });
 * // => { ok: true, value: 9, ratio: 1.8, cutoff: { ok: true, value: 5, unit: "ng/mL", site: "*", assay: "*", validFrom: "1990-01-01" } }
 */
export function cutoffRatio(protocol: Protocol, result: LabResultRecord): CutoffRatio {
  const value = markerValue(result);
  if (!value.ok) return value;
  const cutoff = markerCutoff(protocol, result.analyte, dateOfInstant(result.drawnAt), {
    site: result.siteId,
    assay: result.assay,
  });
  if (!cutoff.ok) return cutoff;
  return { ok: true, value: value.value, ratio: value.value / cutoff.value, cutoff };
}
