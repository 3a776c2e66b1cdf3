import { describe, expect, it } from "vitest";
import { normalizeUnit } from "./analytes";
import { gradeLabResult } from "./ctcae";
import { markerCutoff } from "./marker-cutoff";
import { markerValue } from "./marker-value";
import { parseProtocol } from "./parse-protocol";
import type { Protocol } from "./protocol-schema";
import { evaluateRecist } from "./recist-response";
import type { LabResultRecord } from "./records";
import { seedProtocol } from "./seed-protocol";
import { standardizedValue } from "./standardized-value";

const cea = (value: number | null, unit = "ng/mL"): LabResultRecord => ({
  subjectId: "s1",
  analyte: "CEA",
  value,
  unit,
  drawnAt: "2025-03-05T09:00:00Z",
});
const byBaseline: Protocol = {
  ...seedProtocol,
  markers: { ...seedProtocol.markers, standardization: "baseline" },
};

describe("the trial engine's one failure shape", () => {
  it("answers { ok: false, code, message } with a stable code for each kind of failure", () => {
    expect(normalizeUnit("XYZ", 1, "U/L")).toMatchObject({
      ok: false,
      code: "unknown_analyte",
      message: expect.stringMatching(/^unknown analyte 'XYZ'; use one of CEA, /),
    });
    expect(normalizeUnit("CEA", 1, "mg/dl")).toEqual({
      ok: false,
      code: "unconvertible_unit",
      message: "unit 'mg/dl' cannot be converted for CEA; use ng/mL or µg/L",
    });
    expect(markerValue(cea(null))).toMatchObject({ ok: false, code: "missing_value" });
    expect(markerCutoff(seedProtocol, "CEA", "1980-01-01")).toMatchObject({
      ok: false,
      code: "no_cutoff",
    });
    expect(standardizedValue(byBaseline, cea(4))).toMatchObject({ ok: false, code: "no_baseline" });
    expect(standardizedValue(byBaseline, cea(4), cea(0))).toMatchObject({
      ok: false,
      code: "zero_baseline",
    });
    expect(gradeLabResult(cea(4))).toMatchObject({ ok: false, code: "not_graded" });
    expect(evaluateRecist([])).toEqual({
      ok: false,
      code: "no_baseline_assessment",
      message: "record a baseline assessment first",
    });
  });

  it("keeps the unreadable text of a protocol among its problems", () => {
    expect(parseProtocol("{ not json")).toMatchObject({
      ok: false,
      problems: [{ path: "", message: expect.stringMatching(/^the document is not valid JSON/) }],
    });
  });
});
