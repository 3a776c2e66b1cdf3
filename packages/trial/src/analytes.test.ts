import { describe, expect, it } from "vitest";
import { analytes, checkPhysiologicalLimits, normalizeUnit } from "./analytes";

describe("normalizeUnit", () => {
  it("converts CRP from mg/dL to mg/L (1 mg/dL = 10 mg/L)", () => {
    expect(normalizeUnit("CRP", 1.2, "mg/dL")).toEqual({ ok: true, value: 12, unit: "mg/L" });
  });
  it("accepts µg/L for CEA written as ug/l (µg/L = ng/mL)", () => {
    expect(normalizeUnit("CEA", 4.1, "ug/l")).toEqual({ ok: true, value: 4.1, unit: "ng/mL" });
  });
  it("converts lymphocytes from cells/µL to 10^9/L (1500/µL = 1.5 × 10^9/L)", () => {
    expect(normalizeUnit("LYMPHOCYTES", 1500, "cells/µL")).toEqual({
      ok: true,
      value: 1.5,
      unit: "10^9/L",
    });
  });
  it("names the accepted units when a unit cannot be converted", () => {
    expect(normalizeUnit("CEA", 3, "mg/dl")).toEqual({
      ok: false,
      code: "unconvertible_unit",
      message: "unit 'mg/dl' cannot be converted for CEA; use ng/mL or µg/L",
    });
  });
  it("rejects an unknown analyte, listing the known ones", () => {
    const outcome = normalizeUnit("PSA", 3, "ng/mL");
    expect(outcome.ok).toBe(false);
    if (!outcome.ok)
      expect(outcome.message).toMatch(/^unknown analyte 'PSA'; use one of CEA, CA15-3, TPA/);
  });
});

describe("checkPhysiologicalLimits", () => {
  it("accepts a possible value and refuses an impossible one", () => {
    expect(checkPhysiologicalLimits("CD4_PCT", 45)).toBeUndefined();
    expect(checkPhysiologicalLimits("CD4_PCT", 140)).toBe(
      "CD4_PCT 140 % is outside the possible range 0–100 %; check the value and its unit",
    );
  });
  it("keeps TPA (tissue polypeptide antigen) apart from tPA's LOINC 5971-7", () => {
    expect(analytes.TPA.loinc).not.toBe("5971-7");
  });
});
