import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { serverDocument, trialReport } from "@ciclo/report";
import { type AnalysisInput, analysisInput, openStore, type Result } from "@ciclo/store";
import {
  type Protocol,
  parseProtocol,
  seedProtocol,
  type TimeOrigin,
  timeOrigins,
} from "@ciclo/trial";
import { type Command, Option } from "commander";
import {
  findStudy,
  inTerminalWords,
  openStoreAt,
  terminalActor,
  withStoreLocation,
} from "../open-store";
import { csvFolderInput } from "./csv-folder-input";

interface AnalyzeOptions {
  out?: string;
  json?: boolean;
  origin?: TimeOrigin;
  landmark?: string;
  referenceArm?: string;
  study?: string;
  generatedAt?: string;
  csv?: string;
  protocol?: string;
  dataDir: string;
}

/**
 * `ciclo analyze`: the trial's analyses from the stored data (PGlite in --data-dir, or
 * PostgreSQL from DATABASE_URL), or with --csv from a folder of CSV files in the import format
 * (what `ciclo simulate` writes, or a site's export), written as one self-contained HTML report
 * and, with --json, printed as JSON. The same data give the same report byte for byte.
 */
export function registerAnalyze(program: Command): void {
  withStoreLocation(
    program
      .command("analyze")
      .description("write the trial report (self-contained HTML) and, with --json, its numbers")
      .option("--out <file>", "the HTML report to write, e.g. report.html")
      .option("--json", "print every number of the report as JSON on standard output")
      .addOption(
        new Option(
          "--origin <origin>",
          "time origin of PFS and OS (default: the protocol's)",
        ).choices([...timeOrigins]),
      )
      .option("--landmark <months>", "landmark in months (default: the protocol's first)")
      .option("--reference-arm <arm>", "arm the hazard ratios are relative to (default: treated)")
      .option("--study <code>", "study code (default: the only study)")
      .option("--generated-at <text>", "a date to print in the footer (none by default)")
      .option(
        "--csv <dir>",
        "analyze a folder of CSV files in the import format (subjects.csv, follow-up.csv, …) instead of the database",
      )
      .option(
        "--protocol <file>",
        "with --csv: the protocol document (JSON or YAML; default the pilot's seed protocol)",
      ),
  ).action(async (options: AnalyzeOptions) => {
    if (!options.out && !options.json)
      program.error("say where the report goes: --out report.html, or --json", { exitCode: 2 });
    const landmarkMonths = options.landmark === undefined ? undefined : Number(options.landmark);
    if (landmarkMonths !== undefined && !(landmarkMonths > 0))
      program.error(`--landmark '${options.landmark}' is not a number of months above 0`, {
        exitCode: 2,
      });
    if (options.protocol && !options.csv)
      program.error("--protocol goes with --csv; a database's study has its own protocol", {
        exitCode: 2,
      });
    const protocol = options.csv ? protocolOf(options.protocol) : null;
    if (typeof protocol === "string") program.error(protocol, { exitCode: 2 });
    const store = options.csv ? await openStore({}) : await openStoreAt(options);
    try {
      let input: Result<AnalysisInput>;
      if (options.csv && protocol) {
        input = await csvFolderInput(store, options.csv, protocol, options.referenceArm);
      } else {
        const study = await findStudy(store, options.study);
        if (typeof study === "string") program.error(study, { exitCode: 2 });
        input = await store.transaction(terminalActor(), (tx) =>
          analysisInput(tx, study.id, { referenceArm: options.referenceArm }),
        );
      }
      if (!input.ok) program.error(inTerminalWords(input.problem), { exitCode: 2 });
      const { analyses, html } = await trialReport(input.value.records, input.value.protocol, {
        document: serverDocument(),
        origin: options.origin,
        landmarkMonths,
        referenceArm: options.referenceArm,
        runtime: `Node.js ${process.version}`,
        generatedAt: options.generatedAt,
      });
      if (options.out) {
        writeFileSync(options.out, html);
        console.error(
          `wrote ${options.out}: ${analyses.subjects} subjects, data snapshot ${analyses.dataSnapshot.slice(0, 12)}…`,
        );
      }
      if (options.json) console.log(JSON.stringify(analyses, null, 2));
    } finally {
      await store.close();
    }
  });
}

/** The protocol of a --csv analysis: the file given, or the seed protocol; a message if bad. */
function protocolOf(file: string | undefined): Protocol | string {
  if (!file) return seedProtocol;
  if (!existsSync(file))
    return `--protocol '${file}' does not exist; give a protocol document (JSON or YAML)`;
  const parsed = parseProtocol(readFileSync(file, "utf8"));
  if (parsed.ok) return parsed.protocol;
  return `--protocol '${file}' is not a valid protocol: ${parsed.problems
    .slice(0, 5)
    .map((p) => `${p.path}: ${p.message}`)
    .join("; ")}`;
}
