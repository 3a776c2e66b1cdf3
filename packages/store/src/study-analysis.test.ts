import { seededRandom, simulateCohort } from "@ciclo/sim";
import { seedProtocol } from "@ciclo/trial";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { cohortCsv, importCohortCsv } from "./cohort-csv";
import type { EntityName } from "./entities";
import type { StoredRecord } from "./records";
import { type Store, systemActor, type Tx } from "./store";
import { trialRecords } from "./study-analysis";
import { openTestStoreInTransaction, postgresTestDatabase } from "./test-store";

/** A clock a minute on at each transaction, so that records have a creation order. */
function minuteClock(): () => Date {
  let minute = 0;
  return () => new Date(Date.UTC(2024, 4, 2, 10, minute++));
}

async function created(tx: Tx, entity: EntityName, input: object): Promise<StoredRecord> {
  const outcome = await tx.records.create(entity, input, "test data");
  if (!outcome.ok) throw new Error(outcome.problem.message);
  return outcome.value;
}

/** A subject as the store keeps one with only the required fields given. */
const subjectFields = {
  yearOfBirth: null,
  menopausalStatus: null,
  erStatus: null,
  pgrStatus: null,
  her2Status: null,
  dfiMonths: null,
  boneMetastases: null,
  softTissueMetastases: null,
  visceralMetastases: null,
  metastaticSiteCount: null,
  primaryDiagnosisDate: null,
  metastasisMarkerDate: null,
  metastasisImagingDate: null,
  hormoneTherapyStart: null,
  hormoneTherapyAgent: null,
  biologicalTherapy: null,
  clinicalBenefitDate: null,
  firstIfnDate: null,
  eligible: true,
  status: "active",
};

/**
 * A lab result as the store keeps one with only analyte, value and unit given (the store fills
 * in the catalogue's LOINC code).
 */
const resultFields = {
  referenceLow: null,
  referenceHigh: null,
  assay: null,
  gating: null,
  belowLimit: false,
  missingReason: null,
};

function describeLoader(engine: string, openStore: (clock: () => Date) => Promise<Store>) {
  describe(`trialRecords on ${engine}`, () => {
    let store: Store;
    let ids: Record<string, string>;

    // Study A at Pisa (subject A-1) and Firenze; study B at its own site (B-1).
    beforeEach(async () => {
      store = await openStore(minuteClock());
      ids = {};
      const step = async (name: string, entity: EntityName, input: object) => {
        const record = await store.transaction(systemActor, (tx) => created(tx, entity, input));
        ids[name] = record.id;
      };
      await step("studyA", "study", { code: "A", title: "Study A" });
      await step("studyB", "study", { code: "B", title: "Study B" });
      await step("pisa", "site", { studyId: ids.studyA, code: "PI", name: "Pisa" });
      await step("firenze", "site", { studyId: ids.studyA, code: "FI", name: "Firenze" });
      await step("siena", "site", { studyId: ids.studyB, code: "SI", name: "Siena" });
      const subject = { arm: "treated", enrolmentDate: "2024-01-10" };
      await step("A1", "subject", {
        ...subject,
        studyId: ids.studyA,
        siteId: ids.pisa,
        pseudonym: "A-1",
      });
      await step("A2", "subject", {
        ...subject,
        arm: "control",
        studyId: ids.studyA,
        siteId: ids.firenze,
        pseudonym: "A-2",
      });
      await step("B1", "subject", {
        ...subject,
        studyId: ids.studyB,
        siteId: ids.siena,
        pseudonym: "B-1",
      });
      const draw = { drawnAt: "2024-02-01T08:30:00Z", relation: "pre", cycle: 2 };
      await step("sampleA1", "sample", { ...draw, subjectId: ids.A1 });
      await step("sampleA2", "sample", {
        subjectId: ids.A2,
        drawnAt: "2024-02-03T09:00:00Z",
        relation: "routine",
      });
      await step("sampleB1", "sample", { ...draw, subjectId: ids.B1 });
      await step("ceaA1", "labResult", {
        sampleId: ids.sampleA1,
        analyte: "CEA",
        value: 4.2,
        unit: "ng/mL",
      });
      await step("caA2", "labResult", {
        sampleId: ids.sampleA2,
        analyte: "CA15-3",
        value: 31.5,
        unit: "U/mL",
      });
      await step("ceaB1", "labResult", {
        sampleId: ids.sampleB1,
        analyte: "CEA",
        value: 9.9,
        unit: "ng/mL",
      });
      // Created on A-1's sample, then moved to B-1's as the store once allowed (a change of sample
      // now stays within the subject): the result keeps A-1 as its own subject, but its sample
      // (and so its draw) is study B's; the reader follows the sample.
      await step("movedA1", "labResult", {
        sampleId: ids.sampleA1,
        analyte: "TPA",
        value: 80,
        unit: "U/L",
      });
      await store.transaction(systemActor, (tx) =>
        tx.db
          .updateTable("labResult")
          .set({ sampleId: ids.sampleB1 })
          .where("id", "=", ids.movedA1)
          .execute(),
      );
      const dose = {
        drug: "il-2",
        status: "given",
        dose: 9,
        unit: "MIU",
        route: "sc",
        cycle: 2,
        week: 5,
      };
      await step("doseA1", "administration", {
        ...dose,
        subjectId: ids.A1,
        givenAt: "2024-02-01T10:00:00Z",
      });
      await step("doseB1", "administration", {
        ...dose,
        subjectId: ids.B1,
        givenAt: "2024-02-01T10:00:00Z",
      });
      await step("pdA2", "progression", {
        subjectId: ids.A2,
        progressedOn: "2024-06-30",
        method: "imaging",
      });
      await step("fuA1", "followUp", {
        subjectId: ids.A1,
        contactDate: "2024-07-01",
        vitalStatus: "alive",
      });
      await step("fuB1", "followUp", {
        subjectId: ids.B1,
        contactDate: "2024-07-02",
        vitalStatus: "dead",
        deathDate: "2024-07-01",
        deathCause: "breast cancer",
      });
    });
    afterEach(() => store.close());

    const load = (studyId: string, siteIds?: string[]) =>
      store.transaction(systemActor, (tx) => trialRecords(tx, studyId, siteIds));

    it("reads one study's records, each result with its sample's draw, and no store bookkeeping", async () => {
      const records = await load(ids.studyA);
      expect(records.subjects).toEqual([
        {
          ...subjectFields,
          subjectId: ids.A1,
          studyId: ids.studyA,
          siteId: ids.pisa,
          pseudonym: "A-1",
          arm: "treated",
          enrolmentDate: "2024-01-10",
        },
        {
          ...subjectFields,
          subjectId: ids.A2,
          studyId: ids.studyA,
          siteId: ids.firenze,
          pseudonym: "A-2",
          arm: "control",
          enrolmentDate: "2024-01-10",
        },
      ]);
      // Study B's result and the result moved onto study B's sample are left out.
      expect(records.labResults).toEqual([
        {
          ...resultFields,
          sampleId: ids.sampleA1,
          subjectId: ids.A1,
          analyte: "CEA",
          code: "2039-6",
          value: 4.2,
          unit: "ng/mL",
          drawnAt: "2024-02-01T08:30:00.000Z",
          relation: "pre",
          cycle: 2,
        },
        {
          ...resultFields,
          sampleId: ids.sampleA2,
          subjectId: ids.A2,
          analyte: "CA15-3",
          code: "6875-9",
          value: 31.5,
          unit: "U/mL",
          drawnAt: "2024-02-03T09:00:00.000Z",
          relation: "routine",
          cycle: null,
        },
      ]);
      expect(records.administrations).toEqual([
        {
          subjectId: ids.A1,
          drug: "il-2",
          scheduledDate: null,
          givenAt: "2024-02-01T10:00:00.000Z",
          dose: 9,
          unit: "MIU",
          route: "sc",
          status: "given",
          reason: null,
          cycle: 2,
          week: 5,
        },
      ]);
      expect(records.progressions).toEqual([
        { subjectId: ids.A2, progressedOn: "2024-06-30", method: "imaging", notes: null },
      ]);
      expect(records.followUps).toEqual([
        {
          subjectId: ids.A1,
          contactDate: "2024-07-01",
          vitalStatus: "alive",
          deathDate: null,
          deathCause: null,
        },
      ]);
    });

    it("joins a result to its sample's subject, not to the subject the result row names", async () => {
      const records = await load(ids.studyB);
      expect(records.labResults.map((r) => [r.analyte, r.subjectId, r.drawnAt])).toEqual([
        ["CEA", ids.B1, "2024-02-01T08:30:00.000Z"],
        ["TPA", ids.B1, "2024-02-01T08:30:00.000Z"],
      ]);
      expect(records.followUps.map((f) => [f.subjectId, f.deathDate, f.deathCause])).toEqual([
        [ids.B1, "2024-07-01", "breast cancer"],
      ]);
    });

    it("reads only the subjects of the given sites, and nothing for no site", async () => {
      const firenze = await load(ids.studyA, [ids.firenze]);
      expect(firenze.subjects.map((s) => s.pseudonym)).toEqual(["A-2"]);
      expect(firenze.labResults.map((r) => r.analyte)).toEqual(["CA15-3"]);
      expect(firenze.administrations).toEqual([]);
      expect(firenze.progressions.map((p) => p.subjectId)).toEqual([ids.A2]);
      expect(firenze.followUps).toEqual([]);
      // A site of another study gives nothing of this one.
      const siena = await load(ids.studyA, [ids.siena]);
      expect(Object.values(siena).map((kind) => kind.length)).toEqual([0, 0, 0, 0, 0]);
      const none = await load(ids.studyA, []);
      expect(Object.values(none).map((kind) => kind.length)).toEqual([0, 0, 0, 0, 0]);
    });

    it("gives what the repository's pages give, on an imported simulated cohort", async () => {
      const cohort = simulateCohort(
        seedProtocol,
        { treated: 2, controls: 2, sites: ["PI", "FI"] },
        seededRandom(3),
      );
      const imported = await store.transaction(systemActor, (tx) =>
        importCohortCsv(tx, cohortCsv(cohort), { studyId: ids.studyA, reason: "test data" }),
      );
      if (!imported.ok) throw new Error(imported.problem.message);
      for (const siteIds of [undefined, [ids.firenze]]) {
        const [loaded, paged] = await store.transaction(systemActor, async (tx) => [
          await trialRecords(tx, ids.studyA, siteIds),
          await pagedRecords(tx, ids.studyA, siteIds),
        ]);
        expect(loaded.labResults.length).toBeGreaterThan(100);
        expect(loaded).toEqual(paged);
      }
    });
  });
}

/**
 * The study's records read through the generic repository (`Records.list`, every site's rows,
 * filtered here) and joined here: how the report read them before the store filtered and
 * joined them in the database; ordered as the store reads them, by subject (in the subjects'
 * creation order), each subject's records in creation order.
 */
async function pagedRecords(tx: Tx, studyId: string, siteIds?: string[]) {
  const all = (entity: EntityName) => tx.records.list(entity, { siteIds, limit: 1_000_000 });
  const clinical = ({ id, version, createdAt, updatedAt, ...fields }: StoredRecord) => fields;
  const subjects = (await all("subject")).filter((subject) => subject.studyId === studyId);
  const ofStudy = new Set(subjects.map((subject) => subject.id));
  const mine = async (entity: EntityName) =>
    (await all(entity)).filter((row) => ofStudy.has(row.subjectId as string)).map(clinical);
  const samples = new Map(
    (await all("sample")).filter((s) => ofStudy.has(s.subjectId as string)).map((s) => [s.id, s]),
  );
  const place = new Map(subjects.map((subject, index) => [subject.id, index]));
  const bySubject = <T extends Record<string, unknown>>(rows: T[]) =>
    [...rows].sort(
      (a, b) => (place.get(a.subjectId as string) ?? 0) - (place.get(b.subjectId as string) ?? 0),
    );
  return {
    subjects: subjects.map((subject) => ({ ...clinical(subject), subjectId: subject.id })),
    administrations: bySubject(await mine("administration")),
    labResults: bySubject(
      (await all("labResult"))
        .filter((result) => samples.has(result.sampleId as string))
        .map((result) => {
          const sample = samples.get(result.sampleId as string) as StoredRecord;
          const { subjectId, drawnAt, relation, cycle } = sample;
          return { ...clinical(result), subjectId, drawnAt, relation, cycle };
        }),
    ),
    progressions: bySubject(await mine("progression")),
    followUps: bySubject(await mine("followUp")),
  };
}

describeLoader("PGlite", openTestStoreInTransaction);
const serverUrl = process.env.TEST_DATABASE_URL;
if (serverUrl) {
  const database = postgresTestDatabase(serverUrl);
  afterAll(() => database.drop());
  describeLoader("PostgreSQL", (clock) => database.openStore(clock));
}
