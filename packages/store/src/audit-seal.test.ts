import { type RawBuilder, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { verifyAuditChain } from "./audit";
import { type Store, systemActor } from "./store";
import { openPostgresTestStore, openTestStore, seedTestStudy } from "./test-store";

const serverUrl = process.env.TEST_DATABASE_URL;
const engines: [string, () => Promise<Store>][] = [["PGlite", () => openTestStore()]];
if (serverUrl) engines.push(["PostgreSQL", () => openPostgresTestStore(serverUrl)]);

const investigator = { userId: "u-inv", username: "investigator.pisa" };
const writers = 8;
const samplesEach = 5;

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/** A study with one subject per writer, then every writer adding samples at once. */
async function concurrentWrites(open: () => Promise<Store>) {
  store = await open();
  const subjects = await store.transaction(systemActor, async (tx) => {
    const { studyId, siteIds } = await seedTestStudy(tx);
    const ids: string[] = [];
    for (let index = 0; index < writers; index++) {
      const subject = await tx.records.create("subject", {
        studyId,
        siteId: siteIds.PI,
        pseudonym: `PI-${index}`,
        arm: "treated",
        enrolmentDate: "2024-01-10",
      });
      if (!subject.ok) throw new Error(subject.problem.message);
      ids.push(subject.value.id);
    }
    return ids;
  });
  await Promise.all(
    subjects.map(async (subjectId) => {
      for (let week = 0; week < samplesEach; week++) {
        const drawnAt = new Date(Date.UTC(2024, 1, 1 + 7 * week, 8)).toISOString();
        const sample = await store!.transaction(investigator, (tx) =>
          tx.records.create("sample", { subjectId, drawnAt, relation: "pre" }),
        );
        if (!sample.ok) throw new Error(sample.problem.message);
      }
    }),
  );
  return subjects;
}

const exec = <T>(query: RawBuilder<T>) => query.execute(store!.db);
const guardsOff = () => exec(sql`alter table audit_event disable trigger audit_event_no_change`);

describe.each(engines)("the audit chain under concurrent writers on %s", (_engine, open) => {
  // Study, site, the writers' subjects, then their samples.
  const expectedRows = 2 + writers + writers * samplesEach;

  it("seals every write's audit row once, and verifies", async () => {
    await concurrentWrites(open);
    expect(await store!.verifyAuditChain()).toEqual({ ok: true, rows: expectedRows });
    const { rows } = await exec(
      sql<{ count: number }>`select count(*)::int as count from audit_pending`,
    );
    expect(rows[0].count).toBe(0);
    const { rows: records } = await exec(
      sql<{ count: number }>`select count(distinct record_id)::int as count from audit_event`,
    );
    expect(records[0].count).toBe(expectedRows);
  });

  it("detects a changed row, and verifies again once it is put back", async () => {
    await concurrentWrites(open);
    await guardsOff();
    const { rows } = await exec(
      sql<{
        seq: number;
        reason: string | null;
      }>`select seq::int as seq, reason from audit_event order by seq offset 20 limit 1`,
    );
    const [{ seq, reason }] = rows;
    await exec(sql`update audit_event set reason = 'nothing happened' where seq = ${seq}`);
    expect(await store!.verifyAuditChain()).toMatchObject({
      ok: false,
      seq,
      message: `audit row ${seq} was changed after it was written (its content no longer matches its hash)`,
    });
    await exec(sql`update audit_event set reason = ${reason} where seq = ${seq}`);
    expect(await store!.verifyAuditChain()).toEqual({ ok: true, rows: expectedRows });
  });

  it("detects a deleted row in the middle", async () => {
    await concurrentWrites(open);
    await guardsOff();
    const { rows } = await exec(
      sql<{ seq: number }>`select seq::int as seq from audit_event order by seq offset 20 limit 2`,
    );
    await exec(sql`delete from audit_event where seq = ${rows[0].seq}`);
    expect(await store!.verifyAuditChain()).toMatchObject({
      ok: false,
      seq: rows[1].seq,
      message: `audit row ${rows[1].seq} does not follow the row before it: a row was removed or reordered before it`,
    });
  });

  it("detects two rows swapped", async () => {
    await concurrentWrites(open);
    await guardsOff();
    const { rows } = await exec(
      sql<{ seq: number }>`select seq::int as seq from audit_event order by seq offset 30 limit 2`,
    );
    const [a, b] = rows.map((row) => row.seq);
    await exec(sql`update audit_event set seq = -1 where seq = ${a}`);
    await exec(sql`update audit_event set seq = ${a} where seq = ${b}`);
    await exec(sql`update audit_event set seq = ${b} where seq = -1`);
    expect(await store!.verifyAuditChain()).toMatchObject({ ok: false, seq: a });
  });

  it("detects the newest rows cut off, against the chain head", async () => {
    await concurrentWrites(open);
    await guardsOff();
    const { rows } = await exec(
      sql<{ seq: number }>`select seq::int as seq from audit_event order by seq desc limit 3`,
    );
    await exec(sql`delete from audit_event where seq >= ${rows[1].seq}`);
    expect(await store!.verifyAuditChain()).toEqual({
      ok: false,
      rows: expectedRows - 2,
      seq: rows[2].seq,
      message: `the newest audit rows after row ${rows[2].seq} were removed: the chain head records row ${rows[0].seq}`,
    });
  });

  it("reports rows committed but not yet sealed, and the store seals them before verifying", async () => {
    await concurrentWrites(open);
    // A writer that stopped between its commit and its seal leaves its row pending.
    await exec(sql`insert into audit_pending (occurred_at, actor_id, actor_name, action, entity,
      record_id, subject_id, field, old_value, new_value, reason)
      values (now(), 'u-inv', 'investigator.pisa', 'update', 'sample', 'x', null, 'relation',
        '"pre"', '"post"', 'typo')`);
    expect(await verifyAuditChain(store!.db)).toEqual({
      ok: true,
      rows: expectedRows,
      pending: 1,
    });
    // Until it is sealed, the database keeps it as it was written.
    await expect(exec(sql`update audit_pending set reason = 'none'`)).rejects.toThrow(
      /audit_pending rows cannot be changed: UPDATE is not allowed/,
    );
    expect(await store!.verifyAuditChain()).toEqual({ ok: true, rows: expectedRows + 1 });
  });
});

if (serverUrl) {
  describe("writers on PostgreSQL", () => {
    it("write to different subjects side by side, and to one subject in turn", async () => {
      const [first, second] = await concurrentWrites(() => openPostgresTestStore(serverUrl));
      const events: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let started!: () => void;
      const holding = new Promise<void>((resolve) => {
        started = resolve;
      });
      const sample = (subjectId: string, day: number) => ({
        subjectId,
        drawnAt: new Date(Date.UTC(2024, 5, day, 8)).toISOString(),
        relation: "post",
      });
      // A write to the first subject that stays open until released.
      const slow = store!.transaction(investigator, async (tx) => {
        const created = await tx.records.create("sample", sample(first, 1));
        started();
        await held;
        events.push("first subject committed");
        return created;
      });
      await holding;
      const other = await store!.transaction(investigator, (tx) =>
        tx.records.create("sample", sample(second, 2)),
      );
      events.push(other.ok ? "second subject written" : other.problem.message);
      const same = store!
        .transaction(investigator, (tx) => tx.records.create("sample", sample(first, 3)))
        .then((outcome) => events.push(outcome.ok ? "first subject again" : "refused"));
      await new Promise((resolve) => setTimeout(resolve, 200));
      release();
      await Promise.all([slow, same]);
      expect(events).toEqual([
        "second subject written",
        "first subject committed",
        "first subject again",
      ]);
      expect(await store!.verifyAuditChain()).toEqual({
        ok: true,
        rows: 2 + writers + writers * samplesEach + 3,
      });
    });
  });
}
