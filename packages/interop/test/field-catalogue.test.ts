import { csvFormats, type ImportKind } from "@ciclo/store";
import { seedProtocol } from "@ciclo/trial";
import { describe, expect, it } from "vitest";
import { standardCodeKeys } from "../src/field-catalogue";
import { describeStudy, ucumUnit } from "../src/index";

const study = describeStudy(seedProtocol);
const field = (form: ImportKind, column: string) =>
  study.forms.find((each) => each.form === form)?.fields.find((each) => each.column === column);

describe("the description of the study's fields", () => {
  it("has one field per registry column (the pseudonym is the subject key)", () => {
    for (const form of study.forms)
      expect(form.fields.map((each) => each.column)).toEqual(
        csvFormats[form.form].columns
          .map((column) => column.name)
          .filter((name) => name !== "pseudonym"),
      );
  });

  it("names only registry columns in its standard codes", () => {
    const columns = new Set(
      Object.values(csvFormats).flatMap((format) =>
        format.columns.map((column) => `${format.kind}.${column.name}`),
      ),
    );
    expect(standardCodeKeys.filter((key) => !columns.has(key))).toEqual([]);
  });

  it("takes code lists from the record registry and the protocol, units from the columns", () => {
    expect(field("adverse-events", "grade")).toMatchObject({
      type: "integer",
      required: true,
      sdtm: "AE.AETOXGR",
      codeList: undefined,
      unit: undefined,
    });
    expect(field("administrations", "route")?.codeList).toEqual(["im", "sc", "oral", "iv"]);
    expect(field("subjects", "arm")?.codeList).toEqual(["treated", "control"]);
    expect(field("lesions", "diameter_mm")).toMatchObject({ unit: "mm", entity: "lesion" });
    // A lab result's draw time is kept on its sample, a lesion's date on its assessment.
    expect(field("lab-results", "drawn_at")).toMatchObject({ entity: "sample", field: "drawnAt" });
    expect(field("lesions", "assessed_on")?.entity).toBe("responseAssessment");
    expect(field("lab-results", "analyte")?.codeList).toContain("CA15-3");
  });

  it("gives an event per protocol visit and puts every form in one", () => {
    expect(study.events.map((event) => event.code)).toEqual([
      "ENROLMENT",
      "V.CONTROL",
      "UNSCHEDULED",
      "ON_STUDY",
    ]);
    expect(study.forms.filter((form) => form.events.length === 0)).toEqual([]);
    expect(study.forms.find((form) => form.form === "visits")?.events).toEqual([
      "V.CONTROL",
      "UNSCHEDULED",
    ]);
  });

  it("writes units in UCUM", () => {
    expect(ucumUnit("10^9/L")).toBe("10*9/L");
    expect(ucumUnit("cells/µL")).toBe("/uL");
    expect(ucumUnit("ng/mL")).toBe("ng/mL");
  });
});
