import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openPostgresTestStore, openStore, type Store } from "./index";

const actor = { userId: "u-dm", username: "dm.pisa" };
const serverUrl = process.env.TEST_DATABASE_URL;

let folder: string;
let store: Store | undefined;

afterEach(async () => {
  await store?.close();
  store = undefined;
  await rm(folder, { recursive: true, force: true });
});

/** A store whose checkpoint is outside the database: in the PGlite folder, or a file for PostgreSQL. */
const engines: [string, () => Promise<Store>][] = [
  ["PGlite", () => openStore({ dataDir: join(folder, "data") })],
];
if (serverUrl) {
  engines.push([
    "PostgreSQL",
    () =>
      openPostgresTestStore(serverUrl, undefined, {
        auditCheckpointFile: join(folder, "audit-checkpoint.json"),
      }),
  ]);
}

async function writeSites(count: number): Promise<void> {
  const study = await store!.transaction(actor, (tx) =>
    tx.records.create("study", { code: "CICLO", title: "Ciclo pilot" }),
  );
  if (!study.ok) throw new Error(study.problem.message);
  for (let index = 1; index <= count; index++) {
    const site = await store!.transaction(actor, (tx) =>
      tx.records.create("site", {
        studyId: study.value.id,
        code: `S${index}`,
        name: `Site ${index}`,
      }),
    );
    if (!site.ok) throw new Error(site.problem.message);
  }
}

const newestSeq = async () =>
  (await sql<{ seq: number }>`select max(seq)::int as seq from audit_event`.execute(store!.db))
    .rows[0].seq;

describe.each(engines)("the audit checkpoint on %s", (_engine, open) => {
  it("is signed after each audited commit, with a key only its owner can read", async () => {
    folder = await mkdtemp(join(tmpdir(), "ciclo-checkpoint-"));
    store = await open();
    await writeSites(2);
    const checkpoint = store.auditCheckpoint!;
    const written = JSON.parse(await readFile(checkpoint.file, "utf8"));
    expect(written.seq).toBe(await newestSeq());
    expect(written.mac).toMatch(/^[0-9a-f]{64}$/);
    expect((await stat(checkpoint.keyFile)).mode & 0o777).toBe(0o600);
    expect(await store.verifyAuditChain()).toMatchObject({
      ok: true,
      rows: 3,
      checkpoint: { seq: written.seq },
    });
  });

  it("tells that the newest rows were removed even when the head row went with them", async () => {
    folder = await mkdtemp(join(tmpdir(), "ciclo-checkpoint-"));
    store = await open();
    await writeSites(3);
    const newest = await newestSeq();
    // What a superuser could do: switch the guards off, cut the tail and its head.
    await sql`alter table audit_event disable trigger audit_event_no_change`.execute(store.db);
    await sql`alter table audit_chain_head disable trigger audit_chain_head_advance`.execute(
      store.db,
    );
    await sql`delete from audit_event where seq > ${newest - 2}`.execute(store.db);
    await sql`delete from audit_chain_head`.execute(store.db);
    expect(await store.verifyAuditChain()).toEqual({
      ok: false,
      rows: 2,
      seq: newest - 2,
      message: `the newest audit rows after row ${newest - 2} were removed: the checkpoint outside the database records row ${newest}`,
    });
  });

  it("refuses a checkpoint changed without the key", async () => {
    folder = await mkdtemp(join(tmpdir(), "ciclo-checkpoint-"));
    store = await open();
    await writeSites(1);
    const file = store.auditCheckpoint!.file;
    const written = JSON.parse(await readFile(file, "utf8"));
    await writeFile(file, JSON.stringify({ ...written, seq: 1 }));
    const verdict = await store.verifyAuditChain();
    expect(verdict).toMatchObject({ ok: false });
    if (!verdict.ok) expect(verdict.message).toMatch(/does not carry a valid signature/);
  });
});
