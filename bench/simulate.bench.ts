/**
 * Virtual patients with full trajectories (administrations through the protocol engine, draws,
 * marker, immune and cytokine results, adverse events): 10,000 patients, a third treated, as
 * `ciclo simulate` makes them. The note gives patients and lab results per second.
 *
 * Then the calibration of domain.md §5 on 200 seeded replicates of the pilot (42 treated,
 * 95 controls) with full records, every figure computed by the report's own analyses (medians,
 * unadjusted HRs and log-rank P of PFS and OS, the Treg split, lead time, the post-IL-2 fall);
 * the table (simulated median, its Monte-Carlo SE, published, 2.5–97.5 % range of the
 * replicates) goes to stderr.
 * The calibration test runs 40 of these replicates (about 1 s each).
 */
import { performance } from "node:perf_hooks";
import { calibrationStatistics, replicateSummary, seededRandom, simulateCohort } from "@ciclo/sim";
import { seedProtocol } from "@ciclo/trial";
import type { BenchContext, BenchRow } from "./run";

export const name = "simulate";

const calibrationReplicates = 200;

export async function run(context: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const n of context.sizes ?? [10_000]) {
    const treated = Math.round(n / 3);
    context.progress(`simulating ${n} patients`);
    const started = performance.now();
    const cohort = simulateCohort(
      seedProtocol,
      { treated, controls: n - treated, sites: ["PI", "FI", "SI"] },
      seededRandom(1),
    );
    const ms = performance.now() - started;
    const perSecond = (count: number) => Math.round((count / ms) * 1000).toLocaleString("en");
    rows.push({
      task: "cohort with full trajectories",
      n,
      cicloMs: ms,
      note: `${perSecond(n)} patients/s; ${perSecond(cohort.labResults.length)} lab results/s`,
    });
  }
  rows.push(calibration(context));
  return rows;
}

function calibration(context: BenchContext): BenchRow {
  const rng = seededRandom(20260102);
  const started = performance.now();
  const stats = Array.from({ length: calibrationReplicates }, (_, index) => {
    if (index % 20 === 0) context.progress(`calibration replicate ${index + 1}`);
    const cohort = simulateCohort(
      seedProtocol,
      { treated: 42, controls: 95, sites: ["PI", "FI", "SI"] },
      rng.split(),
    );
    return calibrationStatistics(seedProtocol, cohort);
  });
  const ms = performance.now() - started;
  const summary = replicateSummary(stats, [
    "pfsTreated",
    "pfsControl",
    "osTreated",
    "osControl",
    "tregShort",
    "tregLong",
    "leadTreated",
    "leadControl",
    "hrPfs",
    "hrOs",
    "pPfs",
    "pOs",
    "pPostIl2Fall",
  ]);
  for (const row of summary)
    context.progress(
      `${row.figure}: simulated ${row.median.toFixed(3)} (MC SE ${row.mcse.toFixed(3)}), published ${row.published}, 2.5–97.5% ${row.low.toFixed(3)}–${row.high.toFixed(3)}`,
    );
  return {
    task: "calibration, full records (42 + 95)",
    n: calibrationReplicates,
    cicloMs: ms,
    note: summary
      .map((row) => `${row.figure} ${row.median.toFixed(1)}/${row.published}`)
      .join("; "),
  };
}
