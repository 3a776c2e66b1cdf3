/**
 * Virtual patients with full trajectories (administrations through the protocol engine, draws,
 * marker, immune and cytokine results, adverse events): 10,000 patients, a third treated, as
 * `ciclo simulate` makes them. The note gives patients and lab results per second.
 */
import { performance } from "node:perf_hooks";
import { seededRandom, simulateCohort } from "@ciclo/sim";
import { seedProtocol } from "@ciclo/trial";
import type { BenchContext, BenchRow } from "./run";

export const name = "simulate";

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
  return rows;
}
