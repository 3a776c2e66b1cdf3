/**
 * `npm run bench`: runs every `bench/*.bench.ts` module in turn and prints one table.
 *
 * A module exports `name` and `run(context)`, which returns rows of timings. Comparing with its
 * anchor is part of a module's job: R on the same data (`context.rscript` is the path of
 * `Rscript` when it is on PATH), pgbench for writes, the in-memory analysis for reads.
 *
 *   npm run bench                       all modules, default sizes
 *   npm run bench -- survival           modules whose name contains "survival"
 *   npm run bench -- report             the module named "report" alone (a whole name is exact)
 *   npm run bench -- --sizes 1e4,1e5    smaller sizes (modules that take sizes honour it)
 */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

export interface BenchContext {
  /** Path of Rscript, or undefined when R is not installed. */
  rscript: string | undefined;
  /** Row counts asked for on the command line, if any. */
  sizes: number[] | undefined;
  /** Progress on stderr, so that stdout keeps only the table. */
  progress: (message: string) => void;
}

export interface BenchRow {
  /** What was timed, e.g. "Kaplan-Meier". */
  task: string;
  /** Rows of input. */
  n: number;
  cicloMs: number;
  /**
   * The anchor's time on the same work, when it was run: R on the same data, pgbench's time per
   * insert, the in-memory analysis.
   */
  rMs?: number;
  /** A note, e.g. why R was not run. */
  note?: string;
}

export interface BenchModule {
  name: string;
  run: (context: BenchContext) => Promise<BenchRow[]>;
}

function findRscript(): string | undefined {
  try {
    return (
      execFileSync("sh", ["-c", "command -v Rscript"], { encoding: "utf8" }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

function parseArguments(argv: string[]): { filters: string[]; sizes: number[] | undefined } {
  const filters: string[] = [];
  let sizes: number[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--sizes") sizes = argv[++i].split(",").map(Number);
    else filters.push(argv[i]);
  }
  return { filters, sizes };
}

function formatRow(row: BenchRow): string[] {
  const ratio = row.rMs === undefined ? "" : ratioText(row.rMs / row.cicloMs);
  return [
    row.task,
    row.n.toExponential(0).replace("+", ""),
    row.cicloMs.toFixed(1),
    row.rMs !== undefined ? row.rMs.toFixed(1) : "",
    ratio,
    row.note ?? "",
  ];
}

/** 12.3× when Ciclo is faster than its anchor; a percentage of the anchor's speed when slower. */
function ratioText(ratio: number): string {
  return ratio >= 1 ? `${ratio.toFixed(1)}×` : `${(100 * ratio).toFixed(1)} %`;
}

function printTable(rows: string[][]) {
  const header = ["task", "n", "Ciclo ms", "anchor ms", "anchor / Ciclo", "note"];
  const all = [header, ...rows];
  const widths = header.map((_, j) => Math.max(...all.map((row) => row[j].length)));
  for (const row of all) {
    console.log(
      row
        .map((cell, j) => (j === 0 || j === 5 ? cell.padEnd(widths[j]) : cell.padStart(widths[j])))
        .join("  "),
    );
  }
}

const { filters, sizes } = parseArguments(process.argv.slice(2));
const directory = fileURLToPath(new URL(".", import.meta.url));
const files = readdirSync(directory)
  .filter((file) => file.endsWith(".bench.ts"))
  .sort();
const context: BenchContext = {
  rscript: findRscript(),
  sizes,
  progress: (message) => process.stderr.write(`  … ${message}\n`),
};
const modules: BenchModule[] = [];
for (const file of files)
  modules.push((await import(pathToFileURL(directory + file).href)) as BenchModule);
// A filter that is a module's whole name picks that module alone ("report" is not
// "report-from-store"); any other filter picks the modules whose name contains it.
const names = new Set(modules.map((module) => module.name));
const picked = (name: string) =>
  filters.length === 0 ||
  filters.some((filter) => (names.has(filter) ? name === filter : name.includes(filter)));
const rows: string[][] = [];
for (const module of modules) {
  if (!picked(module.name)) continue;
  process.stderr.write(
    `${module.name}${context.rscript ? "" : " (Rscript not found: Ciclo only)"}\n`,
  );
  for (const row of await module.run(context))
    rows.push([`${module.name}: ${row.task}`, ...formatRow(row).slice(1)]);
}
printTable(rows);
