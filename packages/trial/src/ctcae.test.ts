import { describe, expect, it } from "vitest";
import { ctcaeGrade, gradeLabResult } from "./ctcae";

// Expected grades read off the CTCAE v5.0 tables (see ctcae.ts for the thresholds).
describe("ctcaeGrade", () => {
  it("grades neutrophil and lymphocyte counts decreased", () => {
    expect(ctcaeGrade("NEUTROPHILS", 2.1, { low: 2.0, high: 7.5 })).toBe(0);
    expect(ctcaeGrade("NEUTROPHILS", 1.6, { low: 2.0, high: 7.5 })).toBe(1);
    expect(ctcaeGrade("NEUTROPHILS", 1.2, { low: 2.0, high: 7.5 })).toBe(2);
    expect(ctcaeGrade("NEUTROPHILS", 0.8, { low: 2.0, high: 7.5 })).toBe(3);
    expect(ctcaeGrade("NEUTROPHILS", 0.3, { low: 2.0, high: 7.5 })).toBe(4);
    expect(ctcaeGrade("LYMPHOCYTES", 0.6, { low: 1.0, high: 4.0 })).toBe(2);
  });
  it("grades ALT, bilirubin and creatinine increased as multiples of the ULN", () => {
    expect(ctcaeGrade("ALT", 130, { low: 0, high: 40 })).toBe(2); // 3.25 × ULN
    expect(ctcaeGrade("ALT", 40, { low: 0, high: 40 })).toBe(0);
    expect(ctcaeGrade("BILIRUBIN", 25, { low: 0, high: 20 })).toBe(1); // 1.25 × ULN
    expect(ctcaeGrade("CREATININE", 700, { low: 50, high: 100 })).toBe(4); // 7 × ULN
  });
  it("grades against an abnormal baseline", () => {
    // ALT ULN 40, baseline 60 (abnormal): 130/60 = 2.17 × baseline → grade 1; 80/60 = 1.33 → 0;
    // 1300/60 = 21.7 → grade 4. A normal baseline (30) leaves the ULN grading: 130/40 = 3.25 → 2.
    expect(ctcaeGrade("ALT", 130, { low: 0, high: 40 }, 60)).toBe(1);
    expect(ctcaeGrade("ALT", 80, { low: 0, high: 40 }, 60)).toBe(0);
    expect(ctcaeGrade("ALT", 1300, { low: 0, high: 40 }, 60)).toBe(4);
    expect(ctcaeGrade("ALT", 130, { low: 0, high: 40 }, 30)).toBe(2);
    // Bilirubin ULN 20, baseline 25: 30/25 = 1.2 → grade 1.
    expect(ctcaeGrade("BILIRUBIN", 30, { low: 0, high: 20 }, 25)).toBe(1);
    // Creatinine ULN 100, baseline 50: 110 is 1.1 × ULN (grade 1) but 2.2 × baseline (grade 2).
    expect(ctcaeGrade("CREATININE", 110, { low: 50, high: 100 }, 50)).toBe(2);
  });

  it("refuses an analyte it cannot grade", () => {
    expect(() => ctcaeGrade("CEA", 10, { low: 0, high: 5 })).toThrow("no CTCAE grading for CEA");
  });

  it("grades a recorded result in its own unit against its reference range", () => {
    // 800 cells/µL = 0.8 × 10⁹/L: 1.0 > 0.8 ≥ 0.5 → grade 3.
    const base = {
      subjectId: "PI-001",
      drawnAt: "1993-03-01T08:00:00Z",
      referenceLow: 2,
      referenceHigh: 7.5,
    };
    expect(
      gradeLabResult({ ...base, analyte: "NEUTROPHILS", value: 800, unit: "cells/µL" }),
    ).toEqual({ ok: true, grade: 3 });
    // Bilirubin 2 mg/dL = 34.2 µmol/L; ULN 17 → 2.01 × ULN → grade 2.
    expect(
      gradeLabResult({
        ...base,
        analyte: "BILIRUBIN",
        value: 2,
        unit: "mg/dL",
        referenceLow: 0,
        referenceHigh: 17,
      }),
    ).toEqual({ ok: true, grade: 2 });
    expect(
      gradeLabResult({ ...base, analyte: "ALT", value: 50, unit: "U/L", referenceHigh: null }),
    ).toEqual({
      ok: false,
      code: "no_reference_range",
      message:
        "ALT of 1993-03-01T08:00:00Z has no reference high (ULN); record the laboratory's range",
    });
  });
});
