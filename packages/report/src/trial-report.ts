import {
  type AnalyzeTrialOptions,
  analyzeTrial,
  type Protocol,
  type TrialAnalyses,
  type TrialRecords,
} from "@ciclo/trial";
import { dataSnapshotHash } from "./data-snapshot-hash";
import type { PlotDocument } from "./plot-document";
import { renderReport } from "./render-report";

/** Version of the analyses and report layout; recorded in every report's methods. */
export const reportVersion = "1.0.0";

/** The kinds of record the analyses read; anything else a caller passes along is not hashed. */
function recordsUsed(records: TrialRecords): Record<string, readonly unknown[]> {
  const { subjects, administrations, labResults, progressions, followUps, responseAssessments } =
    records;
  return {
    subjects,
    administrations,
    labResults,
    progressions,
    followUps,
    ...(responseAssessments ? { responseAssessments } : {}),
  };
}

export interface TrialReportOptions extends Omit<AnalyzeTrialOptions, "dataSnapshot" | "software"> {
  document: PlotDocument;
  /** The runtime, e.g. `Node.js v20.20.0` (the browser's user agent there). */
  runtime?: string;
  generatedAt?: string;
}

/**
 * The whole trial report from the records: the data snapshot hash, the analyses and the HTML,
 * for `ciclo analyze` and `GET /api/report.html` alike.
 *
 * @example
 * const { analyses, html } = await trialReport(records, protocol, { document: serverDocument() });
 */
export async function trialReport(
  records: TrialRecords,
  protocol: Protocol,
  { document, runtime, generatedAt, ...analysisOptions }: TrialReportOptions,
): Promise<{ analyses: TrialAnalyses; html: string }> {
  const dataSnapshot = await dataSnapshotHash(recordsUsed(records));
  const software = [
    { name: "Ciclo analyses and report", version: reportVersion },
    { name: "Ciclo survival engine (@ciclo/stats, matched to R survival 3.5)", version: "1" },
    ...(runtime ? [{ name: "runtime", version: runtime }] : []),
  ];
  const analyses = analyzeTrial(records, protocol, { ...analysisOptions, dataSnapshot, software });
  return { analyses, html: renderReport(analyses, { document, generatedAt }) };
}
