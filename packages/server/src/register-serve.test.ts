import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { lockFileOf, migratedDataDirectory, openStore, systemActor } from "@ciclo/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const main = resolve(import.meta.dirname, "../../../bin/main.ts");
const env = { ...process.env, DATABASE_URL: "" };
const ciclo = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", main, ...args], { encoding: "utf8", env });
const cicloWith = (extra: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", main, ...args], {
    encoding: "utf8",
    env: { ...env, ...extra },
  });

/** A running `ciclo serve`, once it has printed its address. */
async function serve(...args: string[]): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ["--import", "tsx", main, "serve", ...args], { env });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  await new Promise<void>((ready, fail) => {
    const check = setInterval(() => {
      if (output.includes("Ciclo is serving at")) {
        clearInterval(check);
        ready();
      }
    }, 100);
    child.once("exit", (code) => {
      clearInterval(check);
      fail(new Error(`ciclo serve exited with ${code}: ${output}`));
    });
  });
  return { child, output: () => output };
}

function stopped(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((done) => {
    child.once("exit", (code) => done(code));
    child.kill(signal);
  });
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

describe("ciclo serve owns its embedded data directory", () => {
  const dir = mkdtempSync(join(tmpdir(), "ciclo-serve-"));
  const dataDir = join(dir, "data");
  beforeAll(async () => {
    const store = await openStore({ dataDir, loadDataDir: await migratedDataDirectory() });
    await store.transaction(systemActor, (tx) =>
      tx.records.create("study", { code: "CICLO", title: "Ciclo pilot" }),
    );
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("stops a second command with what to do, and starts again after SIGTERM with its data", {
    timeout: 240_000,
  }, async () => {
    const port = String(await freePort());
    const server = await serve("--data-dir", dataDir, "--port", port);
    const second = ciclo("audit", "verify", "--data-dir", dataDir);
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(
      `Ciclo is serving this data directory (pid ${server.child.pid}, http://`,
    );
    expect(second.stderr).toContain(`:${port}/); stop it first`);
    expect(second.stderr.length).toBeLessThan(1000);

    expect(await stopped(server.child, "SIGTERM")).toBe(0);
    expect(existsSync(lockFileOf(dataDir))).toBe(false);

    const again = await serve("--data-dir", dataDir, "--port", port);
    expect(again.output()).toContain(`Using the trial in ${dataDir}.`);
    expect(await stopped(again.child, "SIGINT")).toBe(0);
    const verdict = ciclo("audit", "verify", "--data-dir", dataDir);
    expect(verdict.stdout).toBe(
      `audit trail intact: 1 rows, every link verified; it reaches row 1 of the signed checkpoint ${join(dataDir, "ciclo-audit-checkpoint.json")}\n`,
    );
    expect(verdict.status).toBe(0);
  });
});

describe("the first start of a real study", () => {
  const dir = mkdtempSync(join(tmpdir(), "ciclo-first-"));
  const dataDir = join(dir, "data");
  beforeAll(async () => {
    await (await openStore({ dataDir, loadDataDir: await migratedDataDirectory() })).close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("asks for the administrator's password instead of seeding known ones, and listens on 127.0.0.1", async () => {
    const none = cicloWith({ CICLO_ADMIN_PASSWORD: "" }, "serve", "--data-dir", dataDir);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain(
      "ciclo: the database is empty: give the first administrator's password with --admin-password-file FILE or CICLO_ADMIN_PASSWORD, or start the demo trial with --demo",
    );
    const short = cicloWith({ CICLO_ADMIN_PASSWORD: "admin" }, "serve", "--data-dir", dataDir);
    expect(short.status).toBe(1);
    expect(short.stderr).toContain(
      "ciclo: the administrator's password is too short: use at least 10 characters",
    );

    const file = join(dir, "admin-password");
    writeFileSync(file, "a long enough secret\n");
    const port = String(await freePort());
    const server = await serve(
      "--data-dir",
      dataDir,
      "--port",
      port,
      "--admin-password-file",
      file,
    );
    try {
      expect(server.output()).toContain(`Ciclo is serving at http://127.0.0.1:${port}/`);
      expect(server.output()).toContain("Created the administrator 'admin'");
      expect(server.output()).not.toContain("ciclo-demo");
      const login = (username: string, password: string) =>
        fetch(`http://127.0.0.1:${port}/api/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username, password }),
        });
      expect((await login("admin", "a long enough secret")).status).toBe(200);
      expect((await login("investigator.pisa", "ciclo-demo")).status).toBe(403);
    } finally {
      expect(await stopped(server.child, "SIGTERM")).toBe(0);
    }
  }, 240_000);
});
