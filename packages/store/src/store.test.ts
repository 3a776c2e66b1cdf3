import { seedProtocol } from "@ciclo/trial";
import { sql } from "kysely";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AuditChainHeadMissing,
  type EntityName,
  openTestStoreInTransaction,
  postgresTestDatabase,
  type Store,
  statusOf,
} from "./index";

type Ids = Partial<Record<EntityName, string>>;

const investigator = { userId: "u-inv", username: "inv.pisa" };
const fixedClock = () => new Date("2024-05-02T10:00:00Z");

/** One contract suite for every engine (PGlite always, PostgreSQL when TEST_DATABASE_URL is set). */
export function describeStore(name: string, makeStore: () => Promise<Store>) {
  describe(`store on ${name}`, () => {
    let store: Store;
    let studyId: string;
    let siteId: string;
    beforeEach(async () => {
      store = await makeStore();
      const seeded = await store.transaction(investigator, async (tx) => {
        const study = await tx.records.create("study", { code: "CICLO", title: "Ciclo pilot" });
        if (!study.ok) throw new Error(study.problem.message);
        const site = await tx.records.create("site", {
          studyId: study.value.id,
          code: "PI",
          name: "Pisa",
        });
        if (!site.ok) throw new Error(site.problem.message);
        return { studyId: study.value.id, siteId: site.value.id };
      });
      ({ studyId, siteId } = seeded);
    });
    afterEach(() => store.close());

    const enrol = (pseudonym = "PI-001") =>
      store.transaction(investigator, (tx) =>
        tx.records.create("subject", {
          studyId,
          siteId,
          pseudonym,
          arm: "treated",
          enrolmentDate: "2024-01-10",
        }),
      );

    it("writes a subject with version 1 and an audit row holding the whole record", async () => {
      const created = await enrol();
      expect(created.ok).toBe(true);
      if (!created.ok) return;
      expect(created.value.version).toBe(1);
      expect(created.value.enrolmentDate).toBe("2024-01-10");
      const trail = await store.transaction(investigator, (tx) =>
        tx.audit.ofRecord("subject", created.value.id),
      );
      expect(trail).toHaveLength(1);
      expect(trail[0]).toMatchObject({
        action: "create",
        field: "*",
        actorName: "inv.pisa",
        oldValue: null,
        occurredAt: "2024-05-02T10:00:00.000Z",
      });
      expect(JSON.parse(trail[0].newValue ?? "{}")).toMatchObject({
        pseudonym: "PI-001",
        version: 1,
      });
    });

    it("audits every kind of write: create, update with reason, delete with reason", async () => {
      const subject = await enrol();
      if (!subject.ok) throw new Error("enrol failed");
      const sample = await store.transaction(investigator, (tx) =>
        tx.records.create("sample", {
          subjectId: subject.value.id,
          drawnAt: "2024-02-01T08:00:00Z",
          relation: "pre",
        }),
      );
      if (!sample.ok) throw new Error(sample.problem.message);
      const result = await store.transaction(investigator, (tx) =>
        tx.records.create("labResult", {
          sampleId: sample.value.id,
          analyte: "CEA",
          value: 4.2,
          unit: "ng/mL",
        }),
      );
      if (!result.ok) throw new Error(result.problem.message);
      expect(result.value.subjectId).toBe(subject.value.id);
      const updated = await store.transaction(investigator, (tx) =>
        tx.records.update("labResult", result.value.id, 1, { value: 4.4 }, "transcription error"),
      );
      expect(updated.ok && updated.value.version).toBe(2);
      const removed = await store.transaction(investigator, (tx) =>
        tx.records.remove("labResult", result.value.id, 2, "entered on the wrong sample"),
      );
      expect(removed.ok).toBe(true);
      const trail = await store.transaction(investigator, (tx) =>
        tx.audit.ofRecord("labResult", result.value.id),
      );
      const update = trail.find((row) => row.action === "update");
      expect(update).toMatchObject({
        field: "value",
        oldValue: "4.2",
        newValue: "4.4",
        reason: "transcription error",
      });
      const deletion = trail.find((row) => row.action === "delete");
      expect(deletion).toMatchObject({
        field: "*",
        newValue: null,
        reason: "entered on the wrong sample",
      });
      expect(JSON.parse(deletion?.oldValue ?? "{}")).toMatchObject({ value: 4.4, version: 2 });
      expect(trail.every((row) => row.subjectId === subject.value.id)).toBe(true);
    });

    it("audits create, update and delete of every entity in the registry", async () => {
      // Each entity with a valid new record (from the ids made before it) and one change.
      const steps: [EntityName, (ids: Ids) => Record<string, unknown>, Record<string, unknown>][] =
        [
          ["study", () => ({ code: "C2", title: "Second" }), { title: "Second study" }],
          [
            "protocolVersion",
            (ids) => ({
              studyId: ids.study,
              number: 1,
              effectiveDate: "2024-01-01",
              document: seedProtocol,
            }),
            { effectiveDate: "2024-02-01" },
          ],
          [
            "site",
            (ids) => ({ studyId: ids.study, code: "LU", name: "Lucca" }),
            { name: "Lucca 2" },
          ],
          [
            "user",
            () => ({ username: "dm.lucca", displayName: "DM Lucca", passwordHash: "scrypt$x" }),
            { displayName: "Data manager, Lucca" },
          ],
          [
            "roleAssignment",
            (ids) => ({ userId: ids.user, siteId: ids.site, role: "data_manager" }),
            { role: "monitor" },
          ],
          [
            "subject",
            (ids) => ({
              studyId: ids.study,
              siteId: ids.site,
              pseudonym: "LU-1",
              arm: "treated",
              enrolmentDate: "2024-01-10",
            }),
            { yearOfBirth: 1950 },
          ],
          [
            "administration",
            (ids) => ({
              subjectId: ids.subject,
              drug: "ifn-beta",
              scheduledDate: "2024-01-15",
              status: "given",
            }),
            { dose: 3 },
          ],
          [
            "visit",
            (ids) => ({ subjectId: ids.subject, visitDate: "2024-03-20", kind: "control" }),
            { notes: "ok" },
          ],
          [
            "sample",
            (ids) => ({
              subjectId: ids.subject,
              drawnAt: "2024-03-20T08:00:00Z",
              relation: "routine",
            }),
            { cycle: 1 },
          ],
          [
            "labResult",
            (ids) => ({ sampleId: ids.sample, analyte: "TPA", value: 60, unit: "U/L" }),
            { value: 65 },
          ],
          [
            "responseAssessment",
            (ids) => ({
              subjectId: ids.subject,
              assessedOn: "2024-03-21",
              criteria: "RECIST1.1",
              overallResponse: "SD",
            }),
            { overallResponse: "PR" },
          ],
          [
            "lesion",
            (ids) => ({
              assessmentId: ids.responseAssessment,
              kind: "target",
              location: "liver",
              diameterMm: 21,
            }),
            { diameterMm: 18 },
          ],
          [
            "progression",
            (ids) => ({ subjectId: ids.subject, progressedOn: "2024-09-01", method: "imaging" }),
            { method: "clinical" },
          ],
          [
            "adverseEvent",
            (ids) => ({ subjectId: ids.subject, term: "Fever", grade: 1, onsetDate: "2024-01-16" }),
            { grade: 2 },
          ],
          [
            "followUp",
            (ids) => ({ subjectId: ids.subject, contactDate: "2025-01-10", vitalStatus: "alive" }),
            { vitalStatus: "lost" },
          ],
          [
            "query",
            (ids) => ({
              entity: "visit",
              recordId: ids.visit,
              field: "notes",
              text: "Which visit?",
            }),
            { text: "Which control visit?" },
          ],
          [
            "signature",
            (ids) => ({ entity: "visit", recordId: ids.visit, meaning: "review" }),
            { meaning: "approval" },
          ],
        ];
      const ids: Ids = {};
      for (const [entity, input, change] of steps) {
        const created = await store.transaction(investigator, (tx) =>
          tx.records.create(entity, input(ids)),
        );
        if (!created.ok) throw new Error(`${entity}: ${created.problem.message}`);
        ids[entity] = created.value.id;
        const updated = await store.transaction(investigator, (tx) =>
          tx.records.update(entity, created.value.id, 1, change, `correcting ${entity}`),
        );
        if (!updated.ok) throw new Error(`${entity}: ${updated.problem.message}`);
      }
      for (const [entity] of [...steps].reverse()) {
        const removed = await store.transaction(investigator, (tx) =>
          tx.records.remove(entity, ids[entity]!, 2, `removing ${entity}`),
        );
        if (!removed.ok) throw new Error(`${entity}: ${removed.problem.message}`);
      }
      for (const [entity, , change] of steps) {
        const trail = await store.transaction(investigator, (tx) =>
          tx.audit.ofRecord(entity, ids[entity]!),
        );
        expect(
          trail.map((row) => [row.action, row.field, row.reason]),
          entity,
        ).toEqual([
          ["create", "*", null],
          ["update", Object.keys(change)[0], `correcting ${entity}`],
          ["delete", "*", `removing ${entity}`],
        ]);
        const field = Object.keys(change)[0];
        expect(trail[1].newValue, entity).toBe(JSON.stringify(change[field]));
        expect(JSON.parse(trail[2].oldValue ?? "{}"), entity).toMatchObject({
          id: ids[entity],
          version: 2,
        });
      }
      expect(await store.verifyAuditChain()).toMatchObject({ ok: true });
    });

    it("changes only the fields an update names, keeping the others' stored values", async () => {
      const created = await store.transaction(investigator, (tx) =>
        tx.records.create("subject", {
          studyId,
          siteId,
          pseudonym: "PI-010",
          arm: "control",
          enrolmentDate: "2024-01-10",
          eligible: false,
          status: "withdrawn",
        }),
      );
      if (!created.ok) throw new Error(created.problem.message);
      const updated = await store.transaction(investigator, (tx) =>
        tx.records.update("subject", created.value.id, 1, { yearOfBirth: 1949 }, "from source"),
      );
      expect(updated).toMatchObject({
        ok: true,
        value: { yearOfBirth: 1949, eligible: false, status: "withdrawn", version: 2 },
      });
      const trail = await store.transaction(investigator, (tx) =>
        tx.audit.ofRecord("subject", created.value.id),
      );
      expect(trail.map((row) => row.field)).toEqual(["*", "yearOfBirth"]);
    });

    it("stores lab results in the catalogue unit and refuses unknown analytes and impossible values", async () => {
      const subject = await enrol();
      if (!subject.ok) throw new Error("enrol failed");
      const sample = await store.transaction(investigator, (tx) =>
        tx.records.create("sample", {
          subjectId: subject.value.id,
          drawnAt: "2024-02-01T08:00:00Z",
          relation: "pre",
        }),
      );
      if (!sample.ok) throw new Error(sample.problem.message);
      const create = (input: Record<string, unknown>) =>
        store.transaction(investigator, (tx) =>
          tx.records.create("labResult", { sampleId: sample.value.id, ...input }),
        );
      // CRP 1.2 mg/dL = 12 mg/L (factor 10, the catalogue's conversion).
      const crp = await create({ analyte: "CRP", value: 1.2, unit: "mg/dL", referenceHigh: 0.5 });
      expect(crp).toMatchObject({ ok: true, value: { value: 12, unit: "mg/L", referenceHigh: 5 } });
      expect(await create({ analyte: "PSA", value: 1, unit: "ng/mL" })).toMatchObject({
        ok: false,
        problem: {
          code: "invalid",
          field: "analyte",
          message: expect.stringMatching(/^analyte: unknown analyte 'PSA'/),
        },
      });
      expect(await create({ analyte: "CEA", value: 3, unit: "mg/dl" })).toMatchObject({
        ok: false,
        problem: {
          field: "unit",
          message: "unit: unit 'mg/dl' cannot be converted for CEA; use ng/mL or µg/L",
        },
      });
      if (!crp.ok) return;
      // Changing the unit alone converts the stored value again: 12 mg/dL = 120 mg/L.
      const changed = await store.transaction(investigator, (tx) =>
        tx.records.update(
          "labResult",
          crp.value.id,
          1,
          { value: 12, unit: "mg/dL" },
          "unit was wrong",
        ),
      );
      expect(changed).toMatchObject({ ok: true, value: { value: 120, unit: "mg/L", version: 2 } });
      const impossible = await store.transaction(investigator, (tx) =>
        tx.records.update("labResult", crp.value.id, 2, { value: -4 }, "typo"),
      );
      expect(impossible).toMatchObject({ ok: false, problem: { code: "invalid", field: "value" } });
    });

    it("refuses a protocol version the trial engine does not accept, naming the path", async () => {
      const outcome = await store.transaction(investigator, (tx) =>
        tx.records.create("protocolVersion", {
          studyId,
          number: 1,
          effectiveDate: "2024-01-01",
          document: { ...seedProtocol, arms: [] },
        }),
      );
      expect(outcome).toMatchObject({
        ok: false,
        problem: { code: "invalid", field: expect.stringMatching(/^document\.arms/) },
      });
      const versions = await store.transaction(investigator, (tx) =>
        tx.records.list("protocolVersion"),
      );
      expect(versions).toEqual([]);
    });

    it("rejects a stale delete and keeps the record", async () => {
      const subject = await enrol();
      if (!subject.ok) throw new Error("enrol failed");
      const stale = await store.transaction(investigator, (tx) =>
        tx.records.remove("subject", subject.value.id, 3, "duplicate enrolment"),
      );
      expect(stale).toMatchObject({ ok: false, problem: { code: "stale_version" } });
      const still = await store.transaction(investigator, (tx) =>
        tx.records.get("subject", subject.value.id),
      );
      expect(still.ok && still.value.pseudonym).toBe("PI-001");
      const trail = await store.transaction(investigator, (tx) =>
        tx.audit.ofRecord("subject", subject.value.id),
      );
      expect(trail.map((row) => row.action)).toEqual(["create"]);
    });

    it("rejects a stale update with 409 and writes nothing", async () => {
      const subject = await enrol();
      if (!subject.ok) throw new Error("enrol failed");
      const first = await store.transaction(investigator, (tx) =>
        tx.records.update("subject", subject.value.id, 1, { yearOfBirth: 1950 }, "from source"),
      );
      expect(first.ok).toBe(true);
      const stale = await store.transaction(investigator, (tx) =>
        tx.records.update("subject", subject.value.id, 1, { yearOfBirth: 1951 }, "from source"),
      );
      expect(stale).toMatchObject({
        ok: false,
        problem: { code: "stale_version", field: "version" },
      });
      if (stale.ok) return;
      expect(statusOf(stale.problem)).toBe(409);
      const now = await store.transaction(investigator, (tx) =>
        tx.records.get("subject", subject.value.id),
      );
      expect(now.ok && now.value.yearOfBirth).toBe(1950);
      const updates = await store.transaction(investigator, async (tx) =>
        (await tx.audit.ofRecord("subject", subject.value.id)).filter(
          (row) => row.action === "update",
        ),
      );
      expect(updates).toHaveLength(1);
    });

    it("requires a reason to change clinical data", async () => {
      const subject = await enrol();
      if (!subject.ok) throw new Error("enrol failed");
      const outcome = await store.transaction(investigator, (tx) =>
        tx.records.update("subject", subject.value.id, 1, { yearOfBirth: 1950 }, " "),
      );
      expect(outcome).toMatchObject({
        ok: false,
        problem: { code: "reason_required", field: "reason" },
      });
    });

    it("names the field and what to change on invalid input", async () => {
      const outcome = await store.transaction(investigator, (tx) =>
        tx.records.create("subject", {
          studyId,
          siteId,
          pseudonym: "X",
          arm: "treated",
          enrolmentDate: "2024-13-40",
        }),
      );
      expect(outcome).toMatchObject({
        ok: false,
        problem: { code: "invalid", field: "enrolmentDate" },
      });
      if (!outcome.ok) expect(outcome.problem.message).toMatch(/not a calendar date/);
    });

    it("refuses an impossible date that Date.parse would roll over, naming the field", async () => {
      const subject = await enrol();
      if (!subject.ok) throw new Error("enrol failed");
      const visit = await store.transaction(investigator, (tx) =>
        tx.records.create("visit", {
          subjectId: subject.value.id,
          visitDate: "2024-02-30",
          kind: "control",
        }),
      );
      expect(visit).toMatchObject({ ok: false, problem: { code: "invalid", field: "visitDate" } });
      if (!visit.ok) expect(visit.problem.message).toMatch(/visitDate: not a calendar date/);
      const sample = await store.transaction(investigator, (tx) =>
        tx.records.create("sample", {
          subjectId: subject.value.id,
          drawnAt: "2024-02-30T08:00:00Z",
          relation: "pre",
        }),
      );
      expect(sample).toMatchObject({ ok: false, problem: { code: "invalid", field: "drawnAt" } });
    });

    it("refuses a clinical date before the enrolment, on create and on edit", async () => {
      const subject = await enrol();
      if (!subject.ok) throw new Error("enrol failed");
      const early = await store.transaction(investigator, (tx) =>
        tx.records.create("adverseEvent", {
          subjectId: subject.value.id,
          term: "Fever",
          grade: 1,
          onsetDate: "2024-01-09",
        }),
      );
      expect(early).toMatchObject({ ok: false, problem: { code: "invalid", field: "onsetDate" } });
      if (!early.ok) {
        expect(early.problem.message).toBe(
          "onsetDate 2024-01-09 is before the enrolment of 'PI-001' on 2024-01-10; correct the date or the enrolment date",
        );
      }
      const sample = await store.transaction(investigator, (tx) =>
        tx.records.create("sample", {
          subjectId: subject.value.id,
          drawnAt: "2024-01-10T08:00:00Z",
          relation: "pre",
        }),
      );
      if (!sample.ok) throw new Error(sample.problem.message);
      const moved = await store.transaction(investigator, (tx) =>
        tx.records.update(
          "sample",
          sample.value.id,
          1,
          { drawnAt: "2024-01-09T23:00:00Z" },
          "draw time corrected",
        ),
      );
      expect(moved).toMatchObject({ ok: false, problem: { code: "invalid", field: "drawnAt" } });
      const kept = await store.transaction(investigator, (tx) =>
        tx.records.get("sample", sample.value.id),
      );
      expect(kept).toMatchObject({
        ok: true,
        value: { version: 1, drawnAt: "2024-01-10T08:00:00.000Z" },
      });
    });

    it("locks a signed record", async () => {
      const subject = await enrol();
      if (!subject.ok) throw new Error("enrol failed");
      const signed = await store.transaction(investigator, (tx) =>
        tx.records.create("signature", {
          entity: "subject",
          recordId: subject.value.id,
          meaning: "approval",
        }),
      );
      expect(signed.ok && signed.value.signerName).toBe("inv.pisa");
      const edit = await store.transaction(investigator, (tx) =>
        tx.records.update("subject", subject.value.id, 1, { yearOfBirth: 1950 }, "late correction"),
      );
      expect(edit).toMatchObject({ ok: false, problem: { code: "locked" } });
    });

    it("moves a query open → answered → closed and refuses re-opening a closed one", async () => {
      const subject = await enrol();
      if (!subject.ok) throw new Error("enrol failed");
      const query = await store.transaction(investigator, (tx) =>
        tx.records.create("query", {
          entity: "subject",
          recordId: subject.value.id,
          field: "yearOfBirth",
          text: "Please confirm",
        }),
      );
      if (!query.ok) throw new Error(query.problem.message);
      expect(query.value.subjectId).toBe(subject.value.id);
      const answered = await store.transaction(investigator, (tx) =>
        tx.records.update(
          "query",
          query.value.id,
          1,
          { status: "answered", answer: "Confirmed" },
          undefined,
        ),
      );
      expect(answered.ok && answered.value.status).toBe("answered");
      const closed = await store.transaction(investigator, (tx) =>
        tx.records.update("query", query.value.id, 2, { status: "closed" }, undefined),
      );
      expect(closed.ok && closed.value.status).toBe("closed");
      const reopened = await store.transaction(investigator, (tx) =>
        tx.records.update("query", query.value.id, 3, { status: "open" }, undefined),
      );
      expect(reopened).toMatchObject({ ok: false, problem: { field: "status" } });
    });

    it("keeps the audit trail append-only in the database itself", async () => {
      await enrol();
      await expect(sql`update audit_event set reason = 'x'`.execute(store.db)).rejects.toThrow(
        /append-only/,
      );
      await expect(sql`delete from audit_event`.execute(store.db)).rejects.toThrow(/append-only/);
    });

    it("counts sign-in attempts per key and keeps a lock through a quiet spell shorter than it", async () => {
      const at = (minutes: number) => new Date(Date.UTC(2024, 4, 2, 10, minutes)).toISOString();
      const count = (minutes: number, freshMinutes = 15) =>
        store.transaction(investigator, (tx) =>
          tx.accounts.countSignInAttempt(
            "client:10.0.0.1",
            at(minutes),
            at(minutes - freshMinutes),
          ),
        );
      expect(await count(0)).toEqual({ attempts: 1, lockedUntil: null });
      expect(await count(1)).toEqual({ attempts: 2, lockedUntil: null });
      const until = await store.transaction(investigator, (tx) =>
        tx.accounts.lockSignIns("client:10.0.0.1", at(1), 60 * 60_000, 60 * 60_000),
      );
      expect(until).toBe(new Date(Date.UTC(2024, 4, 2, 11, 1)).toISOString());
      // 20 quiet minutes: longer than the 15 after which attempts are forgotten, shorter than the lock.
      expect(await count(21)).toEqual({ attempts: 3, lockedUntil: until });
      expect(await count(62)).toEqual({ attempts: 1, lockedUntil: null });
      expect(await count(80)).toEqual({ attempts: 1, lockedUntil: null });
    });

    it("keeps the audit chain head in the database itself: it only advances with the trail", async () => {
      await enrol("PI-001");
      const head = sql`select seq, hash from audit_chain_head`;
      const before = (await head.execute(store.db)).rows;
      await expect(
        sql`update audit_chain_head set seq = seq - 1`.execute(store.db),
      ).rejects.toThrow(/audit_chain_head can only advance/);
      await expect(
        sql`update audit_chain_head set seq = seq + 100`.execute(store.db),
      ).rejects.toThrow(/audit_chain_head can only advance/);
      await expect(
        sql`update audit_chain_head set hash = repeat('f', 64)`.execute(store.db),
      ).rejects.toThrow(/audit_chain_head can only advance/);
      await expect(sql`delete from audit_chain_head`.execute(store.db)).rejects.toThrow(
        /audit_chain_head can only advance: DELETE is not allowed/,
      );
      expect((await head.execute(store.db)).rows).toEqual(before);
      expect((await enrol("PI-002")).ok).toBe(true);
      expect(await store.verifyAuditChain()).toMatchObject({ ok: true, rows: 4 });
    });

    it("refuses writes with a named error when the chain head row is gone", async () => {
      await enrol("PI-001");
      await sql`alter table audit_chain_head disable trigger audit_chain_head_advance`.execute(
        store.db,
      );
      await sql`delete from audit_chain_head`.execute(store.db);
      await expect(enrol("PI-002")).rejects.toBeInstanceOf(AuditChainHeadMissing);
      expect(await store.verifyAuditChain()).toMatchObject({
        ok: false,
        message: "the audit chain head row is missing: it was deleted outside Ciclo",
      });
    });

    it("detects a changed, a removed and a reordered audit row", async () => {
      await enrol("PI-001");
      await enrol("PI-002");
      expect(await store.verifyAuditChain()).toMatchObject({ ok: true });
      // A superuser could disable the trigger; the hash chain still tells.
      await sql`alter table audit_event disable trigger audit_event_no_change`.execute(store.db);
      await sql`update audit_event set new_value = replace(new_value, 'PI-002', 'PI-999')`.execute(
        store.db,
      );
      const changed = await store.verifyAuditChain();
      expect(changed).toMatchObject({ ok: false });
      if (!changed.ok) expect(changed.message).toMatch(/was changed after it was written/);
      await sql`update audit_event set new_value = replace(new_value, 'PI-999', 'PI-002')`.execute(
        store.db,
      );
      expect(await store.verifyAuditChain()).toMatchObject({ ok: true });
      await sql`delete from audit_event where seq = (select min(seq) + 2 from audit_event)`.execute(
        store.db,
      );
      const removed = await store.verifyAuditChain();
      expect(removed).toMatchObject({ ok: false });
      if (!removed.ok) expect(removed.message).toMatch(/removed or reordered/);
    });

    it("detects the newest audit rows removed, against the recorded chain head", async () => {
      await enrol("PI-001");
      await enrol("PI-002");
      await sql`alter table audit_event disable trigger audit_event_no_change`.execute(store.db);
      const [last] = (
        await sql<{ seq: number }>`select max(seq)::int as seq from audit_event`.execute(store.db)
      ).rows;
      await sql`delete from audit_event where seq = ${last.seq}`.execute(store.db);
      expect(await store.verifyAuditChain()).toEqual({
        ok: false,
        rows: 3,
        seq: last.seq - 1,
        message: `the newest audit rows after row ${last.seq - 1} were removed: the chain head records row ${last.seq}`,
      });
    });

    it("detects two audit rows swapped", async () => {
      await enrol("PI-001");
      await sql`alter table audit_event disable trigger audit_event_no_change`.execute(store.db);
      const [a, b] = (
        await sql<{ seq: number }>`select seq from audit_event order by seq limit 2`.execute(
          store.db,
        )
      ).rows;
      await sql`update audit_event set seq = -1 where seq = ${a.seq}`.execute(store.db);
      await sql`update audit_event set seq = ${a.seq} where seq = ${b.seq}`.execute(store.db);
      await sql`update audit_event set seq = ${b.seq} where seq = -1`.execute(store.db);
      const verdict = await store.verifyAuditChain();
      expect(verdict).toMatchObject({ ok: false, seq: a.seq });
    });

    it("rolls back everything when the work returns a problem", async () => {
      const outcome = await store.transaction(investigator, async (tx) => {
        await tx.records.create("subject", {
          studyId,
          siteId,
          pseudonym: "PI-050",
          arm: "treated",
          enrolmentDate: "2024-01-10",
        });
        return tx.records.create("subject", {
          studyId,
          siteId: "nowhere",
          pseudonym: "PI-051",
          arm: "treated",
          enrolmentDate: "x",
        });
      });
      expect(outcome.ok).toBe(false);
      const subjects = await store.transaction(investigator, (tx) => tx.records.list("subject"));
      expect(subjects).toHaveLength(0);
    });

    it("lists only the subjects of the given sites", async () => {
      await enrol("PI-001");
      const other = await store.transaction(investigator, (tx) =>
        tx.records.create("site", { studyId, code: "FI", name: "Firenze" }),
      );
      if (!other.ok) throw new Error("site");
      const pisa = await store.transaction(investigator, (tx) =>
        tx.records.list("subject", { siteIds: [siteId] }),
      );
      const firenze = await store.transaction(investigator, (tx) =>
        tx.records.list("subject", { siteIds: [other.value.id] }),
      );
      expect(pisa.map((row) => row.pseudonym)).toEqual(["PI-001"]);
      expect(firenze).toEqual([]);
    });

    it("judges a write by the sites the writer may write at, inside the write's transaction", async () => {
      const subject = await enrol("PI-001");
      if (!subject.ok) throw new Error("subject");
      const firenze = await store.transaction(investigator, (tx) =>
        tx.records.create("site", { studyId, code: "FI", name: "Firenze" }),
      );
      if (!firenze.ok) throw new Error("site");
      const onlyFirenze = [firenze.value.id];
      const visit = { subjectId: subject.value.id, visitDate: "2024-02-01", kind: "control" };
      const outcomes = await store.transaction(investigator, async (tx) => ({
        created: await tx.records.create("visit", visit, undefined, onlyFirenze),
        changed: await tx.records.update(
          "subject",
          subject.value.id,
          1,
          { yearOfBirth: 1950 },
          "typo",
          onlyFirenze,
        ),
        moved: await tx.records.update(
          "subject",
          subject.value.id,
          1,
          { siteId: firenze.value.id },
          "moved",
          [siteId],
        ),
        removed: await tx.records.remove("subject", subject.value.id, 1, "twice", onlyFirenze),
      }));
      expect(outcomes).toMatchObject({
        created: { ok: false, problem: { code: "forbidden", field: "subjectId" } },
        changed: { ok: false, problem: { code: "not_found" } },
        moved: { ok: false, problem: { code: "forbidden", field: "siteId" } },
        removed: { ok: false, problem: { code: "not_found" } },
      });
      const both = [siteId, firenze.value.id];
      const moved = await store.transaction(investigator, (tx) =>
        tx.records.update(
          "subject",
          subject.value.id,
          1,
          { siteId: firenze.value.id },
          "moved",
          both,
        ),
      );
      expect(moved).toMatchObject({ ok: true, value: { siteId: firenze.value.id, version: 2 } });
    });
  });
}

describeStore("PGlite", () => openTestStoreInTransaction(fixedClock));
const serverUrl = process.env.TEST_DATABASE_URL;
if (serverUrl) {
  const database = postgresTestDatabase(serverUrl);
  afterAll(() => database.drop());
  describeStore("PostgreSQL", () => database.openStore(fixedClock));
}
