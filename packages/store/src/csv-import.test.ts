import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  exportCsv,
  type ImportKind,
  importCsv,
  openTestStore,
  postgresTestDatabase,
  type Store,
} from "./index";

const dataManager = { userId: "u-dm", username: "dm.pisa" };

const subjectsCsv = `site_code,pseudonym,arm,year_of_birth,er_status,dfi_months,visceral_metastases,enrolment_date
PI,PI-001,treated,1948,positive,36,false,2024-01-10
PI,PI-002,control,1952,positive,12.5,true,2024-01-15
`;

function describeImport(engine: string, openStore: () => Promise<Store>) {
  describe(`CSV import on ${engine}`, () => {
    let store: Store;
    let studyId: string;
    let pisaId: string;
    beforeAll(async () => {
      store = await openStore();
      const ids = await store.transaction(dataManager, async (tx) => {
        const study = await tx.records.create("study", { code: "CICLO", title: "Ciclo pilot" });
        if (!study.ok) throw new Error(study.problem.message);
        const pisa = await tx.records.create("site", {
          studyId: study.value.id,
          code: "PI",
          name: "Pisa",
        });
        if (!pisa.ok) throw new Error(pisa.problem.message);
        await tx.records.create("site", { studyId: study.value.id, code: "FI", name: "Firenze" });
        return { studyId: study.value.id, pisaId: pisa.value.id };
      });
      ({ studyId, pisaId } = ids);
      const imported = await store.transaction(dataManager, (tx) =>
        importCsv(tx, { kind: "subjects", csv: subjectsCsv, studyId }),
      );
      expect(imported).toMatchObject({ ok: true, value: { rows: 2, created: { subject: 2 } } });
    });
    afterAll(() => store.close());

    const countRows = () =>
      store.transaction(dataManager, async (tx) => ({
        samples: (await tx.records.list("sample")).length,
        results: (await tx.records.list("labResult")).length,
        audit: (await tx.audit.all({ limit: 100_000 })).length,
      }));

    it("rejects a bad lab file whole, listing every bad row, and changes nothing", async () => {
      const before = await countRows();
      const csv = `pseudonym,drawn_at,relation,analyte,value,unit
PI-001,2024-02-01T08:00:00Z,pre,CEA,4.1,ng/mL
PI-404,2024-02-01T08:00:00Z,pre,CEA,4.1,ng/mL
PI-001,2024-02-01T08:00:00Z,pre,PSA,4.1,ng/mL
PI-001,2024-02-01T08:00:00Z,pre,CA15-3,20,mg/dl
PI-001,2024-02-01T08:00:00Z,pre,CD4_PCT,140,%
PI-001,2023-12-01T08:00:00Z,pre,TPA,80,U/L
PI-001,2024-02-01T08:00:00Z,pre,CEA,4.3,ng/mL
PI-001,yesterday,pre,TPA,80,U/L
PI-001,2024-02-01T08:00:00Z,pre,TPA,,U/L
`;
      const outcome = await store.transaction(dataManager, (tx) =>
        importCsv(tx, { kind: "lab-results", csv, studyId }),
      );
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.problem.code).toBe("import_rejected");
      expect(outcome.problem.message).toBe(
        "8 of 9 rows have problems; nothing was imported. Correct the rows listed and import the whole file again.",
      );
      expect(outcome.problem.rows).toEqual([
        {
          row: 3,
          field: "pseudonym",
          message: "unknown subject 'PI-404'; enrol her first (import subjects)",
        },
        {
          row: 4,
          field: "analyte",
          message: expect.stringMatching(/^unknown analyte 'PSA'; use one of CEA/),
        },
        {
          row: 5,
          field: "unit",
          message: "unit 'mg/dl' cannot be converted for CA15-3; use U/mL or kU/L",
        },
        {
          row: 6,
          field: "value",
          message:
            "CD4_PCT 140 % is outside the possible range 0–100 %; check the value and its unit",
        },
        {
          row: 7,
          field: "drawn_at",
          message:
            "drawn_at 2023-12-01 is before the enrolment of 'PI-001' on 2024-01-10; correct the date or the enrolment date",
        },
        {
          row: 8,
          field: "analyte",
          message: "duplicate of row 2 (same pseudonym, drawn_at, analyte)",
        },
        {
          row: 9,
          field: "drawn_at",
          message:
            "drawn_at 'yesterday' is not a date-time; write it as ISO 8601, e.g. 2024-03-01T09:30:00Z",
        },
        {
          row: 10,
          field: "value",
          message:
            "value is empty; give the value, or the reason it is missing (missing_reason), or mark it below the limit (below_limit)",
        },
      ]);
      expect(await countRows()).toEqual(before);
    });

    it("imports a good lab file: one sample per draw, converted units, one audit row per record", async () => {
      const before = await countRows();
      const csv = `pseudonym,drawn_at,relation,cycle,analyte,value,unit,below_limit
PI-001,2024-02-01T08:00:00Z,pre,1,CEA,4.1,µg/L,
PI-001,2024-02-01T08:00:00Z,pre,1,CRP,1.2,mg/dL,
PI-001,2024-02-03T08:00:00Z,post,1,IL-10,,pg/mL,true
`;
      const outcome = await store.transaction(dataManager, (tx) =>
        importCsv(tx, { kind: "lab-results", csv, studyId }),
      );
      expect(outcome).toEqual({
        ok: true,
        value: { kind: "lab-results", rows: 3, created: { sample: 2, labResult: 3 } },
      });
      const after = await countRows();
      expect(after.samples - before.samples).toBe(2);
      expect(after.results - before.results).toBe(3);
      expect(after.audit - before.audit).toBe(5);
      const crp = await store.transaction(dataManager, (tx) =>
        tx.records.list("labResult", { where: { analyte: "CRP" } }),
      );
      expect(crp[0]).toMatchObject({ value: 12, unit: "mg/L" });
      const again = await store.transaction(dataManager, (tx) =>
        importCsv(tx, { kind: "lab-results", csv, studyId }),
      );
      expect(again.ok).toBe(false);
      if (!again.ok) expect(again.problem.rows?.[0]?.message).toMatch(/already stored/);
    });

    it("rejects bad administration rows: unknown drug, dose before enrolment, bad status, duplicate", async () => {
      const before = await countRows();
      const csv = `pseudonym,drug,scheduled_date,given_at,dose,unit,route,status,cycle,week
PI-001,ifn-beta,2024-01-15,2024-01-15T09:00:00Z,3,MIU,im,given,1,1
PI-001,aspirin,2024-01-16,,,,,given,1,1
PI-002,il-2,,2024-01-02T09:00:00Z,1.8,MIU,sc,given,1,5
PI-002,il-2,2024-03-01,,,,,forgotten,1,5
PI-001,ifn-beta,2024-01-15,2024-01-15T09:00:00Z,3,MIU,im,given,1,1
`;
      const outcome = await store.transaction(dataManager, (tx) =>
        importCsv(tx, { kind: "administrations", csv, studyId }),
      );
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.problem.rows).toEqual([
        {
          row: 3,
          field: "drug",
          message: expect.stringMatching(/^drug: Invalid option: expected one of "ifn-beta"/),
        },
        {
          row: 4,
          field: "given_at",
          message:
            "given_at 2024-01-02 is before the enrolment of 'PI-002' on 2024-01-15; correct the date or the enrolment date",
        },
        {
          row: 5,
          field: "status",
          message: expect.stringMatching(/^status: Invalid option: expected one of "given"/),
        },
        {
          row: 6,
          field: "given_at",
          message: "duplicate of row 2 (same pseudonym, drug, scheduled_date, given_at)",
        },
      ]);
      expect(await countRows()).toEqual(before);
    });

    it("imports administrations, visits and follow-up with one audit row per record", async () => {
      const audit = async () =>
        (await store.transaction(dataManager, (tx) => tx.audit.all({ limit: 100_000 }))).length;
      const files = {
        administrations: `pseudonym,drug,scheduled_date,given_at,dose,unit,route,status,reason,cycle,week
PI-001,ifn-beta,2024-01-15,2024-01-15T09:00:00Z,3,MIU,im,given,,1,1
PI-001,ifn-beta,2024-01-17,,,,,skipped,fever,1,1
`,
        visits:
          "pseudonym,visit_date,kind\nPI-001,2024-01-05,screening\nPI-001,2024-03-20,control\n",
        "follow-up": `pseudonym,contact_date,vital_status,death_date,death_cause
PI-002,2025-06-01,dead,2025-05-20,breast cancer
`,
      } as const;
      for (const [kind, csv] of Object.entries(files) as [keyof typeof files, string][]) {
        const before = await audit();
        const outcome = await store.transaction(dataManager, (tx) =>
          importCsv(tx, { kind, csv, studyId }),
        );
        const rows = csv.trim().split("\n").length - 1;
        expect(outcome, kind).toMatchObject({ ok: true, value: { kind, rows } });
        expect((await audit()) - before, kind).toBe(rows);
      }
      const skipped = await store.transaction(dataManager, (tx) =>
        tx.records.list("administration", { where: { status: "skipped" } }),
      );
      expect(skipped).toMatchObject([
        { drug: "ifn-beta", reason: "fever", givenAt: null, cycle: 1 },
      ]);
      const exported = await store.transaction(dataManager, (tx) =>
        exportCsv(tx.db, "follow-up", { studyId }),
      );
      expect(exported).toBe(
        "pseudonym,contact_date,vital_status,death_date,death_cause\nPI-002,2025-06-01,dead,2025-05-20,breast cancer\n",
      );
    });

    it("refuses subjects of a site where the importer holds no role", async () => {
      const csv =
        "site_code,pseudonym,arm,enrolment_date\nFI,FI-001,treated,2024-02-01\nXX,XX-001,treated,2024-02-01\n";
      const outcome = await store.transaction(dataManager, (tx) =>
        importCsv(tx, { kind: "subjects", csv, studyId, siteIds: [pisaId] }),
      );
      expect(outcome.ok).toBe(false);
      if (!outcome.ok)
        expect(outcome.problem.rows).toEqual([
          {
            row: 2,
            field: "site_code",
            message: "you hold no role at site 'FI'; import only subjects of your sites",
          },
          { row: 3, field: "site_code", message: "unknown site 'XX'; use one of PI, FI" },
        ]);
    });

    it("names unknown and missing columns in the header", async () => {
      const outcome = await store.transaction(dataManager, (tx) =>
        importCsv(tx, {
          kind: "follow-up",
          csv: "pseudonym,contact,vital_status\nPI-001,2024-01-01,alive\n",
          studyId,
        }),
      );
      expect(outcome.ok).toBe(false);
      if (!outcome.ok)
        expect(outcome.problem.rows?.map((row) => row.field)).toEqual(["contact", "contact_date"]);
    });

    it("exports lab results in the import's own columns, so the export imports back", async () => {
      const csv = await store.transaction(dataManager, (tx) =>
        exportCsv(tx.db, "lab-results", { studyId }),
      );
      const lines = csv.trim().split("\n");
      expect(lines[0]).toBe(
        "pseudonym,drawn_at,relation,cycle,analyte,code,value,unit,reference_low,reference_high,assay,gating,below_limit,missing_reason",
      );
      expect(lines[1]).toBe(
        "PI-001,2024-02-01T08:00:00.000Z,pre,1,CEA,2039-6,4.1,ng/mL,,,,,false,",
      );
      expect(lines).toHaveLength(4);
    });

    it("imports lesions onto their stored assessment, refuses one without it, and exports them back", async () => {
      const assessments = `pseudonym,assessed_on,criteria,overall_response
PI-002,2024-01-12,RECIST1.1,SD
PI-002,2024-04-12,RECIST1.1,PD
`;
      const stored = await store.transaction(dataManager, (tx) =>
        importCsv(tx, { kind: "response-assessments", csv: assessments, studyId }),
      );
      expect(stored).toMatchObject({ ok: true, value: { created: { responseAssessment: 2 } } });
      const orphan = await store.transaction(dataManager, (tx) =>
        importCsv(tx, {
          kind: "lesions",
          csv: "pseudonym,assessed_on,kind,location,diameter_mm\nPI-002,2024-02-12,target,liver,31\n",
          studyId,
        }),
      );
      expect(orphan.ok).toBe(false);
      if (!orphan.ok) {
        expect(orphan.problem.rows).toEqual([
          {
            row: 2,
            field: "assessed_on",
            message:
              "no response assessment of 'PI-002' on 2024-02-12; import response-assessments first",
          },
        ]);
      }
      const lesions = `pseudonym,assessed_on,kind,location,diameter_mm,status,lymph_node
PI-002,2024-01-12,target,liver segment 6,31,,
PI-002,2024-01-12,non-target,bone L3,,present,
PI-002,2024-01-12,target,axillary node,17,,true
PI-002,2024-04-12,target,liver segment 6,42,,
PI-002,2024-04-12,new,lung right upper lobe,,,
`;
      const imported = await store.transaction(dataManager, (tx) =>
        importCsv(tx, { kind: "lesions", csv: lesions, studyId }),
      );
      expect(imported).toMatchObject({ ok: true, value: { rows: 5, created: { lesion: 5 } } });
      const again = await store.transaction(dataManager, (tx) =>
        importCsv(tx, { kind: "lesions", csv: lesions, studyId }),
      );
      expect(again.ok).toBe(false);
      if (!again.ok) expect(again.problem.rows).toHaveLength(5);
      const csv = await store.transaction(dataManager, (tx) =>
        exportCsv(tx.db, "lesions", { studyId }),
      );
      expect(csv.trim().split("\n")).toEqual([
        "pseudonym,assessed_on,kind,location,diameter_mm,status,lymph_node",
        "PI-002,2024-01-12,target,axillary node,17,,true",
        "PI-002,2024-01-12,non-target,bone L3,,present,false",
        "PI-002,2024-01-12,target,liver segment 6,31,,false",
        "PI-002,2024-04-12,target,liver segment 6,42,,false",
        "PI-002,2024-04-12,new,lung right upper lobe,,,false",
      ]);
    });

    it("refuses every kind of row for a subject, or into an assessment, locked by a signature", async () => {
      const setUp = async (kind: "subjects" | "response-assessments", csv: string) =>
        expect(
          await store.transaction(dataManager, (tx) => importCsv(tx, { kind, csv, studyId })),
        ).toMatchObject({ ok: true });
      await setUp(
        "subjects",
        "site_code,pseudonym,arm,enrolment_date\nPI,PI-003,treated,2024-01-10\n",
      );
      await setUp(
        "response-assessments",
        "pseudonym,assessed_on,criteria,overall_response\nPI-003,2024-01-12,RECIST1.1,SD\nPI-001,2024-01-20,RECIST1.1,SD\n",
      );
      const signed = await store.transaction(dataManager, async (tx) => {
        const [locked] = await tx.records.list("subject", { where: { pseudonym: "PI-003" } });
        const [assessment] = await tx.records.list("responseAssessment", {
          where: { assessedOn: "2024-01-20" },
        });
        const onSubject = await tx.records.create("signature", {
          entity: "subject",
          recordId: locked.id,
          meaning: "lock",
        });
        const onAssessment = await tx.records.create("signature", {
          entity: "responseAssessment",
          recordId: assessment.id,
          meaning: "review",
        });
        return onSubject.ok && onAssessment.ok;
      });
      expect(signed).toBe(true);
      const files: Record<Exclude<ImportKind, "subjects">, string> = {
        administrations: "pseudonym,drug,scheduled_date,status\nPI-003,ifn-beta,2024-01-15,given\n",
        visits: "pseudonym,visit_date,kind\nPI-003,2024-03-05,control\n",
        "lab-results":
          "pseudonym,drawn_at,relation,analyte,value,unit\nPI-003,2024-02-01T08:00:00Z,pre,CEA,4.1,ng/mL\n",
        progressions: "pseudonym,progressed_on,method\nPI-003,2024-09-01,imaging\n",
        "response-assessments":
          "pseudonym,assessed_on,criteria,overall_response\nPI-003,2024-04-12,RECIST1.1,SD\n",
        lesions:
          "pseudonym,assessed_on,kind,location,diameter_mm\nPI-003,2024-01-12,target,liver,31\n",
        "adverse-events": "pseudonym,term,grade,onset_date\nPI-003,Fever,1,2024-02-20\n",
        "follow-up": "pseudonym,contact_date,vital_status\nPI-003,2025-06-01,alive\n",
      };
      for (const [kind, csv] of Object.entries(files) as [ImportKind, string][]) {
        const outcome = await store.transaction(dataManager, (tx) =>
          importCsv(tx, { kind, csv, studyId }),
        );
        expect(outcome, kind).toMatchObject({
          ok: false,
          problem: {
            code: "import_rejected",
            rows: [
              {
                row: 2,
                field: "pseudonym",
                message: expect.stringMatching(
                  /^subject 'PI-003' is locked by the signature of dm\.pisa/,
                ),
              },
            ],
          },
        });
      }
      const intoSigned = await store.transaction(dataManager, (tx) =>
        importCsv(tx, {
          kind: "lesions",
          csv: "pseudonym,assessed_on,kind,location,diameter_mm\nPI-001,2024-01-20,target,liver,31\n",
          studyId,
        }),
      );
      expect(intoSigned).toMatchObject({
        ok: false,
        problem: {
          rows: [
            {
              row: 2,
              field: "assessed_on",
              message: expect.stringMatching(
                /^the response assessment of 'PI-001' on 2024-01-20 is locked/,
              ),
            },
          ],
        },
      });
    });
  });
}

describeImport("PGlite", () => openTestStore());
const serverUrl = process.env.TEST_DATABASE_URL;
if (serverUrl) {
  const database = postgresTestDatabase(serverUrl);
  afterAll(() => database.drop());
  describeImport("PostgreSQL", () => database.openStore());
}
