import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { migratedDataDirectory, openStore, systemActor } from "@ciclo/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const main = resolve(import.meta.dirname, "../../../../bin/main.ts");
const ciclo = (databaseUrl: string, ...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", main, ...args], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });

/** A study and a site: two audited rows. */
async function seedStudy(options: { dataDir?: string; loadDataDir?: Blob; databaseUrl?: string }) {
  const store = await openStore(options);
  await store.transaction(systemActor, async (tx) => {
    const study = await tx.records.create("study", { code: "CICLO", title: "Ciclo pilot" });
    if (!study.ok) throw new Error(study.problem.message);
    await tx.records.create("site", { studyId: study.value.id, code: "PI", name: "Pisa" });
  });
  await store.close();
}

describe("ciclo backup and restore of the embedded database", () => {
  const dir = mkdtempSync(join(tmpdir(), "ciclo-backup-"));
  const dataDir = join(dir, "data");
  beforeAll(async () => seedStudy({ dataDir, loadDataDir: await migratedDataDirectory() }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("backs up, refuses to overwrite a folder with data, and restores a copy whose audit trail verifies", () => {
    const file = join(dir, "ciclo.tar.gz");
    const backup = ciclo("", "backup", "--out", file, "--data-dir", dataDir);
    expect(backup.stdout).toBe(
      `backed up to ${file}; bring it back with: ciclo restore --file ${file}\n`,
    );
    expect(backup.status).toBe(0);

    const over = ciclo("", "restore", "--file", file, "--data-dir", dataDir);
    expect(over.status).toBe(1);
    expect(over.stderr).toContain(`${dataDir} already holds data; restore into an empty folder`);

    const copy = join(dir, "copy");
    const restored = ciclo("", "restore", "--file", file, "--data-dir", copy);
    expect(restored.stdout).toBe(
      `restored ${file} into ${copy}\naudit trail intact: 2 rows, every link verified\n`,
    );
    expect(restored.status).toBe(0);

    const forced = ciclo("", "restore", "--file", file, "--data-dir", dataDir, "--force");
    expect(forced.status).toBe(0);
    const setAside = /the folder that was there is kept at (\S+)/.exec(forced.stdout)?.[1];
    expect(setAside && existsSync(join(setAside, "PG_VERSION"))).toBe(true);
    expect(forced.stdout).toContain("audit trail intact: 2 rows, every link verified");
  }, 300_000);
});

const serverUrl = process.env.TEST_DATABASE_URL;

describe.runIf(serverUrl)("ciclo backup and restore on PostgreSQL", () => {
  const dir = mkdtempSync(join(tmpdir(), "ciclo-pg-backup-"));
  const suffix = `${Date.now().toString(36)}_${process.pid}`;
  const names = [`ciclo_backup_${suffix}`, `ciclo_restore_${suffix}`];
  const urlOf = (name: string) =>
    Object.assign(new URL(serverUrl!), { pathname: `/${name}` }).toString();
  const onServer = (statement: string) =>
    spawnSync("psql", [`--dbname=${serverUrl}`, `--command=${statement}`], { encoding: "utf8" });
  beforeAll(async () => {
    for (const name of names) onServer(`create database ${name}`);
    await seedStudy({ databaseUrl: urlOf(names[0]) });
  });
  afterAll(() => {
    for (const name of names) onServer(`drop database if exists ${name} with (force)`);
    rmSync(dir, { recursive: true, force: true });
  });

  it("restores a pg_dump archive into an empty database and verifies its audit trail", () => {
    const file = join(dir, "ciclo.dump");
    expect(ciclo(urlOf(names[0]), "backup", "--out", file).status).toBe(0);
    const over = ciclo(urlOf(names[0]), "restore", "--file", file);
    expect(over.status).toBe(1);
    expect(over.stderr).toContain("the database of DATABASE_URL already holds tables");
    const restored = ciclo(urlOf(names[1]), "restore", "--file", file);
    expect(restored.stdout).toBe(
      `restored ${file} into the database of DATABASE_URL\naudit trail intact: 2 rows, every link verified\n`,
    );
    expect(restored.status).toBe(0);
  }, 120_000);
});
