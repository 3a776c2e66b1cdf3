import { type Store, seedTestStudy, systemActor } from "@ciclo/store";
import { seedProtocol } from "@ciclo/trial";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importOdm, odmDocument, readStudyData } from "../src/index";
import { dataManager, engines, minuteClock, seedDemoStudy } from "./demo-study";

const generatedAt = new Date("2024-06-01T12:00:00Z");

async function snapshot(store: Store): Promise<string> {
  const read = await store.transaction(systemActor, (tx) => readStudyData(tx));
  if (!read.ok) throw new Error(read.problem.message);
  return odmDocument(read.value, { generatedAt });
}

/**
 * The ClinicalData of a file without its audit records and signatures: the values, keyed by
 * subject, event, form and item group. (The records a file creates are audited as its import,
 * by the importer, so their audit records differ from the source's by design.)
 */
function clinicalValues(xml: string): unknown {
  const document = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(xml);
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== "object") return node;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key]) => key !== "AuditRecord" && key !== "Signature")
        .map(([key, value]) => [key, strip(value)]),
    );
  };
  return strip(document.ODM.ClinicalData);
}

for (const [engine, open] of engines())
  describe(`ODM import into an empty study (${engine})`, () => {
    let target: Store;
    let exported: string;
    beforeAll(async () => {
      // One store at a time: on PostgreSQL each lives in a transaction that holds the audit
      // chain's head, so a second writer would wait for the first.
      const source = await open(minuteClock());
      await seedDemoStudy(source);
      exported = await snapshot(source);
      await source.close();
      target = await open(minuteClock());
      // The empty study: protocol in force, no site and no subject yet.
      await target.transaction(systemActor, (tx) =>
        seedTestStudy(tx, { sites: {}, protocol: seedProtocol }),
      );
    });
    afterAll(() => target.close());

    it("round trip export → import → export gives the same clinical data", async () => {
      const imported = await target.transaction(dataManager, (tx) =>
        importOdm(tx, exported, { reason: "migrated from the source EDC" }),
      );
      if (!imported.ok) throw new Error(JSON.stringify(imported.problem).slice(0, 2000));
      expect(imported.value.find((counts) => counts.kind === "subjects")?.rows).toBe(2);
      const again = await snapshot(target);
      expect(clinicalValues(again)).toEqual(clinicalValues(exported));
      // The imported values are audited as the import: the importer and the reason.
      expect(again).toContain("<ReasonForChange>migrated from the source EDC</ReasonForChange>");
      // A second import into the now filled study is refused.
      const twice = await target.transaction(dataManager, (tx) =>
        importOdm(tx, exported, { reason: "again" }),
      );
      expect(twice.ok).toBe(false);
      if (!twice.ok)
        expect(twice.problem.rows?.[0]).toEqual({
          row: 1,
          field: "studyId",
          message: "study CICLO already has subjects; import an ODM file into an empty study",
        });
    });

    it("refuses a file whose values break the registry's rules, naming each item group", async () => {
      const broken = exported
        .replace(/(ItemOID="IT.ADVERSE_EVENTS.GRADE" Value=")\d/, "$19")
        .replace(
          '<ItemGroupData ItemGroupOID="IG.ADMINISTRATIONS"',
          '<ItemGroupData ItemGroupOID="IG.UNKNOWN"',
        );
      const refused = await target.transaction(dataManager, async (tx) => {
        const empty = await seedEmptyStudy(tx);
        return importOdm(tx, broken, { studyId: empty, reason: "test" });
      });
      expect(refused.ok).toBe(false);
      if (refused.ok) return;
      expect(refused.problem.code).toBe("import_rejected");
      expect(refused.problem.rows?.[0]).toMatchObject({
        field: "ItemGroupOID",
        message: expect.stringMatching(/SubjectKey .*IG.UNKNOWN.*is not a Ciclo form/),
      });
      const fixedGroup = broken.replace(
        'ItemGroupOID="IG.UNKNOWN"',
        'ItemGroupOID="IG.ADMINISTRATIONS"',
      );
      const again = await target.transaction(dataManager, async (tx) => {
        const empty = await seedEmptyStudy(tx);
        return importOdm(tx, fixedGroup, { studyId: empty, reason: "test" });
      });
      expect(again.ok).toBe(false);
      if (!again.ok)
        expect(again.problem.rows).toEqual([
          expect.objectContaining({
            field: "grade",
            message: expect.stringMatching(/^SubjectKey .*IG.ADVERSE_EVENTS\[1\]: .*5/),
          }),
        ]);
    });
  });

/** A second, empty study beside the imported one, in the caller's (rolled back) transaction. */
async function seedEmptyStudy(tx: Parameters<typeof seedTestStudy>[0]): Promise<string> {
  const study = await tx.records.create("study", { code: "EMPTY", title: "Empty" });
  if (!study.ok) throw new Error(study.problem.message);
  const protocol = await tx.records.create("protocolVersion", {
    studyId: study.value.id,
    number: 1,
    effectiveDate: "2024-01-01",
    document: seedProtocol,
  });
  if (!protocol.ok) throw new Error(protocol.problem.message);
  return study.value.id;
}
