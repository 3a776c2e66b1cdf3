import { readFileSync } from "node:fs";
import { allocator, type Protocol, parseProtocol, seedProtocol } from "@ciclo/trial";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  allocationsOf,
  correctAllocation,
  decideStageGate,
  importCsv,
  openPostgresTestStore,
  openTestStore,
  openTestStoreInTransaction,
  postgresTestDatabase,
  randomizeSubject,
  type Store,
  seedTestStudy,
  statusOf,
  studyProtocol,
  type TestStudy,
} from "./index";

const phase2Text = readFileSync(
  new URL("../../trial/protocols/ciclo-phase2.yaml", import.meta.url),
  "utf8",
);
const parsed = parseProtocol(phase2Text);
if (!parsed.ok) throw new Error("the phase II protocol does not validate");
const phase2: Protocol = parsed.protocol;

const coordinator = { userId: "u-coord", username: "coordinator.pisa" };
const clock = () => new Date("2026-02-02T10:00:00Z");

/** Every criterion the record does not answer, answered to make the subject eligible. */
const eligible = {
  metastatic: true,
  "measurable-or-evaluable": true,
  "on-anti-estrogen": true,
  consent: true,
  "prior-cytokines": false,
  "autoimmune-disease": false,
  "major-organ-failure": false,
};

const postgresUrl = process.env.TEST_DATABASE_URL;

async function seeded(store: Store, protocol: unknown = phase2): Promise<TestStudy> {
  return store.transaction(coordinator, (tx) =>
    seedTestStudy(tx, { sites: { PI: "Pisa", FI: "Firenze" }, protocol }),
  );
}

async function enrol(
  store: Store,
  study: TestStudy,
  pseudonym: string,
  fields: Record<string, unknown> = {},
): Promise<string> {
  const created = await store.transaction(coordinator, (tx) =>
    tx.records.create("subject", {
      studyId: study.studyId,
      siteId: study.siteIds.PI,
      pseudonym,
      enrolmentDate: "2026-02-02",
      menopausalStatus: "post",
      erStatus: "positive",
      visceralMetastases: true,
      dfiMonths: 30,
      ...fields,
    }),
  );
  if (!created.ok) throw new Error(created.problem.message);
  return created.value.id;
}

const randomize = (store: Store, subjectId: string, answers: Record<string, boolean> = eligible) =>
  store.transaction(coordinator, (tx) => randomizeSubject(tx, subjectId, answers));

function describeRandomization(name: string, makeStore: () => Promise<Store>) {
  describe(`randomization on ${name}`, () => {
    let store: Store;
    let study: TestStudy;
    beforeEach(async () => {
      store = await makeStore();
      study = await seeded(store);
    });
    afterEach(() => store.close());

    it("allocates in sequence, sets the arm, and audits the allocation without the seed", async () => {
      const first = await enrol(store, study, "PI-001");
      const second = await enrol(store, study, "PI-002", { visceralMetastases: false });
      const a = await randomize(store, first);
      const b = await randomize(store, second);
      if (!a.ok || !b.ok) throw new Error("randomization refused");
      expect([a.value.sequence, b.value.sequence]).toEqual([1, 2]);
      expect(a.value.stratum).toBe("PI/yes/>24");
      expect(b.value.stratum).toBe("PI/no/>24");
      expect(a.value.randomizedAt).toBe("2026-02-02T10:00:00.000Z");
      const subject = await store.transaction(coordinator, (tx) =>
        tx.records.get("subject", first),
      );
      expect(subject.ok && subject.value.arm).toBe(a.value.arm);
      const seed = await store.db
        .selectFrom("randomizationSecret")
        .select("seed")
        .executeTakeFirstOrThrow();
      expect(seed.seed).toMatch(/^[0-9a-f]{64}$/);
      const trail = await store.transaction(coordinator, (tx) => tx.audit.all());
      const allocationRows = trail.filter((row) => row.entity === "allocation");
      expect(allocationRows.map((row) => JSON.parse(row.newValue ?? "{}").sequence)).toEqual([
        1, 2,
      ]);
      expect(JSON.stringify(trail)).not.toContain(seed.seed);
      const armRows = trail.filter((row) => row.entity === "subject" && row.field === "arm");
      expect(armRows.map((row) => row.reason)).toEqual([
        "randomized, number 1",
        "randomized, number 2",
      ]);
      expect((await store.verifyAuditChain()).ok).toBe(true);
    });

    it("gives the arms the allocator gives with the study's seed, replayed after every allocation", async () => {
      const levels: Record<string, unknown>[] = [];
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) {
        const fields = { visceralMetastases: i % 3 === 0, dfiMonths: i % 2 === 0 ? 12 : 36 };
        levels.push(fields);
        ids.push(await enrol(store, study, `PI-${100 + i}`, fields));
      }
      for (const id of ids) expect((await randomize(store, id)).ok).toBe(true);
      const { seed } = await store.db
        .selectFrom("randomizationSecret")
        .select("seed")
        .executeTakeFirstOrThrow();
      const fresh = allocator(phase2.randomization!, seed);
      const expected = levels.map((fields) => {
        const next = fresh.allocate({
          site: "PI",
          visceral: fields.visceralMetastases ? "yes" : "no",
          dfi: (fields.dfiMonths as number) <= 24 ? "<=24" : ">24",
        });
        return next.ok ? next.allocation.arm : "refused";
      });
      const stored = await store.transaction(coordinator, (tx) => allocationsOf(tx, study.studyId));
      expect(stored.map((allocation) => allocation.arm)).toEqual(expected);
    });

    it("names the failed criterion, the missing field, a second randomization and an unrandomized protocol", async () => {
      const subject = await enrol(store, study, "PI-001");
      const ineligible = await randomize(store, subject, { ...eligible, "prior-cytokines": true });
      expect(ineligible).toMatchObject({ ok: false, problem: { code: "ineligible" } });
      if (!ineligible.ok) {
        expect(ineligible.problem.field).toBe("answers.prior-cytokines");
        expect(statusOf(ineligible.problem)).toBe(422);
      }
      const unanswered = await randomize(store, subject, {
        ...eligible,
        consent: undefined,
      } as never);
      expect(unanswered).toMatchObject({
        ok: false,
        problem: { code: "invalid", field: "answers.consent" },
      });
      const premenopausal = await enrol(store, study, "PI-002", { menopausalStatus: "pre" });
      expect(await randomize(store, premenopausal)).toMatchObject({
        ok: false,
        problem: { code: "ineligible", field: "answers.postmenopausal" },
      });
      const noDfi = await enrol(store, study, "PI-003", { dfiMonths: null });
      expect(await randomize(store, noDfi)).toMatchObject({
        ok: false,
        problem: { code: "invalid", field: "dfiMonths" },
      });
      expect((await randomize(store, subject)).ok).toBe(true);
      const again = await randomize(store, subject);
      expect(again).toMatchObject({ ok: false, problem: { code: "already_randomized" } });
      if (!again.ok) expect(statusOf(again.problem)).toBe(409);
      // Nothing of the refused attempts was kept: the next number is 2.
      const next = await enrol(store, study, "PI-004");
      const second = await randomize(store, next);
      expect(second.ok && second.value.sequence).toBe(2);

      const pilot = await store.transaction(coordinator, async (tx) => {
        const created = await tx.records.create("study", { code: "PILOT", title: "pilot" });
        if (!created.ok) throw new Error(created.problem.message);
        const other = created.value;
        await tx.records.create("protocolVersion", {
          studyId: other.id,
          number: 1,
          effectiveDate: "2024-01-01",
          document: seedProtocol,
        });
        const site = await tx.records.create("site", {
          studyId: other.id,
          code: "PI",
          name: "Pisa",
        });
        if (!site.ok) throw new Error(site.problem.message);
        return { studyId: other.id, siteIds: { PI: site.value.id } };
      });
      const pilotSubject = await enrol(store, pilot, "P-001", { arm: "treated" });
      expect(await randomize(store, pilotSubject)).toMatchObject({
        ok: false,
        problem: { code: "not_randomized" },
      });
    });

    it("enrols without an arm, and refuses an arm set by hand before or after randomization", async () => {
      const withArm = await store.transaction(coordinator, (tx) =>
        tx.records.create("subject", {
          studyId: study.studyId,
          siteId: study.siteIds.PI,
          pseudonym: "PI-009",
          arm: "control",
          enrolmentDate: "2026-02-02",
        }),
      );
      expect(withArm).toMatchObject({ ok: false, problem: { code: "invalid", field: "arm" } });
      const subject = await enrol(store, study, "PI-001");
      const byHand = await store.transaction(coordinator, (tx) =>
        tx.records.update("subject", subject, 1, { arm: "control" }, "typo"),
      );
      expect(byHand).toMatchObject({ ok: false, problem: { code: "invalid", field: "arm" } });
      const drawn = await randomize(store, subject);
      if (!drawn.ok) throw new Error(drawn.problem.message);
      const other = drawn.value.arm === "control" ? "immunotherapy" : "control";
      const after = await store.transaction(coordinator, (tx) =>
        tx.records.update("subject", subject, 2, { arm: other }, "wrong arm"),
      );
      expect(after).toMatchObject({
        ok: false,
        problem: { code: "already_randomized", field: "arm" },
      });
      // Other fields still change.
      const notes = await store.transaction(coordinator, (tx) =>
        tx.records.update("subject", subject, 2, { dfiMonths: 31 }, "recount"),
      );
      expect(notes.ok).toBe(true);
    });

    it("refuses to randomize a subject locked by a signature, as every write is", async () => {
      const subject = await enrol(store, study, "PI-001");
      const signed = await store.transaction(coordinator, (tx) =>
        tx.records.create("signature", { entity: "subject", recordId: subject, meaning: "lock" }),
      );
      expect(signed.ok).toBe(true);
      expect(await randomize(store, subject)).toMatchObject({
        ok: false,
        problem: { code: "locked", message: expect.stringMatching(/^this subject is locked/) },
      });
    });

    it("refuses a CSV import of subjects into a randomized study, naming the arm", async () => {
      const imported = await store.transaction(coordinator, (tx) =>
        importCsv(tx, {
          kind: "subjects",
          studyId: study.studyId,
          csv: "site_code,pseudonym,arm,enrolment_date\nPI,PI-900,control,2026-02-02\n",
        }),
      );
      expect(imported).toMatchObject({ ok: false, problem: { code: "invalid", field: "arm" } });
      const subjects = await store.transaction(coordinator, (tx) => tx.records.list("subject"));
      expect(subjects).toEqual([]);
    });

    it("corrects a mistaken randomization with a reason and keeps the arm drawn", async () => {
      const subject = await enrol(store, study, "PI-001");
      const drawn = await randomize(store, subject);
      if (!drawn.ok) throw new Error(drawn.problem.message);
      const other = drawn.value.arm === "control" ? "immunotherapy" : "control";
      const manager = { userId: "u-rm", username: "randomization.manager" };
      expect(
        await store.transaction(manager, (tx) =>
          correctAllocation(tx, subject, { reason: " ", treatedArm: other }),
        ),
      ).toMatchObject({ ok: false, problem: { code: "reason_required" } });
      const corrected = await store.transaction(manager, (tx) =>
        correctAllocation(tx, subject, {
          reason: "given the other arm's drugs",
          treatedArm: other,
        }),
      );
      expect(corrected).toMatchObject({
        ok: true,
        value: {
          arm: drawn.value.arm,
          sequence: 1,
          treatedArm: other,
          correctionReason: "given the other arm's drugs",
          correctedByName: "randomization.manager",
        },
      });
      const subjectRow = await store.transaction(coordinator, (tx) =>
        tx.records.get("subject", subject),
      );
      expect(subjectRow.ok && subjectRow.value.arm).toBe(drawn.value.arm);
      const trail = await store.transaction(manager, (tx) => tx.audit.ofSubject(subject));
      expect(
        trail
          .filter((row) => row.entity === "allocation" && row.action === "update")
          .map((row) => [row.field, row.reason]),
      ).toEqual([
        ["treatedArm", "given the other arm's drugs"],
        ["correctionReason", "given the other arm's drugs"],
      ]);
    });

    it("stops enrolment and randomization when stage 1 of a Simon design fails, until a statistician decides", async () => {
      const gated = { ...phase2, stageGate: { design: "simon", n1: 2, r1: 0, n: 6 } };
      const other = await store.transaction(coordinator, async (tx) => {
        const created = await tx.records.update(
          "protocolVersion",
          (await tx.records.list("protocolVersion"))[0].id,
          1,
          { document: gated },
          "stage gate",
        );
        if (!created.ok) throw new Error(created.problem.message);
        return created.value;
      });
      expect(other.version).toBe(2);
      const ids = [await enrol(store, study, "PI-001"), await enrol(store, study, "PI-002")];
      for (const id of ids) {
        const assessed = await store.transaction(coordinator, (tx) =>
          tx.records.create("responseAssessment", {
            subjectId: id,
            assessedOn: "2026-04-10",
            criteria: "RECIST1.1",
            overallResponse: "SD",
          }),
        );
        expect(assessed.ok).toBe(true);
      }
      const third = await store.transaction(coordinator, (tx) =>
        tx.records.create("subject", {
          studyId: study.studyId,
          siteId: study.siteIds.FI,
          pseudonym: "FI-001",
          enrolmentDate: "2026-05-02",
        }),
      );
      expect(third).toMatchObject({ ok: false, problem: { code: "enrolment_stopped" } });
      if (!third.ok) {
        expect(third.problem.message).toContain("stage 1 showed 0 responses in 2 subjects");
        expect(statusOf(third.problem)).toBe(409);
      }
      const randomized = await randomize(store, ids[0]);
      expect(randomized).toMatchObject({ ok: false, problem: { code: "enrolment_stopped" } });

      const statistician = { userId: "u-stat", username: "statistician" };
      const decided = await store.transaction(statistician, async (tx) => {
        const protocol = await studyProtocol(tx, study.studyId);
        if (!protocol.ok) throw new Error(protocol.problem.message);
        return decideStageGate(
          tx,
          study.studyId,
          protocol.value,
          "stable disease lasting; DSMB advice",
        );
      });
      expect(decided).toMatchObject({ ok: true, value: { decision: "continue" } });
      expect((await randomize(store, ids[0])).ok).toBe(true);
      const reopened = await store.transaction(coordinator, (tx) =>
        tx.records.create("subject", {
          studyId: study.studyId,
          siteId: study.siteIds.FI,
          pseudonym: "FI-001",
          enrolmentDate: "2026-05-02",
        }),
      );
      expect(reopened.ok).toBe(true);
      const trail = await store.transaction(statistician, (tx) =>
        tx.audit.ofRecord("stageGateDecision", study.studyId),
      );
      expect(trail.map((row) => row.reason)).toEqual(["stable disease lasting; DSMB advice"]);
    });
  });
}

describeRandomization("PGlite", () => openTestStoreInTransaction(clock));
if (postgresUrl) {
  const database = postgresTestDatabase(postgresUrl);
  afterAll(() => database.drop());
  describeRandomization("PostgreSQL", () => database.openStore(clock));
}

/**
 * Coordinators at every site randomizing at the same instant: each request is its own
 * transaction on its own connection (PostgreSQL) or queued on the one connection (PGlite).
 */
function describeConcurrency(name: string, makeStore: () => Promise<Store>) {
  describe(`concurrent randomization on ${name}`, () => {
    it("gives 1..N without gap or duplicate when N subjects are randomized at once", async () => {
      const store = await makeStore();
      try {
        const study = await seeded(store);
        const n = 24;
        const ids: string[] = [];
        for (let i = 0; i < n; i++)
          ids.push(
            await enrol(store, study, `PI-${200 + i}`, {
              visceralMetastases: i % 2 === 0,
              dfiMonths: i % 3 === 0 ? 10 : 40,
            }),
          );
        const outcomes = await Promise.all(ids.map((id) => randomize(store, id)));
        const sequences = outcomes.map((outcome) => (outcome.ok ? outcome.value.sequence : 0));
        expect([...sequences].sort((a, b) => a - b)).toEqual(
          Array.from({ length: n }, (_, i) => i + 1),
        );
        // The same subjects again, at once: every one refused, nothing added.
        const repeats = await Promise.all(ids.slice(0, 6).map((id) => randomize(store, id)));
        expect(repeats.every((outcome) => !outcome.ok)).toBe(true);
        const stored = await store.transaction(coordinator, (tx) =>
          allocationsOf(tx, study.studyId),
        );
        expect(stored.map((allocation) => allocation.sequence)).toEqual(
          Array.from({ length: n }, (_, i) => i + 1),
        );
        // Replaying the stored allocations in order gives the arms they hold.
        const { seed } = await store.db
          .selectFrom("randomizationSecret")
          .select("seed")
          .executeTakeFirstOrThrow();
        const fresh = allocator(phase2.randomization!, seed);
        for (const allocation of stored) {
          const next = fresh.allocate(allocation.levels);
          expect(next.ok && next.allocation.arm).toBe(allocation.arm);
        }
        expect((await store.verifyAuditChain()).ok).toBe(true);
      } finally {
        await store.close();
      }
    }, 60_000);
  });
}

describeConcurrency("PGlite", () => openTestStore(clock));
if (postgresUrl) describeConcurrency("PostgreSQL", () => openPostgresTestStore(postgresUrl, clock));
