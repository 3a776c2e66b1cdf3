import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Store, systemActor } from "@ciclo/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readStudyData, type SdtmDataset, sdtmDatasets, sdtmFiles } from "../src/index";
import { engines, minuteClock, seedDemoStudy } from "./demo-study";

for (const [engine, open] of engines())
  describe(`SDTM of the demo study (${engine})`, () => {
    let store: Store;
    let datasets: SdtmDataset[];
    const domain = (name: string) => datasets.find((each) => each.domain === name) as SdtmDataset;
    beforeAll(async () => {
      store = await open(minuteClock());
      await seedDemoStudy(store);
      const read = await store.transaction(systemActor, (tx) => readStudyData(tx));
      if (!read.ok) throw new Error(read.problem.message);
      datasets = sdtmDatasets(read.value);
    });
    afterAll(() => store.close());

    it("writes the SDTMIG 3.4 domains, each row with every required variable", () => {
      expect(datasets.map((each) => each.domain)).toEqual([
        "DM",
        "SUPPDM",
        "EX",
        "LB",
        "TU",
        "TR",
        "RS",
        "AE",
        "DS",
        "SV",
      ]);
      for (const dataset of datasets) {
        const required = dataset.variables.filter((v) => v.core === "Req").map((v) => v.name);
        expect(required.slice(0, 2), dataset.domain).toEqual([
          "STUDYID",
          dataset.domain.startsWith("SUPP") ? "RDOMAIN" : "DOMAIN",
        ]);
        for (const row of dataset.rows)
          for (const name of required)
            expect(row[name] ?? null, `${dataset.domain}.${name}`).not.toBeNull();
      }
      expect(domain("DM").rows).toHaveLength(2);
      expect(domain("LB").rows.length).toBeGreaterThan(10);
      expect(domain("AE").rows.length).toBeGreaterThan(0);
      for (const name of ["EX", "TU", "TR", "RS", "DS", "SUPPDM"])
        expect(domain(name).rows.length, name).toBeGreaterThan(0);
    });

    it("numbers --SEQ 1, 2, … per subject in every domain, never twice", () => {
      for (const dataset of datasets) {
        const seq = `${dataset.domain}SEQ`;
        if (!dataset.variables.some((v) => v.name === seq)) continue;
        const seen = new Set<string>();
        for (const row of dataset.rows) {
          const key = `${row.USUBJID}|${row[seq]}`;
          expect(seen.has(key), `${dataset.domain} ${key}`).toBe(false);
          seen.add(key);
        }
        expect(seen.size).toBe(dataset.rows.length);
      }
    });

    it("codes LB with LOINC, standard units and the indicator against the marker cut-off", () => {
      const cea = domain("LB").rows.filter((row) => row.LBTESTCD === "CEA");
      expect(cea.length).toBeGreaterThan(0);
      for (const row of cea) {
        expect(row).toMatchObject({ LBLOINC: "2039-6", LBSTRESU: "ng/mL", LBCAT: "MARKER" });
        // The pilot protocol's CEA cut-off is 5 ng/mL (domain.md §4).
        expect(row.LBNRIND).toBe(Number(row.LBSTRESN) > 5 ? "HIGH" : "NORMAL");
      }
      expect(domain("LB").rows.some((row) => row.LBTESTCD === "CA153")).toBe(true);
      for (const row of domain("AE").rows) {
        expect(["Y", "N"]).toContain(row.AESER);
        expect(["1", "2", "3", "4", "5"]).toContain(row.AETOXGR);
      }
      for (const row of domain("EX").rows)
        expect(["INTRAMUSCULAR", "SUBCUTANEOUS", "ORAL", "INTRAVENOUS", null]).toContain(
          row.EXROUTE,
        );
      for (const row of domain("RS").rows)
        expect(["CR", "PR", "SD", "PD", "NE"]).toContain(row.RSORRES);
    });

    it("writes Dataset-JSON 1.1 and CSV per dataset, and a well-formed Define-XML 2.1", () => {
      const files = sdtmFiles(datasets, {
        studyCode: "CICLO",
        generatedAt: new Date("2024-06-01T12:00:00Z"),
      });
      const lb = JSON.parse(files.find((file) => file.name === "lb.json")?.text ?? "{}");
      expect(lb).toMatchObject({ datasetJSONVersion: "1.1.0", name: "LB", itemGroupOID: "IG.LB" });
      expect(lb.records).toBe(domain("LB").rows.length);
      expect(lb.columns.map((column: { name: string }) => column.name)).toEqual(
        domain("LB").variables.map((variable) => variable.name),
      );
      expect(files.find((file) => file.name === "ae.csv")?.text.split("\n")[0]).toBe(
        "STUDYID,DOMAIN,USUBJID,AESEQ,AETERM,AEDECOD,AESER,AETOXGR,AESTDTC,AEENDTC",
      );
      const define = files.find((file) => file.name === "define.xml")?.text ?? "";
      const path = join(mkdtempSync(join(tmpdir(), "ciclo-define-")), "define.xml");
      writeFileSync(path, define);
      expect(execFileSync("xmllint", ["--noout", path], { encoding: "utf8" })).toBe("");
      for (const dataset of datasets)
        expect(define).toContain(`<ItemGroupDef OID="IG.${dataset.domain}"`);
      expect(define).toContain('def:DefineVersion="2.1.0"');
    });
  });
