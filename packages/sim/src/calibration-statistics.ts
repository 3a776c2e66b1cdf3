import {
  analyzeTrial,
  isNotComputed,
  type Protocol,
  type SurvivalComparisonOrNot,
  type TrialRecords,
} from "@ciclo/trial";

/** The figures of domain.md §5 as computed from one cohort's records. */
export interface CalibrationStatistics {
  /** Kaplan–Meier medians (months from the start of hormone therapy), treated and controls. */
  medianPfs: { treated: number; control: number };
  medianOs: { treated: number; control: number };
  /** Unadjusted Cox hazard ratio of controls vs treated, and the log-rank P, per endpoint. */
  hazardRatio: { pfs: number; os: number };
  logRankP: { pfs: number; os: number };
  /** Median months to the Treg increase in the report's published split (< 5 y vs ≥ 5 y). */
  tregIncreaseMonths: { shortSurvivors: number; longSurvivors: number };
  /** Mean marker lead time (months) of detected progressions, the report's rule. */
  markerLeadMonths: { treated: number; control: number };
  /** Signed-rank P of the pooled post-IL-2 marker fall in clinical benefit. */
  postIl2FallP: number;
}

/**
 * Computes the published figures from a cohort's RECORDS with the report's own rules: every
 * figure is read from `analyzeTrial` (origin: start of hormone therapy, as the publications),
 * so the calibration and the report cannot drift apart. The bias check is not run (it does not
 * enter any figure). A figure with no patient to compute it from is NaN.
 *
 * @example
 * const figures = calibrationStatistics(seedProtocol, simulateCohort(seedProtocol, spec, seededRandom(1)));
 * figures.medianPfs; // => { treated: 3x.x, control: 1x.x }
 */
export function calibrationStatistics(
  protocol: Protocol,
  records: TrialRecords,
): CalibrationStatistics {
  const analyses = analyzeTrial(records, protocol, {
    origin: "hormoneTherapyStart",
    landmarkMonths: null,
    dataSnapshot: "",
    software: [],
    biasCheck: { replicates: 0 },
  });
  const survival = (section: SurvivalComparisonOrNot) => {
    if (isNotComputed(section))
      return { treated: Number.NaN, control: Number.NaN, hr: Number.NaN, p: Number.NaN };
    const median = (arm: string) => section.curves.find((c) => c.arm === arm)?.median ?? Number.NaN;
    const hr = section.hazardRatios.find((h) => h.model === "unadjusted");
    return {
      treated: median("treated"),
      control: median("control"),
      hr: hr?.hazardRatio ?? Number.NaN,
      p: section.logRank.p,
    };
  };
  const pfs = survival(analyses.pfs);
  const os = survival(analyses.os);
  const treg = analyses.tregIncrease;
  const split = isNotComputed(treg) || isNotComputed(treg.interval) ? null : treg.interval;
  const lead = analyses.leadTime;
  const detected = isNotComputed(lead) || isNotComputed(lead.detected) ? null : lead.detected;
  const fall = isNotComputed(analyses.markerResponse)
    ? undefined
    : analyses.markerResponse.find((c) => c.parameter === "pooled, clinical benefit");
  return {
    medianPfs: { treated: pfs.treated, control: pfs.control },
    medianOs: { treated: os.treated, control: os.control },
    hazardRatio: { pfs: pfs.hr, os: os.hr },
    logRankP: { pfs: pfs.p, os: os.p },
    tregIncreaseMonths: {
      shortSurvivors: split ? medianOf(split.groups[0].values) : Number.NaN,
      longSurvivors: split ? medianOf(split.groups[1].values) : Number.NaN,
    },
    markerLeadMonths: {
      treated: detected ? meanOf(detected.groups[0].values) : Number.NaN,
      control: detected ? meanOf(detected.groups[1].values) : Number.NaN,
    },
    postIl2FallP: fall?.p ?? Number.NaN,
  };
}

/** Median of a list (NaN when empty). */
export function medianOf(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function meanOf(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The published figures of domain.md §5 that the model is calibrated to. */
export const publishedFigures = {
  pfsTreated: 33,
  pfsControl: 18,
  osTreated: 81,
  osControl: 62,
  tregShort: 20,
  tregLong: 45.5,
  leadTreated: 12.1,
  leadControl: 2.4,
  /** HR controls vs cases (earlier interim) and the final report's log-rank P-values. */
  hrPfs: 2.347,
  hrOs: 1.874,
  pPfs: 0.002,
  pOs: 0.019,
  /** Not published as a number: "a significant fall"; 0.05 marks significance. */
  pPostIl2Fall: 0.05,
} as const;
export type CalibrationFigure = keyof typeof publishedFigures;

const figureOf: Record<CalibrationFigure, (s: CalibrationStatistics) => number> = {
  pfsTreated: (s) => s.medianPfs.treated,
  pfsControl: (s) => s.medianPfs.control,
  osTreated: (s) => s.medianOs.treated,
  osControl: (s) => s.medianOs.control,
  tregShort: (s) => s.tregIncreaseMonths.shortSurvivors,
  tregLong: (s) => s.tregIncreaseMonths.longSurvivors,
  leadTreated: (s) => s.markerLeadMonths.treated,
  leadControl: (s) => s.markerLeadMonths.control,
  hrPfs: (s) => s.hazardRatio.pfs,
  hrOs: (s) => s.hazardRatio.os,
  pPfs: (s) => s.logRankP.pfs,
  pOs: (s) => s.logRankP.os,
  pPostIl2Fall: (s) => s.postIl2FallP,
};

/** One figure over many replicate trials, beside its published value. */
export interface ReplicateSummary {
  figure: CalibrationFigure;
  published: number;
  /** Median over the replicates (those where the figure could be computed). */
  median: number;
  /** 2.5 and 97.5 percentiles: the sampling spread of one trial of the replicates' size. */
  low: number;
  high: number;
  /** Monte-Carlo SE of the median, 1.25·SD/√R (the SE of a sample median under normality). */
  mcse: number;
  replicates: number;
}

/**
 * Summarizes the calibration figures over replicate cohorts (each computed from its records
 * by `calibrationStatistics`).
 *
 * @example
 * replicateSummary(stats, ["pfsTreated"]); // => [{ figure: "pfsTreated", published: 33, median: 33.4, low: 24.9, high: 42.6, mcse: 0.4, replicates: 200 }]
 */
export function replicateSummary(
  stats: readonly CalibrationStatistics[],
  figures: readonly CalibrationFigure[],
): ReplicateSummary[] {
  return figures.map((figure) => {
    const sorted = stats
      .map(figureOf[figure])
      .filter((value) => !Number.isNaN(value))
      .sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    const mean = meanOf(sorted);
    const sd = Math.sqrt(sorted.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (sorted.length - 1));
    return {
      figure,
      published: publishedFigures[figure],
      median: medianOf(sorted),
      low: at(0.025),
      high: at(0.975),
      mcse: (1.25 * sd) / Math.sqrt(sorted.length),
      replicates: sorted.length,
    };
  });
}
