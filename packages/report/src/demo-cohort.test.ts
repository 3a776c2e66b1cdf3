import { seededRandom, simulateCohort } from "@ciclo/sim";
import {
  isNotComputed,
  type PairedComparison,
  type SurvivalComparisonOrNot,
  seedProtocol,
} from "@ciclo/trial";
import { describe, expect, it } from "vitest";
import { serverDocument } from "./server-document";
import { trialReport } from "./trial-report";

// The demo cohort: the pilot's 42 treated and 95 controls at seed 1, as `ciclo serve` imports it
// (importDemoCohort). Expected directions and sizes are the published ones (domain.md §5).
const cohort = simulateCohort(
  seedProtocol,
  { treated: 42, controls: 95, sites: ["PI", "FI", "SI"] },
  seededRandom(1),
);
const { analyses, html } = await trialReport(cohort, seedProtocol, { document: serverDocument() });

function survival(section: SurvivalComparisonOrNot) {
  if (isNotComputed(section)) throw new Error(section.notComputed);
  const median = (arm: string) => section.curves.find((c) => c.arm === arm)!.median!;
  const hr = (model: string) =>
    section.hazardRatios.find((h) => h.model === model && h.term === "control vs treated")!;
  return { median, hr, p: section.logRank.p };
}

function paired(comparisons: PairedComparison[] | { notComputed: string }, parameter: string) {
  if (isNotComputed(comparisons)) throw new Error(comparisons.notComputed);
  return comparisons.find((c) => c.parameter === parameter)!;
}

describe("the report on the demo cohort shows the published effects", () => {
  it("PFS: treated median longer (published 33 vs 18 months), HR controls vs treated > 1, p < 0.05", () => {
    const pfs = survival(analyses.pfs);
    expect(pfs.median("treated")).toBeGreaterThan(pfs.median("control"));
    expect(pfs.median("control")).toBeGreaterThan(12);
    expect(pfs.median("control")).toBeLessThan(24);
    // Published HR (controls vs cases) 2.347 unadjusted, 3.090 adjusted.
    expect(pfs.hr("unadjusted").hazardRatio).toBeGreaterThan(1.5);
    expect(pfs.hr("unadjusted").hazardRatio).toBeLessThan(4);
    expect(pfs.hr("unadjusted").p).toBeLessThan(0.05);
    expect(pfs.hr("adjusted").hazardRatio).toBeGreaterThan(1.5);
    expect(pfs.hr("adjusted").p).toBeLessThan(0.05);
    expect(pfs.p).toBeLessThan(0.05);
  });

  it("OS: treated median longer (published 81 vs 62 months), HR controls vs treated > 1, p < 0.05", () => {
    const os = survival(analyses.os);
    expect(os.median("treated")).toBeGreaterThan(os.median("control"));
    // Published HR 1.874 unadjusted (P = 0.019), 2.147 adjusted (P = 0.044).
    expect(os.hr("unadjusted").hazardRatio).toBeGreaterThan(1.2);
    expect(os.hr("unadjusted").p).toBeLessThan(0.05);
    expect(os.hr("adjusted").hazardRatio).toBeGreaterThan(1.2);
  });

  it("landmark at the protocol's 12 months: every treated patient at risk, the effect keeps its direction", () => {
    // The remedy for immortal time (domain.md §4): only subjects event-free at 12 months, timed
    // from there. All 42 treated started IFN-β by then; controls vs treated still HR > 1.
    if (isNotComputed(analyses.landmark)) throw new Error(analyses.landmark.notComputed);
    for (const section of [analyses.landmark.pfs, analyses.landmark.os]) {
      expect(section.curves.find((c) => c.arm === "treated")?.n).toBe(42);
      const [hr] = section.hazardRatios;
      expect(hr.term).toBe("control vs treated");
      expect(hr.hazardRatio).toBeGreaterThan(1.2);
      expect(hr.p).toBeLessThan(0.05);
    }
    expect(html).toContain("PFS from the 12-month landmark");
  });

  it("immune: lymphocytes and CD4+ higher in clinical benefit, Treg higher at progression", () => {
    for (const parameter of ["Lymphocytes (10⁹/L)", "CD4+ (cells/µL)", "CD8+ (cells/µL)"]) {
      const c = paired(analyses.immune, parameter);
      expect(c.medianFirst).toBeGreaterThan(c.medianSecond);
      expect(c.p).toBeLessThan(0.05);
    }
    const treg = paired(analyses.immune, "Treg (cells/µL)");
    // Published: Treg at progression more than twice the clinical-benefit level.
    expect(treg.medianSecond).toBeGreaterThan(2 * treg.medianFirst);
  });

  it("markers fall after IL-2 in clinical benefit and rise after IL-2 at progression", () => {
    const cb = paired(analyses.markerResponse, "pooled, clinical benefit");
    expect(cb.medianSecond).toBeLessThan(cb.medianFirst);
    const progression = paired(analyses.markerResponse, "pooled, progression");
    expect(progression.medianSecond).toBeGreaterThan(progression.medianFirst);
    expect(progression.p).toBeLessThan(0.05);
  });

  it("reproduces the published Treg split (20 vs 45.5 months) and shows it is biased", () => {
    const section = analyses.tregIncrease;
    if (isNotComputed(section)) throw new Error(section.notComputed);
    if (isNotComputed(section.interval)) throw new Error(section.interval.notComputed);
    const [short, long] = section.interval.groups;
    expect(short.median).toBeLessThan(long.median);
    expect(section.interval.p).toBeLessThan(0.05);
    if (isNotComputed(section.timeVaryingOs)) throw new Error(section.timeVaryingOs.notComputed);
    // Every subject with a Treg baseline, both arms: far more than the published split's.
    const model = section.timeVaryingOs.hazardRatio;
    expect(model.n).toBeGreaterThan(short.values.length + long.values.length);
    expect(section.timeVaryingOs.increases.map((a) => a.arm)).toEqual(["control", "treated"]);
    if (isNotComputed(section.biasCheck)) throw new Error(section.biasCheck.notComputed);
    // Under the null the split rejects far more often than 5%: more than 3 Monte-Carlo SEs above
    // it (seed 1 cohort, 200 replicates: 13.9% ± 2.5%).
    const [naive] = section.biasCheck.rows;
    expect(naive.falsePositiveRate).toBeGreaterThan(0.05 + 3 * naive.monteCarloSe);
    expect(html).toContain("Bias check under the null");
  });

  it("marker lead time is longer in treated than controls (published 12.1 vs 2.4 months)", () => {
    if (isNotComputed(analyses.leadTime)) throw new Error(analyses.leadTime.notComputed);
    const { detected, detection } = analyses.leadTime;
    if (isNotComputed(detected)) throw new Error(detected.notComputed);
    expect(detection.map((d) => d.group)).toEqual(["treated", "controls"]);
    const [treated, controls] = detected.groups;
    expect(treated.mean).toBeGreaterThan(controls.mean);
    expect(detected.p).toBeLessThan(0.05);
  });

  it("draws every subject's pair at the pilot size: no sample, no sampling caption", () => {
    for (const comparisons of [analyses.immune, analyses.markerResponse]) {
      if (isNotComputed(comparisons)) throw new Error(comparisons.notComputed);
      for (const c of comparisons) {
        const start = html.indexOf(`<h2>${c.parameter}</h2>`);
        const figure = html.slice(start, html.indexOf("</figure>", start));
        const lines = figure.match(/aria-label="line"[^>]*>([\s\S]*?)<\/g>/)?.[1] ?? "";
        expect(lines.match(/<path /g)?.length).toBe(c.pairs.length);
      }
    }
    expect(paired(analyses.immune, "CD4+ (cells/µL)").pairs).toHaveLength(130);
    expect(html).not.toContain("Lines for");
  });

  it("warns of immortal time and records the snapshot and protocol version", () => {
    expect(analyses.warnings[0]).toMatch(/^immortal-time bias/);
    expect(analyses.dataSnapshot).toMatch(/^[0-9a-f]{64}$/);
    expect(html).toContain(`version <b>${seedProtocol.version}</b>`);
  });
});
