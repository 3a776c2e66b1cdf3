import { originLabels } from "../origin-date";
import type { Protocol, TimeOrigin } from "../protocol-schema";
import type { MethodsFacts } from "./trial-analyses";

export interface MethodsChoices {
  origin: TimeOrigin;
  referenceArm: string;
  landmarkMonths: number | null;
  adjustedFor: string[];
  software: { name: string; version: string }[];
}

/** A CV pair as the protocol gives it, in percent. */
function cvText(cv: { total: number } | { analytical: number; withinSubject: number }): string {
  const percent = (value: number) => `${Number((value * 100).toFixed(2))}%`;
  return "total" in cv
    ? percent(cv.total)
    : `CVa ${percent(cv.analytical)}, CVi ${percent(cv.withinSubject)}`;
}

/**
 * The facts of the methods section, read from the protocol document and the analysis choices,
 * so that the report states the rules that produced its numbers and never a constant of code.
 *
 * @example
 * methodsFacts(seedProtocol, { origin: "firstIfn", referenceArm: "treated", landmarkMonths: null,
 *   adjustedFor: [], software: [] }).tregRule;
 * // => "first draw with TREG above 2 × baseline (mean of the first 2 draws in clinical benefit), confirmed by the next 1 draw(s); time from the first IFN-β dose"
 */
export function methodsFacts(protocol: Protocol, choices: MethodsChoices): MethodsFacts {
  const { markers, treg, clinicalBenefit } = protocol;
  return {
    protocolId: protocol.id,
    protocolVersion: protocol.version,
    protocolTitle: protocol.title,
    origin: originLabels[choices.origin],
    landmarkMonths: choices.landmarkMonths,
    referenceArm: choices.referenceArm,
    arms: protocol.arms.map((arm) => ({ code: arm.code, label: arm.label, control: arm.control })),
    cutoffs: markers.cutoffs.map((cutoff) => ({
      analyte: cutoff.analyte,
      value: cutoff.value,
      unit: cutoff.unit,
      assay: cutoff.assay,
      site: cutoff.site,
      validFrom: cutoff.validFrom,
    })),
    rcv: markers.rcv.coefficients.map((rule) => ({
      analyte: rule.analyte,
      belowCutoff: cvText(rule.cvBelowCutoff),
      aboveCutoff: cvText(rule.cvAboveCutoff),
    })),
    rcvZ: markers.rcv.z,
    standardization:
      markers.standardization === "cutoff"
        ? "value ÷ the marker's cut-off (> 1 = above the cut-off)"
        : "value ÷ the subject's pre-IL-2 value",
    signalRule: `rise above the RCV over the subject's nadir${markers.signal.requireAboveCutoff ? " and above the cut-off" : ""}, confirmed by the next ${markers.signal.confirmations} draw(s); never counted as progression`,
    tregRule: `first draw with ${treg.analyte} above ${treg.k} × baseline (mean of the first ${treg.baselineDraws} draws in clinical benefit), confirmed by the next ${treg.confirmations} draw(s); time from the ${originLabels[treg.origin]}`,
    clinicalBenefitRule: `best overall response ${clinicalBenefit.responses.join(" or ")}, or SD lasting at least ${clinicalBenefit.stableMinWeeks} weeks from the ${originLabels[clinicalBenefit.stableFrom]}`,
    adjustedFor: choices.adjustedFor,
    primaryEndpoint: protocol.outcomes.primaryEndpoint.toUpperCase(),
    software: choices.software,
  };
}
