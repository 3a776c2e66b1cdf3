import { immunePanelAnalytes } from "../immune-profile";
import type { Protocol } from "../protocol-schema";
import type { LabResultRecord } from "../records";
import { recordsBySubject } from "../records-by-subject";

/** Each subject's results of the two panels the trial's analyses read, in input order. */
export interface PanelResults {
  /** The protocol's tumor markers. */
  markers: Map<string, LabResultRecord[]>;
  /** The immune panel (`immunePanelAnalytes`) and the protocol's Treg analyte. */
  immune: Map<string, LabResultRecord[]>;
}

/**
 * The lab results sorted into the marker and immune panels, subject by subject, in one pass:
 * at 10,000 patients each pass over the 3.5 million results costs a few hundred milliseconds,
 * so the analyses share this one.
 *
 * @example
 * resultsByPanel(labResults, seedProtocol).markers.get("PI-001"); // => her CEA, TPA and CA 15-3
 */
export function resultsByPanel(
  labResults: readonly LabResultRecord[],
  protocol: Protocol,
): PanelResults {
  const markerAnalytes = new Set(protocol.markers.analytes);
  const markers: LabResultRecord[] = [];
  const immune: LabResultRecord[] = [];
  for (const result of labResults) {
    if (markerAnalytes.has(result.analyte)) markers.push(result);
    if (immunePanelAnalytes.has(result.analyte) || result.analyte === protocol.treg.analyte)
      immune.push(result);
  }
  return { markers: recordsBySubject(markers), immune: recordsBySubject(immune) };
}
