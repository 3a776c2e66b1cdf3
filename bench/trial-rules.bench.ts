/**
 * The trial's per-subject rules at cohort scale: planning every subject's cycles (with one
 * delayed IL-2 week each) and scanning their CEA series for marker signals. The simulator and
 * the server run these for every subject, so their cost per subject matters.
 */
import { performance } from "node:perf_hooks";
import {
  addDays,
  type LabResultRecord,
  markerSignals,
  planCycles,
  seedProtocol,
} from "@ciclo/trial";
import type { BenchContext, BenchRow } from "./run";

export const name = "trial-rules";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timed(reps: number, work: () => void): number {
  const times: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  return median(times);
}

export async function run(context: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const n of context.sizes ?? [100, 1000]) {
    context.progress(`trial rules: ${n} subjects`);
    const plan = () => {
      for (let s = 0; s < n; s++) {
        const startDate = addDays("1993-02-01", 7 * (s % 200));
        planCycles(seedProtocol, {
          arm: "treated",
          startDate,
          cycles: 10,
          administrations: [
            {
              subjectId: `S${s}`,
              drug: "il-2",
              scheduledDate: addDays(startDate, 70 + 28),
              givenAt: `${addDays(startDate, 70 + 35)}T09:00:00Z`,
              status: "delayed",
            },
          ],
        });
      }
    };
    rows.push({ task: "planCycles, 10 cycles, one delay", n, cicloMs: timed(3, plan) });
    const series: LabResultRecord[] = Array.from({ length: 30 }, (_, draw) => ({
      subjectId: "S",
      analyte: "CEA",
      drawnAt: `${addDays("1993-02-01", 35 * draw)}T08:00:00Z`,
      relation: "routine",
      value: 2 + Math.max(0, draw - 20) * 1.5,
      unit: "ng/mL",
    }));
    const signals = () => {
      for (let s = 0; s < n; s++) markerSignals(seedProtocol, series);
    };
    rows.push({ task: "markerSignals, 30 CEA draws", n, cicloMs: timed(3, signals) });
  }
  return rows;
}
