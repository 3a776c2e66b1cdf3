import { describe, expect, it } from "vitest";
import { ctcaeGrade } from "./ctcae";

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
  it("refuses an analyte it cannot grade", () => {
    expect(() => ctcaeGrade("CEA", 10, { low: 0, high: 5 })).toThrow("no CTCAE grading for CEA");
  });
});
