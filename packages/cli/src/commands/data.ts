import { readFileSync, writeFileSync } from "node:fs";
import { columnDictionary, exportCsv, type ImportKind, importCsv, importKinds } from "@ciclo/store";
import { type Command, Option } from "commander";
import { findStudy, openStoreAt, terminalActor, withStoreLocation } from "../open-store";

const kindOption = () =>
  new Option("--kind <kind>", "what the file holds")
    .choices([...importKinds])
    .makeOptionMandatory();

/**
 * `ciclo import`, `ciclo export` and `ciclo audit verify`: the data manager's terminal tools.
 * Import is all-or-nothing; a rejected file prints every bad row and exits with code 1.
 */
export function registerDataCommands(program: Command): void {
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
      const csv = readFileSync(options.file, "utf8");
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

  const audit = program.command("audit").description("the audit trail");
  withStoreLocation(
    audit
      .command("verify")
      .description("check the hash chain of the audit trail; exit code 1 when it is broken"),
  ).action(async (options) => {
    const store = await openStoreAt(options);
    let failed = false;
    try {
      const verdict = await store.verifyAuditChain();
      if (verdict.ok) console.log(`audit trail intact: ${verdict.rows} rows, every link verified`);
      else {
        console.error(`audit trail BROKEN at row ${verdict.seq}: ${verdict.message}`);
        failed = true;
      }
    } finally {
      await store.close();
    }
    exitWith(failed);
  });
}

/**
 * The embedded database's runtime resets the exit code when it shuts down, so a failure is
 * reported by exiting explicitly once the store is closed.
 */
function exitWith(failed: boolean) {
  if (failed) process.exit(1);
}

function write(out: string | undefined, text: string) {
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}
