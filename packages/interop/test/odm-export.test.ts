import { type Store, systemActor } from "@ciclo/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { odmDocument, readStudyData, type StudyData } from "../src/index";
import { dataManager, engines, minuteClock, seedDemoStudy } from "./demo-study";
import { odmSchema, xmllint } from "./xmllint";

const generatedAt = new Date("2024-06-01T12:00:00Z");

for (const [engine, open] of engines())
  describe(`ODM 1.3.2 export of the demo study (${engine})`, () => {
    let store: Store;
    let data: StudyData;
    beforeAll(async () => {
      store = await open(minuteClock());
      await seedDemoStudy(store);
      const read = await store.transaction(systemActor, (tx) => readStudyData(tx));
      if (!read.ok) throw new Error(read.problem.message);
      data = read.value;
    });
    afterAll(() => store.close());

    it("writes a snapshot that validates against the CDISC schema", () => {
      const xml = odmDocument(data, { generatedAt });
      expect(xmllint(xml, odmSchema)).toBe("");
      expect(xml).toContain('FileType="Snapshot"');
      // One StudyEventDef per protocol visit, plus enrolment, unscheduled and on-study.
      expect(xml).toContain(
        '<StudyEventDef OID="SE.V.CONTROL" Name="Control visit" Repeating="Yes" Type="Scheduled">',
      );
      expect(xml).toContain('<EnumeratedItem CodedValue="CEA"');
      expect(xml).toContain('<Alias Context="LOINC" Name="2039-6"/>');
      expect(xml).toContain('<MeasurementUnit OID="MU.ng_mL" Name="ng/mL">');
    });

    it("gives the corrected value its audit record with who, when and why, and the signature its meaning", () => {
      const xml = odmDocument(data, { generatedAt });
      const corrected = xml
        .split("<ItemData ")
        .find((item) => item.includes("transcription error"));
      expect(corrected).toMatch(/^ItemOID="IT.LAB_RESULTS.VALUE"/);
      expect(corrected).toContain(`<UserRef UserOID="USR.${dataManager.username}"/>`);
      expect(corrected).toContain("<DateTimeStamp>2024-05-02T10:");
      expect(corrected).toContain(
        "<ReasonForChange>transcription error, corrected against the lab report</ReasonForChange>",
      );
      expect(xml).toMatch(
        /<Signature>\s*<UserRef UserOID="USR.dm.rossi"\/>\s*<LocationRef LocationOID="LOC.(PI|FI)"\/>\s*<SignatureRef SignatureOID="SD.REVIEW"\/>/,
      );
      expect(xml).toContain("<Meaning>I have reviewed these data.</Meaning>");
      expect(xml).toContain('<Location OID="LOC.FI" Name="Firenze" LocationType="Site">');
    });

    it("writes the audit trail as a transactional file that validates", () => {
      const xml = odmDocument(data, { generatedAt, fileType: "Transactional" });
      expect(xmllint(xml, odmSchema)).toBe("");
      expect(xml).toContain('FileType="Transactional"');
      expect(xml).toMatch(
        /<ItemData ItemOID="IT.LAB_RESULTS.VALUE" TransactionType="Update" Value="[0-9.]+">/,
      );
      // Each subject's enrolment is an inserted subject; her later records update her.
      const subjects = data.subjects.map((subject) => String(subject.pseudonym));
      for (const pseudonym of subjects)
        expect(xml).toContain(`<SubjectData SubjectKey="${pseudonym}" TransactionType="Insert">`);
    });
  });
