import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Store, seedTestStudy, systemActor } from "@ciclo/store";
import { seedProtocol } from "@ciclo/trial";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importRedcap } from "../src/index";
import { dataManager, engines, minuteClock } from "./demo-study";

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, "fixtures", "redcap", name), "utf8");
const dictionary = fixture("data-dictionary.csv");
const mapping = JSON.parse(fixture("mapping.json"));

for (const [engine, open] of engines())
  describe(`REDCap import (${engine})`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open(minuteClock());
      await store.transaction(systemActor, (tx) =>
        seedTestStudy(tx, { sites: { PI: "Pisa", FI: "Firenze" }, protocol: seedProtocol }),
      );
    });
    afterEach(() => store.close());

    it("imports a REDCap project through the mapping: codes, checkboxes, yes/no and local date-times", async () => {
      const imported = await store.transaction(dataManager, (tx) =>
        importRedcap(
          tx,
          { dictionary, records: fixture("records.csv"), mapping },
          { reason: "moved from REDCap" },
        ),
      );
      if (!imported.ok) throw new Error(JSON.stringify(imported.problem));
      expect(imported.value.map((counts) => [counts.kind, counts.rows])).toEqual([
        ["subjects", 2],
        ["administrations", 3],
        ["lab-results", 4],
        ["adverse-events", 2],
      ]);
      const [subject] = await store.transaction(systemActor, (tx) =>
        tx.records.list("subject", { where: { pseudonym: "PI-101" } }),
      );
      expect(subject).toMatchObject({
        arm: "treated",
        yearOfBirth: 1951,
        menopausalStatus: "post",
        her2Status: "negative",
        boneMetastases: true,
        softTissueMetastases: false,
        visceralMetastases: true,
        enrolmentDate: "2024-01-08",
      });
      const doses = await store.transaction(systemActor, (tx) =>
        tx.records.list("administration", { subjectId: subject.id }),
      );
      // 09:00 at +01:00 is 08:00 UTC.
      const byTime = doses
        .map((dose) => [dose.drug, dose.givenAt, dose.route])
        .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
      expect(byTime).toEqual([
        ["ifn-beta", "2024-01-08T08:00:00.000Z", "im"],
        ["ifn-beta", "2024-01-10T08:00:00.000Z", "im"],
        ["il-2", "2024-02-05T08:00:00.000Z", "sc"],
      ]);
    });

    it("refuses a broken export whole, with a message for every row that does not fit", async () => {
      const refused = await store.transaction(dataManager, (tx) =>
        importRedcap(
          tx,
          { dictionary, records: fixture("records-broken.csv"), mapping },
          { reason: "moved from REDCap" },
        ),
      );
      expect(refused.ok).toBe(false);
      if (refused.ok) return;
      expect(refused.problem.rows).toEqual([
        {
          row: 5,
          field: "redcap_repeat_instrument",
          message:
            "instrument 'concomitant_meds' is not mapped to a Ciclo kind; add it to the mapping's forms or leave its rows out",
        },
        {
          row: 7,
          field: "lab_analyte",
          message: "'PSA' is not a choice of 'lab_analyte'; its choices are CEA, CA15-3, TPA, TREG",
        },
        {
          row: 10,
          field: "ae_grade",
          message: "'7' is not a choice of 'ae_grade'; its choices are 1, 2, 3, 4, 5",
        },
      ]);
      const subjects = await store.transaction(systemActor, (tx) => tx.records.list("subject"));
      expect(subjects).toEqual([]);
    });

    it("reports the store's rules by REDCap line, and a mapping naming a field the dictionary lacks", async () => {
      const late = fixture("records.csv").replace("Fatigue,2,2024-03-01", "Fatigue,2,2023-03-01");
      const refused = await store.transaction(dataManager, (tx) =>
        importRedcap(tx, { dictionary, records: late, mapping }, { reason: "test" }),
      );
      expect(refused.ok).toBe(false);
      if (!refused.ok)
        expect(refused.problem.rows).toEqual([
          expect.objectContaining({
            row: 12,
            field: "onset_date",
            message: expect.stringMatching(/^line 12 \(record FI-201, adverse_events#1\): .*enrol/),
          }),
        ]);
      const wrong = structuredClone(mapping);
      wrong.forms[3].columns.grade = "ae_toxicity";
      const badMapping = await store.transaction(dataManager, (tx) =>
        importRedcap(
          tx,
          { dictionary, records: fixture("records.csv"), mapping: wrong },
          { reason: "test" },
        ),
      );
      expect(badMapping.ok).toBe(false);
      if (!badMapping.ok)
        expect(badMapping.problem.rows?.[0]).toEqual({
          row: 0,
          field: "mapping.adverse_events.grade",
          message: "REDCap field 'ae_toxicity' is not in the data dictionary",
        });
    });
  });
