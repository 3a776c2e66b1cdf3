import { readFileSync } from "node:fs";
import { type ImportKind, importCsv } from "@ciclo/store";
import type { Command } from "commander";
import { findStudy, openStoreAt, terminalActor, withStoreLocation } from "../open-store";
import { exitWith, kindOption } from "./data-options";

/**
 * `ciclo import --kind KIND --file FILE.csv`: all-or-nothing; a rejected file prints every bad
 * row with its line and column, and exits with code 1.
 */
export function registerImport(program: Command): void {
  withStoreLocation(
    program
      .command("import")
      .description("import a CSV file all-or-nothing; prints every bad row when it is rejected")
      .addOption(kindOption())
      .requiredOption("--file <csv>", "the CSV file")
      .option("--study <code>", "study code (default: the only study)")
      .option("--reason <text>", "reason kept with the audit rows"),
  ).action(async (options) => {
    const store = await openStoreAt(options);
    let failed = false;
    try {
      const study = await findStudy(store, options.study);
      if (typeof study === "string") program.error(study, { exitCode: 2 });
      // The bytes: the import reads UTF-8 only and says so, instead of garbling Latin-1.
      const csv = new Uint8Array(readFileSync(options.file));
      const outcome = await store.transaction(terminalActor(), (tx) =>
        importCsv(tx, {
          kind: options.kind as ImportKind,
          csv,
          studyId: study.id,
          reason: options.reason,
        }),
      );
      if (outcome.ok) {
        const created = Object.entries(outcome.value.created).map(
          ([entity, count]) => `${count} ${entity}`,
        );
        console.log(
          `imported ${outcome.value.rows} rows of ${options.kind}: ${created.join(", ")}`,
        );
        return;
      }
      console.error(outcome.problem.message);
      for (const row of outcome.problem.rows ?? [])
        console.error(`  line ${row.row}, ${row.field}: ${row.message}`);
      failed = true;
    } finally {
      await store.close();
    }
    exitWith(failed);
  });
}
