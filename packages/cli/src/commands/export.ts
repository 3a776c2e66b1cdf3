import { writeFileSync } from "node:fs";
import { columnDictionary, exportCsv, type ImportKind } from "@ciclo/store";
import type { Command } from "commander";
import { findStudy, openStoreAt, terminalActor, withStoreLocation } from "../open-store";
import { exitWith, kindOption } from "./data-options";

/**
 * `ciclo export --kind KIND [--out FILE.csv] [--dictionary]`: long-format CSV in the import's own
 * columns, or the kind's column dictionary.
 */
export function registerExport(program: Command): void {
  withStoreLocation(
    program
      .command("export")
      .description("export one kind of record as long-format CSV (the import's own columns)")
      .addOption(kindOption())
      .option("--out <csv>", "output file (default: standard output)")
      .option("--dictionary", "print the column dictionary of the kind instead of the data")
      .option("--study <code>", "study code (default: the only study)"),
  ).action(async (options) => {
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

function write(out: string | undefined, text: string) {
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}
