/**
 * Kaplan–Meier, log-rank and Cox (Efron; three numeric covariates and a two-level factor) at
 * 1e4, 1e5 and 1e6 rows, against R's survfit, survdiff and coxph on the same data.
 *
 * Both sides time the computation in memory: the data are generated here, written to a CSV that
 * R reads before its clock starts, and each side reports the median of its repeats. R's calls are
 * the ones a statistician types (`coxph` computes its concordance too, as does `coxPh`).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { coxPh, kaplanMeier, logRank } from "@ciclo/stats";
import type { BenchContext, BenchRow } from "./run";

export const name = "survival";

interface Cohort {
  time: Float64Array;
  status: Float64Array;
  age: Float64Array;
  marker: Float64Array;
  dose: Float64Array;
  arm: string[];
}

/** A seeded cohort: exponential survival in days depending on the covariates, uniform censoring. */
export function simulateCohort(n: number, seed: number): Cohort {
  let state = seed >>> 0;
  const uniform = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const cohort: Cohort = {
    time: new Float64Array(n),
    status: new Float64Array(n),
    age: new Float64Array(n),
    marker: new Float64Array(n),
    dose: new Float64Array(n),
    arm: new Array(n),
  };
  for (let i = 0; i < n; i++) {
    const age = 60 + 10 * normal();
    const marker = normal();
    const dose = 50 + 50 * uniform();
    const treated = uniform() < 0.5;
    const hazard =
      (1 / 700) *
      Math.exp(0.02 * (age - 60) + 0.3 * marker - 0.005 * (dose - 75) - (treated ? 0.4 : 0));
    const eventDay = Math.ceil(-Math.log(1 - uniform()) / hazard);
    const censorDay = Math.ceil(3650 * uniform());
    cohort.time[i] = Math.min(eventDay, censorDay);
    cohort.status[i] = eventDay <= censorDay ? 1 : 0;
    cohort.age[i] = Math.round(age * 10) / 10;
    cohort.marker[i] = Math.round(marker * 1000) / 1000;
    cohort.dose[i] = Math.round(dose);
    cohort.arm[i] = treated ? "IL2" : "control";
  }
  return cohort;
}

export function writeCsv(path: string, cohort: Cohort) {
  const lines = ["time,status,age,marker,dose,arm"];
  for (let i = 0; i < cohort.time.length; i++) {
    lines.push(
      `${cohort.time[i]},${cohort.status[i]},${cohort.age[i]},${cohort.marker[i]},${cohort.dose[i]},${cohort.arm[i]}`,
    );
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
}

export const rScript = `
suppressMessages({ library(survival); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], colClasses = c("numeric", "numeric", "numeric", "numeric", "numeric", "character"))
reps <- as.integer(args[2])
timed <- function(expr) { t <- numeric(reps); for (k in seq_len(reps)) t[k] <- system.time(eval(expr))[["elapsed"]]; median(t) * 1000 }
cat(toJSON(list(
  km = timed(quote(survfit(Surv(time, status) ~ arm, data = d))),
  logrank = timed(quote(survdiff(Surv(time, status) ~ arm, data = d))),
  cox = timed(quote(coxph(Surv(time, status) ~ age + marker + dose + arm, data = d, ties = "efron")))
), auto_unbox = TRUE))
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeCiclo(reps: number, task: () => unknown): number {
  // Warm-up: let the JIT compile the hot loops, as a long-running server would have.
  for (let k = 0; k < 3; k++) task();
  const times: number[] = [];
  for (let k = 0; k < reps; k++) {
    const started = performance.now();
    task();
    times.push(performance.now() - started);
  }
  return median(times);
}

function tasks(cohort: Cohort): Record<"km" | "logrank" | "cox", () => unknown> {
  const { time, status, age, marker, dose, arm } = cohort;
  return {
    km: () => {
      const fit = kaplanMeier({ time, status, group: arm });
      if (!fit.ok) throw new Error(fit.problem.message);
    },
    logrank: () => {
      const test = logRank({ time, status, group: arm });
      if (!test.ok) throw new Error(test.problem.message);
    },
    cox: () => {
      // Treatment contrast of the two-level factor, as R's model.matrix does inside coxph.
      const il2 = new Float64Array(arm.length);
      for (let i = 0; i < arm.length; i++) il2[i] = arm[i] === "IL2" ? 1 : 0;
      const fit = coxPh(
        {
          time,
          status,
          covariates: [age, marker, dose, il2],
          names: ["age", "marker", "dose", "armIL2"],
        },
        { ties: "efron" },
      );
      if (!fit.ok) throw new Error(fit.problem.message);
    },
  };
}

const labels = { km: "Kaplan-Meier", logrank: "log-rank", cox: "Cox (Efron, 4 terms)" } as const;

export async function run(context: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const directory = mkdtempSync(join(tmpdir(), "ciclo-bench-"));
  try {
    for (const n of context.sizes ?? [1e4, 1e5, 1e6]) {
      const reps = n >= 1e6 ? 3 : 5;
      context.progress(`n = ${n}: simulating`);
      const cohort = simulateCohort(n, 20260129);
      let rTimes: Record<string, number> | undefined;
      if (context.rscript) {
        const csv = join(directory, `cohort-${n}.csv`);
        writeCsv(csv, cohort);
        const script = join(directory, "time-survival.R");
        writeFileSync(script, rScript);
        context.progress(`n = ${n}: timing R (${reps} repeats)`);
        rTimes = JSON.parse(
          execFileSync(context.rscript, [script, csv, String(reps)], { encoding: "utf8" }),
        );
      }
      context.progress(`n = ${n}: timing Ciclo (${reps} repeats)`);
      for (const [task, body] of Object.entries(tasks(cohort)) as [
        keyof typeof labels,
        () => unknown,
      ][]) {
        rows.push({ task: labels[task], n, cicloMs: timeCiclo(reps, body), rMs: rTimes?.[task] });
      }
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  return rows;
}
