import { SingleBar } from "cli-progress";
import { type Command, InvalidArgumentError, Option } from "commander";
import { combinePower, type PowerPart } from "../power-replicates";
import { defaultWorkers, runReplicates } from "../replicate-pool";
import type { DesignIo } from "./design";

const processIo: DesignIo = {
  write: (text) => process.stdout.write(text),
  fail: (message) => {
    process.stderr.write(`ciclo design power: ${message}\n`);
    process.exitCode = 2;
  },
};

function number(minimum: number, whole: boolean) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < minimum || (whole && !Number.isInteger(parsed)))
      throw new InvalidArgumentError(`give a ${whole ? "whole number" : "number"} ≥ ${minimum}`);
    return parsed;
  };
}

interface PowerOptions {
  perArm: number;
  accrualMonths: number;
  followupMonths: number;
  reps: number;
  seed: number;
  alpha: number;
  hazards: "model" | "exponential";
  workers: number;
  json?: boolean;
}

/**
 * `ciclo design power --per-arm N --accrual-months A --followup-months F --reps R --seed S`:
 * power of the randomized trial (anti-estrogen alone vs + IFN-β/IL-2) by simulating it R times
 * and testing PFS with the log-rank test, printed with its Monte-Carlo standard error beside
 * Schoenfeld's answer for the same hazard ratio and number of events. The replicates run on
 * `--workers` threads (one per core by default), with the same answer for any number of them.
 *
 * @example
 * addDesignPower(registerDesignCommand(program));
 */
export function addDesignPower(design: Command, io: DesignIo = processIo): Command {
  return design
    .command("power")
    .description(
      "power of the randomized trial by simulation (log-rank on PFS), beside Schoenfeld's formula",
    )
    .requiredOption("--per-arm <n>", "patients per arm", number(2, true))
    .requiredOption("--accrual-months <months>", "accrual period (uniform entry)", number(0, false))
    .requiredOption(
      "--followup-months <months>",
      "follow-up after the last entry",
      number(0, false),
    )
    .option("--reps <n>", "simulated trials", number(1, true), 1000)
    .option("--seed <n>", "seed: the same seed gives the same answer", number(0, true), 1)
    .option("--alpha <alpha>", "two-sided level of the log-rank test", number(0, false), 0.05)
    .addOption(
      new Option(
        "--hazards <kind>",
        "model: the calibrated patient model; exponential: proportional hazards, medians 18 vs 33 months",
      )
        .choices(["model", "exponential"])
        .default("model"),
    )
    .option(
      "--workers <n>",
      `worker threads for the replicates (default: one per core, ${defaultWorkers} here); the answer is the same for any number`,
      number(1, true),
      defaultWorkers,
    )
    .option("--json", "print JSON")
    .action(async ({ workers, ...options }: PowerOptions) => {
      const bar = options.json
        ? null
        : new SingleBar({
            format: "simulating {bar} {value}/{total} trials",
            stream: process.stderr,
          });
      bar?.start(options.reps, 0);
      const parts = await runReplicates(
        "power",
        { design: options, seed: options.seed },
        { reps: options.reps, workers, onProgress: (done) => bar?.update(done) },
      );
      bar?.stop();
      const failed = parts.find((part): part is { message: string } => "message" in part);
      if (failed) return io.fail(failed.message);
      const e = combinePower(parts as PowerPart[], options.alpha);
      if (options.json) return io.write(`${JSON.stringify({ ...options, ...e }, null, 2)}\n`);
      io.write(
        `power by simulation: ${e.power.toFixed(3)} ± ${e.monteCarloError.toFixed(3)} (Monte-Carlo SE, ${e.reps} trials, mean ${e.meanEvents.toFixed(1)} progressions)\n` +
          `Schoenfeld:          ${e.schoenfeldPower.toFixed(3)} for hazard ratio ${e.hazardRatio.toFixed(3)} and ${e.meanEvents.toFixed(1)} events\n`,
      );
    });
}
