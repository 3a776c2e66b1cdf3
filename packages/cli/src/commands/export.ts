import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ExportFormat, exportFormats, studyExport } from "@ciclo/interop";
import { columnDictionary, exportCsv, type ImportKind } from "@ciclo/store";
import { type Command, Option } from "commander";
import { findStudy, openStoreAt, terminalActor, withStoreLocation } from "../open-store";
import { exitWith, kindOption } from "./data-options";

/**
 * `ciclo export --kind KIND [--out FILE.csv] [--dictionary]`: long-format CSV in the import's own
 * columns, or the kind's column dictionary. `ciclo export --format odm|fhir --out FILE` and
 * `--format sdtm --out DIR`: the whole study by a standard (@ciclo/interop).
 */
export function registerExport(program: Command): void {
  withStoreLocation(
    program
      .command("export")
      .description("export one kind of record as long-format CSV (the import's own columns)")
      .addOption(kindOption().makeOptionMandatory(false))
      .addOption(
        new Option("--format <format>", "csv (one kind), or the whole study by a standard")
          .choices(["csv", ...exportFormats])
          .default("csv"),
      )
      .option("--out <csv>", "output file (default: standard output); a directory for sdtm")
      .option("--dictionary", "print the column dictionary of the kind instead of the data")
      .option("--study <code>", "study code (default: the only study)"),
  ).action(async (options) => {
    if (options.format !== "csv") return exportStandard(program, options);
    if (!options.kind)
      program.error("give --kind KIND (or --format odm|fhir|sdtm)", { exitCode: 2 });
    if (options.dictionary) {
      write(options.out, columnDictionary(options.kind as ImportKind));
      return;
    }
    const store = await openStoreAt(options);
    const failed = false;
    try {
      const study = await findStudy(store, options.study);
      if (typeof study === "string") program.error(study, { exitCode: 2 });
      const csv = await store.transaction(terminalActor(), (tx) =>
        exportCsv(tx.db, options.kind as ImportKind, { studyId: study.id }),
      );
      write(options.out, csv);
    } finally {
      await store.close();
    }
    exitWith(failed);
  });
}

/** The whole study in a standard format, written to --out (a directory for several files). */
async function exportStandard(
  program: Command,
  options: { format: ExportFormat; out?: string; study?: string; dataDir: string },
) {
  if (!options.out) program.error(`give --out for --format ${options.format}`, { exitCode: 2 });
  const store = await openStoreAt(options);
  let failed = false;
  try {
    const study = await findStudy(store, options.study);
    if (typeof study === "string") program.error(study, { exitCode: 2 });
    const files = await store.transaction(terminalActor(), (tx) =>
      studyExport(tx, options.format, { studyId: study.id, generatedAt: new Date() }),
    );
    if (!files.ok) {
      console.error(files.problem.message);
      failed = true;
    } else if (files.value.length === 1) {
      writeFileSync(options.out as string, files.value[0].text);
    } else {
      mkdirSync(options.out as string, { recursive: true });
      for (const file of files.value)
        writeFileSync(join(options.out as string, file.name), file.text);
    }
  } finally {
    await store.close();
  }
  exitWith(failed);
}

function write(out: string | undefined, text: string) {
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}
