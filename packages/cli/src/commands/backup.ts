import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { openStore, restoreDataDirectory } from "@ciclo/store";
import type { Command } from "commander";
import { openStoreAt, withStoreLocation } from "../open-store";
import { printVerdict } from "./audit";
import { exitWith } from "./data-options";

/**
 * `ciclo backup --out FILE` and `ciclo restore --file FILE [--force]`. The embedded database is
 * kept as PGlite's own data-directory tarball (gzip); PostgreSQL (DATABASE_URL) as a pg_dump
 * archive in custom format, made and read by pg_dump and pg_restore, which must be installed.
 * A restore ends by verifying the audit trail of the restored copy.
 */
export function registerBackup(program: Command): void {
  withStoreLocation(
    program
      .command("backup")
      .description(
        "copy the whole database to a file: a PGlite tarball, or a pg_dump archive (custom format) when DATABASE_URL is set",
      )
      .requiredOption("--out <file>", "the backup file to write (must not exist yet)"),
  ).action(async (options: { out: string; dataDir: string }) => {
    const out = resolve(options.out);
    if (existsSync(out)) program.error(`${out} already exists; choose a new file name`);
    const url = process.env.DATABASE_URL;
    if (url) {
      pgTool(program, "pg_dump", ["--format=custom", `--file=${out}`, `--dbname=${url}`]);
    } else {
      const store = await openStoreAt(options);
      try {
        writeFileSync(out, new Uint8Array(await (await store.dump("gzip")).arrayBuffer()));
      } finally {
        await store.close();
      }
    }
    console.log(`backed up to ${out}; bring it back with: ciclo restore --file ${out}`);
  });

  withStoreLocation(
    program
      .command("restore")
      .description(
        "bring a backup back into an empty data directory (or database), then verify its audit trail",
      )
      .requiredOption("--file <file>", "a file written by ciclo backup")
      .option("--force", "replace data already there (a PGlite folder is set aside, not deleted)"),
  ).action(async (options: { file: string; dataDir: string; force?: boolean }) => {
    const file = resolve(options.file);
    if (!existsSync(file))
      program.error(`${file} does not exist; give the file ciclo backup wrote`);
    const url = process.env.DATABASE_URL;
    let intact: boolean;
    if (url) {
      intact = await restorePostgres(program, file, url, options.force === true);
    } else {
      const dataDir = resolve(options.dataDir);
      const restored = await restoreDataDirectory(new Blob([readFileSync(file)]), dataDir, {
        force: options.force,
      });
      if ("refused" in restored) program.error(restored.refused);
      console.log(`restored ${file} into ${dataDir}`);
      if (restored.setAside)
        console.log(`the folder that was there is kept at ${restored.setAside}`);
      intact = printVerdict(restored.verdict);
    }
    exitWith(!intact);
  });
}

async function restorePostgres(
  program: Command,
  file: string,
  url: string,
  force: boolean,
): Promise<boolean> {
  const tables = pgTool(program, "psql", [
    `--dbname=${url}`,
    "--no-psqlrc",
    "--tuples-only",
    "--no-align",
    "--command=select count(*) from pg_tables where schemaname = 'public'",
  ]);
  if (Number(tables.trim()) > 0 && !force) {
    program.error(
      "the database of DATABASE_URL already holds tables; restore into an empty database, or add --force to drop what is there and restore in its place",
    );
  }
  const clean = force ? ["--clean", "--if-exists"] : [];
  pgTool(program, "pg_restore", [
    "--no-owner",
    "--exit-on-error",
    ...clean,
    `--dbname=${url}`,
    file,
  ]);
  console.log(`restored ${file} into the database of DATABASE_URL`);
  const store = await openStore({ databaseUrl: url });
  try {
    return printVerdict(await store.verifyAuditChain());
  } finally {
    await store.close();
  }
}

/** Runs a PostgreSQL client program; its failure ends the command with its own message. */
function pgTool(program: Command, tool: string, args: string[]): string {
  const run = spawnSync(tool, args, { encoding: "utf8" });
  if (run.error) {
    program.error(
      `${tool} could not run (${run.error.message}); install PostgreSQL's client programs`,
    );
  }
  if (run.status !== 0) program.error(`${tool} failed: ${run.stderr.trim()}`);
  return run.stdout;
}
