/**
 * The full trial report for a simulated cohort (issue 6: 10,000 patients under 10 s): the data
 * snapshot hash, the five analyses and the HTML with its SVG plots, timed apart. Simulating the
 * cohort is not timed.
 */
import { dataSnapshotHash, renderReport, serverDocument } from "@ciclo/report";
import { seededRandom, simulateCohort } from "@ciclo/sim";
import { analyzeTrial, seedProtocol } from "@ciclo/trial";
import type { BenchContext, BenchRow } from "./run";

export const name = "report";

export async function run(context: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const n of context.sizes ?? [10_000]) {
    const treated = Math.round((n * 42) / 137);
    context.progress(`report: simulating ${n} patients (not timed)`);
    const cohort = simulateCohort(
      seedProtocol,
      { treated, controls: n - treated, sites: ["PI", "FI", "SI"] },
      seededRandom(1992),
    );
    const records = {
      subjects: cohort.subjects,
      administrations: cohort.administrations,
      labResults: cohort.labResults,
      progressions: cohort.progressions,
      followUps: cohort.followUps,
    };
    const note = `${cohort.labResults.length} lab results, ${cohort.administrations.length} doses`;
    context.progress(`report: timing ${n} patients`);
    let start = performance.now();
    const dataSnapshot = await dataSnapshotHash(records);
    rows.push({ task: "data snapshot hash", n, cicloMs: performance.now() - start, note });
    start = performance.now();
    const analyses = analyzeTrial(records, seedProtocol, { dataSnapshot, software: [] });
    rows.push({ task: "five analyses", n, cicloMs: performance.now() - start });
    start = performance.now();
    const html = renderReport(analyses, { document: serverDocument() });
    rows.push({
      task: "HTML and SVG",
      n,
      cicloMs: performance.now() - start,
      note: `${Math.round(html.length / 1024)} KiB`,
    });
    rows.push({
      task: "total (target < 10 s at 10,000)",
      n,
      cicloMs: rows.slice(-3).reduce((sum, row) => sum + row.cicloMs, 0),
    });
  }
  return rows;
}
