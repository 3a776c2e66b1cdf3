import { describe, expect, it } from "vitest";
import type { LabResultRecord } from "../records";
import { recordsBySubject } from "../records-by-subject";
import { seedProtocol } from "../seed-protocol";
import { resultsByPanel } from "./panel-results";

const result = (subjectId: string, analyte: string): LabResultRecord => ({
  subjectId,
  drawnAt: "1993-03-01T08:00:00Z",
  analyte,
  value: 1,
  unit: "ng/mL",
});

describe("grouping by subject", () => {
  it("keeps each subject's records in input order, subjects in order of appearance", () => {
    const rows = [
      { subjectId: "PI-002", n: 1 },
      { subjectId: "PI-001", n: 2 },
      { subjectId: "PI-001", n: 3 },
      { subjectId: "PI-002", n: 4 },
    ];
    expect([...recordsBySubject(rows)].map(([id, list]) => [id, list.map((r) => r.n)])).toEqual([
      ["PI-002", [1, 4]],
      ["PI-001", [2, 3]],
    ]);
  });

  it("sorts the results into the marker and immune panels in one pass, leaving cytokines out", () => {
    const rows = [
      result("PI-001", "CEA"),
      result("PI-001", "TREG_PCT"),
      result("PI-002", "IL-6"),
      result("PI-002", "CA15-3"),
      result("PI-001", "LYMPHOCYTES"),
    ];
    const { markers, immune } = resultsByPanel(rows, seedProtocol);
    expect([...markers].map(([id, list]) => [id, list.map((r) => r.analyte)])).toEqual([
      ["PI-001", ["CEA"]],
      ["PI-002", ["CA15-3"]],
    ]);
    expect([...immune].map(([id, list]) => [id, list.map((r) => r.analyte)])).toEqual([
      ["PI-001", ["TREG_PCT", "LYMPHOCYTES"]],
    ]);
  });
});
