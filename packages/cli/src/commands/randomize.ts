import { readFileSync } from "node:fs";
import { allocator, parseProtocol, type RandomizationDesign } from "@ciclo/trial";
import type { Command } from "commander";
import { type CsvColumns, type Read, readCsvColumns } from "./stats-input";

/** One subject's allocation as `ciclo randomize` prints it. */
export interface PrintedAllocation {
  subject: string;
  arm: string;
  stratum: string;
}

/**
 * `ciclo randomize`: allocates the subjects of a CSV file, in file order, by the protocol's
 * randomization and a seed, to check a design before a trial starts. The trial itself
 * randomizes on the server, from a seed no site sees.
 */
export function registerRandomize(program: Command): void {
  program
    .command("randomize")
    .description(
      "allocate the subjects of a CSV file by a protocol's randomization, to check a design",
    )
    .requiredOption("--protocol <file>", "the protocol (JSON or YAML) with a randomization section")
    .requiredOption("--subjects <csv>", "one row per subject, in arrival order (see below)")
    .requiredOption("--seed <text>", "the seed; the same seed gives the same allocations")
    .option("--json", "print the allocations as one JSON array (the default)")
    .addHelpText(
      "after",
      `
The subjects file has a column 'subject' and one column per stratification factor of the
protocol, named as the factor's code. For protocols/ciclo-phase2.yaml they are:
  site      the site code, e.g. PI
  visceral  yes or no (visceral disease)
  dfi       <=24 or >24 (disease-free interval in months)

It prints [{ "subject", "arm", "stratum" }] in the file's order.`,
    )
    .action((options: { protocol: string; subjects: string; seed: string }) => {
      const allocations = randomizeFile(options);
      if (!allocations.ok) program.error(allocations.message, { exitCode: 2 });
      console.log(JSON.stringify(allocations.value, null, 2));
    });
}

/** The allocations of a subjects file, or a message naming the file, row or column at fault. */
export function randomizeFile(options: {
  protocol: string;
  subjects: string;
  seed: string;
}): Read<PrintedAllocation[]> {
  const design = readDesign(options.protocol);
  if (!design.ok) return design;
  const csv = readCsvColumns(options.subjects);
  if (!csv.ok) return csv;
  const missing = ["subject", ...design.value.factors.map((factor) => factor.code)].filter(
    (name) => !csv.value.header.includes(name),
  );
  if (missing.length > 0)
    return {
      ok: false,
      message: `'${options.subjects}' has no column ${missing.map((name) => `'${name}'`).join(", ")}; its header must hold subject and ${design.value.factors.map((f) => f.code).join(", ")}`,
    };
  return allocateRows(design.value, csv.value, options.seed);
}

function readDesign(path: string): Read<RandomizationDesign> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    return { ok: false, message: `cannot read '${path}': ${(error as Error).message}` };
  }
  const parsed = parseProtocol(text);
  if (!parsed.ok)
    return {
      ok: false,
      message: `'${path}' is not a valid protocol: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
    };
  if (!parsed.protocol.randomization)
    return { ok: false, message: `'${path}' has no randomization section; add one to randomize` };
  return { ok: true, value: parsed.protocol.randomization };
}

function allocateRows(
  design: RandomizationDesign,
  csv: CsvColumns,
  seed: string,
): Read<PrintedAllocation[]> {
  const next = allocator(design, seed);
  const printed: PrintedAllocation[] = [];
  for (let row = 0; row < csv.rowCount; row++) {
    const levels = Object.fromEntries(
      design.factors.map((factor) => [factor.code, csv.columns[factor.code].text(row)]),
    );
    const placed = next.allocate(levels);
    // Line numbers count the header as line 1, as the import's reports do.
    if (!placed.ok)
      return { ok: false, message: `line ${row + 2}, ${placed.field}: ${placed.message}` };
    const { arm, stratum } = placed.allocation;
    printed.push({ subject: csv.columns.subject.text(row), arm, stratum });
  }
  return { ok: true, value: printed };
}
