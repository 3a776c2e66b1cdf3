import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  claimDataDirectory,
  lockFileOf,
  migratedDataDirectory,
  openStore,
  StoreUnavailable,
  systemActor,
} from "./index";

describe("an embedded store in a data directory", () => {
  const root = mkdtempSync(join(tmpdir(), "ciclo-datadir-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("creates missing parent folders (a fresh clone has no ./.ciclo) and keeps data across opens", async () => {
    const dataDir = join(root, ".ciclo", "data");
    const first = await openStore({ dataDir });
    const created = await first.transaction(systemActor, (tx) =>
      tx.records.create("study", { code: "CICLO", title: "Ciclo pilot" }),
    );
    expect(created.ok).toBe(true);
    await first.close();
    expect(existsSync(join(dataDir, "PG_VERSION"))).toBe(true);
    const again = await openStore({ dataDir });
    const studies = await again.transaction(systemActor, (tx) => tx.records.list("study"));
    expect(studies.map((study) => study.code)).toEqual(["CICLO"]);
    await again.close();
  });
});

describe("the lock of a data directory", () => {
  const root = mkdtempSync(join(tmpdir(), "ciclo-lock-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("admits one owner at a time, names it to the next, and frees the folder on release", () => {
    const dataDir = join(root, "served");
    const release = claimDataDirectory(dataDir, { serving: "http://127.0.0.1:3000/" });
    const owner = JSON.parse(readFileSync(lockFileOf(dataDir), "utf8"));
    expect(owner.pid).toBe(process.pid);
    expect(owner.serving).toBe("http://127.0.0.1:3000/");
    let refusal: unknown;
    try {
      claimDataDirectory(dataDir);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(StoreUnavailable);
    expect((refusal as Error).message).toContain(
      `Ciclo is serving this data directory (pid ${process.pid}, http://127.0.0.1:3000/); stop it first`,
    );
    release();
    expect(existsSync(lockFileOf(dataDir))).toBe(false);
    claimDataDirectory(dataDir)();
  });

  it("clears the lock of an owner that is no longer alive", () => {
    const dataDir = join(root, "crashed");
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    writeFileSync(lockFileOf(dataDir), JSON.stringify({ pid: gone, startedAt: "", command: "" }));
    const release = claimDataDirectory(dataDir);
    expect(JSON.parse(readFileSync(lockFileOf(dataDir), "utf8")).pid).toBe(process.pid);
    release();
    // An earlier run with this very PID (a container restarting as PID 1) left its lock.
    writeFileSync(
      lockFileOf(dataDir),
      JSON.stringify({ pid: process.pid, startedAt: "", command: "" }),
    );
    claimDataDirectory(dataDir)();
    expect(existsSync(lockFileOf(dataDir))).toBe(false);
  });

  it("answers a damaged folder with the recovery step, not PGlite's abort", async () => {
    const dataDir = join(root, "damaged");
    await (await openStore({ dataDir, loadDataDir: await migratedDataDirectory() })).close();
    rmSync(join(dataDir, "global", "pg_control"));
    await expect(openStore({ dataDir })).rejects.toThrow(
      `the embedded database in ${dataDir} is damaged and cannot start. Restore it from a backup: ciclo restore --file BACKUP.tar.gz --data-dir ${dataDir} --force`,
    );
    expect(existsSync(lockFileOf(dataDir))).toBe(false);
  }, 180_000);
});
