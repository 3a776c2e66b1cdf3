import { normalizeUnit } from "./analytes";
import type { PlainDate } from "./plain-date";
import type { Protocol } from "./protocol-schema";
import { type TrialProblem, trialProblem } from "./trial-problem";

export type MarkerCutoff =
  | {
      ok: true;
      value: number;
      unit: string;
      validFrom: PlainDate;
      /** The version's site and assay ('*' for any): which of the protocol's cut-offs was used. */
      site: string;
      assay: string;
    }
  | TrialProblem;

/**
 * The cut-off of a marker on a date, for the site and assay of the result (domain.md §4:
 * site- and assay-specific, versioned by date). A version applies from `validFrom` until the
 * day before `validTo`. A site- or assay-specific cut-off beats a '*' one; among equals the
 * latest `validFrom` wins. The value comes back in the catalogue's unit.
 *
 * @example
 * markerCutoff(seedProtocol, "CEA", "1993-03-08"); // => { ok: true, value: 5, unit: "ng/mL", validFrom: "1990-01-01", site: "*", assay: "*" }
 */
export function markerCutoff(
  protocol: Protocol,
  analyte: string,
  on: PlainDate,
  where: { site?: string | null; assay?: string | null } = {},
): MarkerCutoff {
  const candidates = protocol.markers.cutoffs.filter(
    (cutoff) =>
      cutoff.analyte === analyte &&
      cutoff.validFrom <= on &&
      (cutoff.validTo === null || on < cutoff.validTo) &&
      (cutoff.site === "*" || cutoff.site === where.site) &&
      (cutoff.assay === "*" || cutoff.assay === where.assay),
  );
  const specificity = (c: (typeof candidates)[number]) =>
    (c.site === "*" ? 0 : 2) + (c.assay === "*" ? 0 : 1);
  const chosen = candidates.sort(
    (a, b) => specificity(b) - specificity(a) || b.validFrom.localeCompare(a.validFrom),
  )[0];
  if (!chosen)
    return trialProblem(
      "no_cutoff",
      `protocol ${protocol.id} has no cut-off for ${analyte} on ${on}${where.site ? ` at site ${where.site}` : ""}${where.assay ? ` with assay ${where.assay}` : ""}; add one to markers.cutoffs`,
    );
  const normalized = normalizeUnit(analyte, chosen.value, chosen.unit);
  if (!normalized.ok) return { ...normalized, message: `markers.cutoffs: ${normalized.message}` };
  return {
    ok: true,
    value: normalized.value,
    unit: normalized.unit,
    validFrom: chosen.validFrom,
    site: chosen.site,
    assay: chosen.assay,
  };
}
