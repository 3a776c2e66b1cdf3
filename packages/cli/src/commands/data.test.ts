import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { openStore, type Store, seedTestStudy, systemActor } from "@ciclo/store";
import { sql } from "kysely";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";

const main = resolve(import.meta.dirname, "../../../../bin/main.ts");
const cicloWith = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", main, ...args], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "", ...env },
  });
const ciclo = (...args: string[]) => cicloWith({}, ...args);
/** A fresh PGlite folder and two or three `ciclo` processes: slow on a busy machine. */
const slowCliTest = 180_000;

describe("ciclo import, export and audit verify", () => {
  const dir = mkdtempSync(join(tmpdir(), "ciclo-cli-"));
  const dataDir = join(dir, "data");
  beforeAll(async () => {
    const store = await openStore({ dataDir });
    await store.transaction(systemActor, (tx) => seedTestStudy(tx));
    await store.close();
  });

  it("imports a good file, rejects a bad one with every bad line, and exports what it holds", () => {
    const good = join(dir, "subjects.csv");
    writeFileSync(good, "site_code,pseudonym,arm,enrolment_date\nPI,PI-001,treated,2024-01-10\n");
    const imported = ciclo("import", "--kind", "subjects", "--file", good, "--data-dir", dataDir);
    expect(imported.stdout.trim()).toBe("imported 1 rows of subjects: 1 subject");
    expect(imported.status).toBe(0);

    const bad = join(dir, "bad.csv");
    writeFileSync(
      bad,
      "site_code,pseudonym,arm,enrolment_date\nPI,PI-001,treated,2024-01-10\nZZ,PI-002,treated,2024-13-01\n",
    );
    const rejected = ciclo("import", "--kind", "subjects", "--file", bad, "--data-dir", dataDir);
    expect(rejected.status).toBe(1);
    expect(rejected.stderr).toContain("2 of 2 rows have problems; nothing was imported.");
    expect(rejected.stderr).toContain("line 2, pseudonym: subject 'PI-001' is already enrolled");
    expect(rejected.stderr).toContain("line 3, site_code: unknown site 'ZZ'; use one of PI");
    expect(rejected.stderr).toContain(
      "line 3, enrolment_date: enrolment_date '2024-13-01' is not a date",
    );

    const exported = ciclo("export", "--kind", "subjects", "--data-dir", dataDir);
    expect(exported.stdout.split("\n")[1]).toMatch(/^PI,PI-001,treated,/);
  });

  it("exits 1 from audit verify once a row was tampered with", async () => {
    expect(ciclo("audit", "verify", "--data-dir", dataDir).stdout).toMatch(
      /^audit trail intact: \d+ rows/,
    );
    const store = await openStore({ dataDir });
    await sql`alter table audit_event disable trigger audit_event_no_change`.execute(store.db);
    await sql`update audit_event set actor_name = 'someone else' where seq = (select max(seq) from audit_event)`.execute(
      store.db,
    );
    await store.close();
    const verdict = ciclo("audit", "verify", "--data-dir", dataDir);
    expect(verdict.status).toBe(1);
    expect(verdict.stderr).toMatch(
      /audit trail BROKEN at row \d+: .* was changed after it was written/,
    );
  });
});

describe("ciclo unlock", () => {
  it(
    "lifts an account's sign-in lock from the terminal, and names an unknown user",
    async () => {
      const dataDir = join(mkdtempSync(join(tmpdir(), "ciclo-cli-")), "data");
      const store = await openStore({ dataDir });
      const now = new Date().toISOString();
      await store.transaction(systemActor, async (tx) => {
        await tx.records.create("user", {
          username: "admin",
          displayName: "Administrator",
          passwordHash: "scrypt$x",
        });
        await tx.accounts.countSignInAttempt("account:admin", now, now);
        await tx.accounts.lockSignIns("account:admin", now, 3_600_000, 3_600_000);
      });
      await store.close();
      const unlocked = ciclo("unlock", "admin", "--data-dir", dataDir);
      expect(unlocked.stdout.trim()).toBe(
        "admin can sign in again; her failed attempts are forgotten",
      );
      expect(unlocked.status).toBe(0);
      const unknown = ciclo("unlock", "nobody", "--data-dir", dataDir);
      expect(unknown.status).toBe(1);
      expect(unknown.stderr.trim()).toBe(
        "there is no user 'nobody'; check the spelling (it is case-sensitive)",
      );
      const after = await openStore({ dataDir });
      const rows = await sql`select key from sign_in_throttle`.execute(after.db);
      await after.close();
      expect(rows.rows).toEqual([]);
    },
    slowCliTest,
  );
});

describe("ciclo audit verify against the signed checkpoint", () => {
  const cut = async (store: Store) => {
    // What a superuser could do: switch the guards off and cut the newest rows and the head.
    await sql`alter table audit_event disable trigger audit_event_no_change`.execute(store.db);
    await sql`alter table audit_chain_head disable trigger audit_chain_head_advance`.execute(
      store.db,
    );
    await sql`delete from audit_event where seq = (select max(seq) from audit_event)`.execute(
      store.db,
    );
    await sql`delete from audit_chain_head`.execute(store.db);
  };

  it(
    "exits 1 when the newest rows were removed together with the head row (PGlite)",
    async () => {
      const dataDir = join(mkdtempSync(join(tmpdir(), "ciclo-cli-")), "data");
      const store = await openStore({ dataDir });
      await writeStudy(store);
      await store.close();
      expect(ciclo("audit", "verify", "--data-dir", dataDir).stdout).toMatch(
        /^audit trail intact: 2 rows, every link verified; it reaches row 2 of the signed checkpoint .*ciclo-audit-checkpoint\.json/,
      );
      const tampered = await openStore({ dataDir });
      await cut(tampered);
      await tampered.close();
      const verdict = ciclo("audit", "verify", "--data-dir", dataDir);
      expect(verdict.status).toBe(1);
      expect(verdict.stderr.trim()).toBe(
        "audit trail BROKEN at row 1: the newest audit rows after row 1 were removed: the checkpoint outside the database records row 2",
      );
    },
    slowCliTest,
  );

  it.skipIf(!serverUrl)(
    "exits 1 when the newest rows were removed together with the head row (PostgreSQL, CICLO_AUDIT_CHECKPOINT)",
    async () => {
      const checkpoint = join(mkdtempSync(join(tmpdir(), "ciclo-cli-")), "audit-checkpoint.json");
      const name = `ciclo_cli_${Date.now().toString(36)}`;
      await onServer(`create database ${name}`);
      const url = new URL(serverUrl!);
      url.pathname = `/${name}`;
      const env = { DATABASE_URL: url.toString(), CICLO_AUDIT_CHECKPOINT: checkpoint };
      try {
        const store = await openStore({
          databaseUrl: env.DATABASE_URL,
          auditCheckpointFile: checkpoint,
        });
        await writeStudy(store);
        await cut(store);
        await store.close();
        const verdict = cicloWith(env, "audit", "verify");
        expect(verdict.status).toBe(1);
        expect(verdict.stderr).toContain(
          "the newest audit rows after row 1 were removed: the checkpoint outside the database records row 2",
        );
      } finally {
        await onServer(`drop database if exists ${name} with (force)`);
      }
    },
    slowCliTest,
  );
});

const serverUrl = process.env.TEST_DATABASE_URL;

async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(statement);
  await client.end();
}

async function writeStudy(store: Store): Promise<void> {
  for (const code of ["CICLO", "OTHER"]) {
    await store.transaction(systemActor, (tx) =>
      tx.records.create("study", { code, title: `${code} pilot` }),
    );
  }
}
