import { seededRandom, simulatePower } from "@ciclo/sim";
import { SingleBar } from "cli-progress";
import { type Command, InvalidArgumentError, Option } from "commander";
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
  json?: boolean;
}

/**
 * `ciclo design power --per-arm N --accrual-months A --followup-months F --reps R --seed S`:
 * power of the randomized trial (anti-estrogen alone vs + IFN-β/IL-2) by simulating it R times
 * and testing PFS with the log-rank test, printed with its Monte-Carlo standard error beside
 * Schoenfeld's answer for the same hazard ratio and number of events.
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
    .option("--json", "print JSON")
    .action((options: PowerOptions) => {
      const bar = options.json
        ? null
        : new SingleBar({
            format: "simulating {bar} {value}/{total} trials",
            stream: process.stderr,
          });
      bar?.start(options.reps, 0);
      const estimate = simulatePower(
        { ...options, onReplicate: (done) => bar?.update(done) },
        seededRandom(options.seed),
      );
      bar?.stop();
      if (!estimate.ok) return io.fail(estimate.message);
      const e = estimate.value;
      if (options.json) return io.write(`${JSON.stringify({ ...options, ...e }, null, 2)}\n`);
      io.write(
        `power by simulation: ${e.power.toFixed(3)} ± ${e.monteCarloError.toFixed(3)} (Monte-Carlo SE, ${e.reps} trials, mean ${e.meanEvents.toFixed(1)} progressions)\n` +
          `Schoenfeld:          ${e.schoenfeldPower.toFixed(3)} for hazard ratio ${e.hazardRatio.toFixed(3)} and ${e.meanEvents.toFixed(1)} events\n`,
      );
    });
}
