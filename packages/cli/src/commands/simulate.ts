import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { seededRandom, simulateCohort } from "@ciclo/sim";
import { cohortCsv } from "@ciclo/store";
import { seedProtocol } from "@ciclo/trial";
import { SingleBar } from "cli-progress";
import { type Command, InvalidArgumentError } from "commander";

/** Site codes in the order `--sites N` takes them: the Tuscan centres of the planned phase II. */
export const simulatedSiteCodes = ["PI", "FI", "SI", "LU", "AR", "LI", "GR", "MS", "PT", "PO"];

export interface SimulateRequest {
  treated: number;
  controls: number;
  sites: number;
  seed: number;
  out: string;
  onPatient?: (done: number, total: number) => void;
}

/**
 * Simulates a cohort and writes one CSV file per record kind into `out` (`subjects.csv`,
 * `administrations.csv`, `visits.csv`, `lab-results.csv`, …) in the store's import format.
 * Returns the files written with their row counts.
 *
 * @example
 * writeSimulatedCohort({ treated: 42, controls: 95, sites: 3, seed: 1, out: "demo" });
 * // => [{ kind: "subjects", file: "demo/subjects.csv", rows: 137 }, …]
 */
export function writeSimulatedCohort(
  request: SimulateRequest,
): { kind: string; file: string; rows: number }[] {
  const cohort = simulateCohort(
    seedProtocol,
    {
      treated: request.treated,
      controls: request.controls,
      sites: simulatedSiteCodes.slice(0, request.sites),
      onPatient: request.onPatient,
    },
    seededRandom(request.seed),
  );
  mkdirSync(request.out, { recursive: true });
  return cohortCsv(cohort).map(({ kind, csv, rows }) => {
    const file = join(request.out, `${kind}.csv`);
    writeFileSync(file, csv);
    return { kind, file, rows };
  });
}

function wholeNumber(minimum: number, maximum = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < minimum || number > maximum)
      throw new InvalidArgumentError(`give a whole number from ${minimum} to ${maximum}`);
    return number;
  };
}

/**
 * `ciclo simulate --treated 42 --controls 95 --sites 3 --seed 1 --out DIR`: a simulated cohort
 * as CSV files that `ciclo import` reads (import subjects first; sites must exist in the study).
 */
export function registerSimulate(program: Command): void {
  program
    .command("simulate")
    .description(
      "simulate a cohort of the trial (seeded) and write it as CSV files in the import format",
    )
    .option("--treated <n>", "patients on anti-estrogen + IFN-β/IL-2", wholeNumber(0), 42)
    .option("--controls <n>", "patients on the anti-estrogen alone", wholeNumber(0), 95)
    .option(
      "--sites <n>",
      `number of sites (${simulatedSiteCodes.join(", ")})`,
      wholeNumber(1, simulatedSiteCodes.length),
      3,
    )
    .option(
      "--seed <n>",
      "seed: the same seed writes the same files",
      wholeNumber(0, 2 ** 32 - 1),
      1,
    )
    .requiredOption("--out <dir>", "directory to write the CSV files into")
    .action((options: Omit<SimulateRequest, "onPatient">) => {
      const bar = new SingleBar({
        format: "simulating {bar} {value}/{total} patients",
        stream: process.stderr,
      });
      bar.start(options.treated + options.controls, 0);
      const files = writeSimulatedCohort({
        ...options,
        onPatient: (done) => bar.update(done),
      });
      bar.stop();
      for (const file of files) console.log(`${file.file}: ${file.rows} rows`);
    });
}
