import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { openStore, seedTestStudy, systemActor } from "@ciclo/store";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";

const main = resolve(import.meta.dirname, "../main.ts");
const ciclo = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", main, ...args], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "" },
  });

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
