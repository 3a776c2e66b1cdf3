import { seededRandom, simulateCohort } from "@ciclo/sim";
import { seedProtocol } from "@ciclo/trial";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { cohortCsv } from "./cohort-csv";
import { csvFormats } from "./csv-formats";

const cohort = simulateCohort(
  seedProtocol,
  { treated: 1, controls: 1, sites: ["PI"] },
  seededRandom(2),
);

describe("a simulated cohort as import files", () => {
  it("writes each file with exactly the store's header", () => {
    const subjects = cohortCsv(cohort)[0];
    expect(subjects.kind).toBe("subjects");
    expect(subjects.csv.split("\n")[0]).toBe(
      "site_code,pseudonym,arm,year_of_birth,menopausal_status,er_status,pgr_status,her2_status,dfi_months,bone_metastases,soft_tissue_metastases,visceral_metastases,metastatic_site_count,primary_diagnosis_date,metastasis_marker_date,metastasis_imaging_date,hormone_therapy_start,hormone_therapy_agent,biological_therapy,clinical_benefit_date,first_ifn_date,enrolment_date,eligible,status",
    );
    for (const file of cohortCsv(cohort))
      expect(file.csv.split("\n")[0]).toBe(
        csvFormats[file.kind].columns.map((column) => column.name).join(","),
      );
  });

  it("fills every column the simulator knows, the gating of a cell count included", () => {
    const files = new Map(cohortCsv(cohort).map((file) => [file.kind, file]));
    const results: Record<string, string>[] = parse(files.get("lab-results")?.csv ?? "", {
      columns: true,
    });
    const treg = results.find((row) => row.analyte === "TREG");
    // The simulator draws Treg cells gated CD4+CD25+ (sim's panel), as a site would report them.
    expect(treg?.gating).toBe("CD4+CD25+");
    const subjects: Record<string, string>[] = parse(files.get("subjects")?.csv ?? "", {
      columns: true,
    });
    expect(subjects.map((row) => [row.site_code, row.eligible])).toEqual([
      ["PI", "true"],
      ["PI", "true"],
    ]);
    expect(subjects[0].pseudonym).toMatch(/^PI-/);
  });
});
