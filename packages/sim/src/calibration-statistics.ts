import { kaplanMeier, medianSurvival } from "@ciclo/stats";
import {
  daysBetween,
  daysPerMonth,
  deriveOutcomes,
  markerLeadTime,
  markerSignals,
  type Protocol,
  recordsBySubject,
  type TrialRecords,
  tregIncrease,
} from "@ciclo/trial";

/** The figures of domain.md §5 as computed from one cohort's records. */
export interface CalibrationStatistics {
  /** Kaplan–Meier medians (months from the start of hormone therapy), treated and controls. */
  medianPfs: { treated: number; control: number };
  medianOs: { treated: number; control: number };
  /** Median months from the first IFN-β dose to the confirmed Treg increase, treated patients
   * who died within 5 years vs those who lived 5 years or more. */
  tregIncreaseMonths: { shortSurvivors: number; longSurvivors: number };
  /** Mean marker lead time (months) among progressed patients with a marker signal. */
  markerLeadMonths: { treated: number; control: number };
}

/**
 * Computes the published figures from a cohort's RECORDS with the trial's own rules: PFS and
 * OS by `deriveOutcomes` and the Kaplan–Meier median of @ciclo/stats, the Treg increase by
 * `tregIncrease`, the marker signal and lead time by `markerSignals` and `markerLeadTime`.
 * A figure with no patient to compute it from is NaN.
 *
 * @example
 * const figures = calibrationStatistics(seedProtocol, simulateCohort(seedProtocol, spec, seededRandom(1)));
 * figures.medianPfs; // => { treated: 3x.x, control: 1x.x }
 */
export function calibrationStatistics(
  protocol: Protocol,
  records: TrialRecords,
): CalibrationStatistics {
  const { outcomes } = deriveOutcomes(records.subjects, records.progressions, records.followUps, {
    origin: "hormoneTherapyStart",
  });
  const median = (arm: string, endpoint: "pfs" | "os") => {
    const rows = outcomes.filter((outcome) => outcome.arm === arm);
    const fit = kaplanMeier({
      time: rows.map((row) => row[endpoint].time),
      status: rows.map((row) => Number(row[endpoint].event)),
    });
    if (!fit.ok || fit.value.curves.length === 0) return Number.NaN;
    const curve = fit.value.curves[0];
    return medianSurvival(curve.time, curve.surv);
  };
  const resultsBySubject = recordsBySubject(records.labResults);
  const progressionOf = new Map(records.progressions.map((p) => [p.subjectId, p.progressedOn]));
  const lastContact = new Map<string, { date: string; dead: boolean }>();
  for (const contact of records.followUps) {
    const previous = lastContact.get(contact.subjectId);
    if (!previous || contact.contactDate > previous.date)
      lastContact.set(contact.subjectId, {
        date: contact.deathDate ?? contact.contactDate,
        dead: contact.vitalStatus === "dead",
      });
  }
  const tregShort: number[] = [];
  const tregLong: number[] = [];
  const leads: Record<string, number[]> = { treated: [], control: [] };
  for (const subject of records.subjects) {
    const results = resultsBySubject.get(subject.subjectId) ?? [];
    const progressedOn = progressionOf.get(subject.subjectId);
    if (progressedOn) {
      const first = markerSignals(protocol, results).first;
      if (first) leads[subject.arm]?.push(markerLeadTime(first, progressedOn).months);
    }
    if (subject.arm !== "treated" || !subject.firstIfnDate) continue;
    const contact = lastContact.get(subject.subjectId);
    if (!contact) continue;
    const survivalMonths = daysBetween(subject.firstIfnDate, contact.date) / daysPerMonth;
    const group =
      contact.dead && survivalMonths < 60 ? tregShort : survivalMonths >= 60 ? tregLong : null;
    if (!group) continue;
    const treg = tregIncrease(protocol, subject, results);
    if (treg.ok && treg.increase) group.push(treg.increase.months);
  }
  return {
    medianPfs: { treated: median("treated", "pfs"), control: median("control", "pfs") },
    medianOs: { treated: median("treated", "os"), control: median("control", "os") },
    tregIncreaseMonths: { shortSurvivors: medianOf(tregShort), longSurvivors: medianOf(tregLong) },
    markerLeadMonths: { treated: meanOf(leads.treated), control: meanOf(leads.control) },
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
