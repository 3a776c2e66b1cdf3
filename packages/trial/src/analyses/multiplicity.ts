import { holm } from "@ciclo/stats";
import type { SurvivalComparison } from "./survival-by-arm";
import type { NotComputed, TrialAnalyses } from "./trial-analyses";

/** The primary analysis and the Holm-adjusted secondary ones. */
export interface Multiplicity {
  primary: { analysis: string; p: number } | null;
  secondary: { analysis: string; p: number; holm: number }[];
}

/**
 * Multiplicity across the report: the protocol's primary endpoint's log-rank test is the
 * primary analysis, tested at the full alpha; every other P-value that compares arms, states or
 * groups is secondary, adjusted together by Holm's method (R: `p.adjust(p, "holm")`). The
 * adjustment covariates' own P-values are not hypotheses of the trial and are left out.
 *
 * @example
 * multiplicity(analyses, "pfs").primary; // => { analysis: "PFS log-rank", p: 0.002 }
 */
export function multiplicity(
  analyses: Omit<TrialAnalyses, "multiplicity" | "flow">,
  primaryEndpoint: "pfs" | "os",
): Multiplicity {
  let primary: Multiplicity["primary"] = null;
  const tested: { analysis: string; p: number }[] = [];
  const survival = (section: SurvivalComparison | NotComputed, isPrimary: boolean) => {
    if ("notComputed" in section) return;
    const logRank = { analysis: `${section.endpoint} log-rank`, p: section.logRank.p };
    if (isPrimary) primary = logRank;
    else tested.push(logRank);
    for (const hr of section.hazardRatios)
      if (!section.adjustedFor.includes(hr.term))
        tested.push({ analysis: `${section.endpoint} ${hr.model} Cox: ${hr.term}`, p: hr.p });
  };
  survival(analyses.pfs, primaryEndpoint === "pfs");
  survival(analyses.os, primaryEndpoint === "os");
  if (!("notComputed" in analyses.landmark)) {
    survival(analyses.landmark.pfs, false);
    survival(analyses.landmark.os, false);
  }
  if (!("notComputed" in analyses.timeVarying))
    for (const hr of analyses.timeVarying)
      tested.push({ analysis: `time-varying Cox: ${hr.term}`, p: hr.p });
  for (const [label, comparisons] of [
    ["immune", analyses.immune],
    ["marker response", analyses.markerResponse],
  ] as const)
    if (!("notComputed" in comparisons))
      for (const c of comparisons) tested.push({ analysis: `${label}: ${c.parameter}`, p: c.p });
  const treg = analyses.tregIncrease;
  if (!("notComputed" in treg)) {
    if (!("notComputed" in treg.timeVaryingOs))
      tested.push({
        analysis: `Treg: ${treg.timeVaryingOs.hazardRatio.term}`,
        p: treg.timeVaryingOs.hazardRatio.p,
      });
    if (!("notComputed" in treg.interval))
      tested.push({ analysis: "Treg: published < 5 y vs ≥ 5 y split", p: treg.interval.p });
  }
  const lead = analyses.leadTime;
  if (!("notComputed" in lead))
    for (const c of [lead.detected, lead.allProgressions])
      if (!("notComputed" in c)) tested.push({ analysis: c.parameter, p: c.p });
  const adjusted = holm(tested.map((t) => t.p));
  return { primary, secondary: tested.map((t, i) => ({ ...t, holm: adjusted[i] })) };
}
