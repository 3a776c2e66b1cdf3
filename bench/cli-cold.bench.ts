/**
 * The command line as a statistician meets it: each number comes from a fresh `ciclo` process,
 * with nothing warmed up, against its anchor measured in the same run.
 *
 * - `ciclo stats km|logrank|cox --timings` at 1e6 rows (the survival module's cohort): the
 *   compute time the command reports (median of 3 processes) against R survival's survfit,
 *   survdiff and coxph on the same CSV (system.time inside one Rscript, median of 3);
 * - reading that CSV (the same processes' read time), against R's read.csv of it;
 * - `ciclo --help` from start to exit (median of 10), against `node -e 0`;
 * - `ciclo design power` on 1 worker thread against one per core (the ratio is the speed-up).
 *
 * It runs the built command (packages/cli/dist), building it first.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import type { BenchContext, BenchRow } from "./run";
import { rScript, simulateCohort, writeCsv } from "./survival.bench";

export const name = "cli-cold";

const root = fileURLToPath(new URL("..", import.meta.url));
const ciclo = join(root, "packages/cli/dist/main.js");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Wall-clock milliseconds of one process, from spawn to exit. */
function processMs(command: string, args: string[]): number {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")}: ${result.stderr}`);
  return performance.now() - started;
}

/** `ciclo stats … --json --timings` in a fresh process: its read and compute times. */
function statsTimings(args: string[]): { readMs: number; computeMs: number } {
  const result = spawnSync(process.execPath, [ciclo, "stats", ...args, "--json", "--timings"], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  if (result.status !== 0) throw new Error(`ciclo stats ${args.join(" ")}: ${result.stderr}`);
  return JSON.parse(result.stdout).timings;
}

const readScript = `
args <- commandArgs(trailingOnly = TRUE)
t <- numeric(3)
for (k in 1:3) t[k] <- system.time(read.csv(args[1], colClasses = c("numeric", "numeric", "numeric", "numeric", "numeric", "character")))[["elapsed"]]
cat(median(t) * 1000)
`;

export async function run(context: BenchContext): Promise<BenchRow[]> {
  context.progress("building the command");
  execFileSync(process.execPath, [join(root, "scripts/build-cli.mjs")], { stdio: "ignore" });
  const rows: BenchRow[] = [];
  const directory = mkdtempSync(join(tmpdir(), "ciclo-bench-cli-"));
  try {
    const n = context.sizes?.[0] ?? 1e6;
    const csv = join(directory, "cohort.csv");
    context.progress(`n = ${n}: writing the CSV`);
    writeCsv(csv, simulateCohort(n, 20260129));

    let rTimes: Record<string, number> | undefined;
    let rReadMs: number | undefined;
    if (context.rscript) {
      context.progress(`n = ${n}: timing R (3 repeats)`);
      const script = join(directory, "time-survival.R");
      writeFileSync(script, rScript);
      rTimes = JSON.parse(execFileSync(context.rscript, [script, csv, "3"], { encoding: "utf8" }));
      const reading = join(directory, "time-read.R");
      writeFileSync(reading, readScript);
      rReadMs = Number(execFileSync(context.rscript, [reading, csv], { encoding: "utf8" }));
    }

    const commands = {
      km: ["km", "--data", csv, "--group", "arm"],
      logrank: ["logrank", "--data", csv, "--group", "arm"],
      cox: ["cox", "--data", csv, "--covariates", "age,marker,dose,arm", "--factors", "arm"],
    };
    const labels = { km: "stats km", logrank: "stats logrank", cox: "stats cox (Efron, 4 terms)" };
    const readTimes: number[] = [];
    for (const [task, args] of Object.entries(commands) as [keyof typeof commands, string[]][]) {
      context.progress(`n = ${n}: ciclo ${labels[task]} (3 cold processes)`);
      const runs = [0, 1, 2].map(() => statsTimings(args));
      readTimes.push(...runs.map((timing) => timing.readMs));
      rows.push({
        task: `${labels[task]}, compute in a cold process`,
        n,
        cicloMs: median(runs.map((timing) => timing.computeMs)),
        rMs: rTimes?.[task],
      });
    }
    rows.push({
      task: "stats: read the CSV",
      n,
      cicloMs: median(readTimes),
      rMs: rReadMs,
      note: "R: read.csv",
    });

    context.progress("ciclo --help (10 cold processes)");
    const help = median(
      Array.from({ length: 10 }, () => processMs(process.execPath, [ciclo, "--help"])),
    );
    const bare = median(Array.from({ length: 10 }, () => processMs(process.execPath, ["-e", "0"])));
    rows.push({
      task: "ciclo --help, cold, start to exit",
      n: 1,
      cicloMs: help,
      note: `node -e 0 takes ${bare.toFixed(0)} ms`,
    });

    const workers = availableParallelism();
    const power = (count: number) =>
      processMs(process.execPath, [
        ciclo,
        ...["design", "power", "--per-arm", "60", "--accrual-months", "24"],
        ...["--followup-months", "24", "--reps", "4000", "--seed", "1", "--json"],
        ...["--workers", String(count)],
      ]);
    context.progress(`design power, 4000 replicates: 1 worker, then ${workers}`);
    const one = median([0, 1, 2].map(() => power(1)));
    const all = median([0, 1, 2].map(() => power(workers)));
    rows.push({
      task: `design power on ${workers} workers (anchor: 1 worker)`,
      n: 4000,
      cicloMs: all,
      note: `1 worker: ${one.toFixed(0)} ms; speed-up ${(one / all).toFixed(2)}× on ${workers} cores`,
    });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  return rows;
}
