import type { Protocol } from "./protocol-schema";

/**
 * The reference change value of a marker, as a proportion of the reference value:
 * RCV = z · √2 · √(CVa² + CVi²) (Fraser; z = 1.96 for 95 %, two-sided).
 *
 * The protocol gives, per marker and per side of the cut-off, either the analytical and
 * within-subject CVs or their combined total CV (domain.md §4 publishes totals: "analytical and
 * within-person combined"); a total stands for √(CVa² + CVi²), so RCV = z · √2 · CVtotal. The CV
 * of the side the *reference* value (the earlier draw, or the nadir) lies on is used: a value at
 * or below the cut-off takes the "below" CV.
 *
 * @example
 * referenceChangeValue(seedProtocol, "CEA", 3, 5); // => 0.42686… (1.96 · √2 · 0.154)
 * referenceChangeValue(seedProtocol, "CEA", 8, 5); // => 0.16631… (1.96 · √2 · 0.060)
 */
export function referenceChangeValue(
  protocol: Protocol,
  analyte: string,
  referenceValue: number,
  cutoff: number,
): number {
  const rule = protocol.markers.rcv.coefficients.find((c) => c.analyte === analyte);
  if (!rule)
    throw new RangeError(
      `protocol ${protocol.id} has no RCV coefficients for ${analyte}; the schema requires them for every marker`,
    );
  const cv = referenceValue <= cutoff ? rule.cvBelowCutoff : rule.cvAboveCutoff;
  const combined = "total" in cv ? cv.total : Math.hypot(cv.analytical, cv.withinSubject);
  return protocol.markers.rcv.z * Math.SQRT2 * combined;
}

export type MarkerChange = "rise" | "fall" | "no change";

/**
 * Whether a change from `reference` to `value` is significant: the relative change
 * (value − reference) / reference beyond ± RCV. A reference of 0 (below the limit of detection)
 * makes any positive value a rise.
 *
 * @example
 * significantChange(seedProtocol, "CEA", 3, 4.5, 5); // => { change: 0.5, rcv: 0.42686…, direction: "rise" }
 */
export function significantChange(
  protocol: Protocol,
  analyte: string,
  reference: number,
  value: number,
  cutoff: number,
): { change: number; rcv: number; direction: MarkerChange } {
  const rcv = referenceChangeValue(protocol, analyte, reference, cutoff);
  const change = reference > 0 ? (value - reference) / reference : value > 0 ? Infinity : 0;
  const direction = change > rcv ? "rise" : change < -rcv ? "fall" : "no change";
  return { change, rcv, direction };
}
