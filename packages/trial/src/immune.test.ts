import { expectClose } from "@ciclo/stats";
import { describe, expect, it } from "vitest";
import {
  absoluteCount,
  effectorTregRatio,
  immuneProfiles,
  immuneProfilesBySubject,
} from "./immune-profile";
import type { LabResultRecord, SubjectRecord } from "./records";
import { recordsBySubject } from "./records-by-subject";
import { seedProtocol } from "./seed-protocol";
import { tregIncrease } from "./treg-increase";

const result = (
  drawnAt: string,
  analyte: string,
  value: number,
  unit: string,
): LabResultRecord => ({
  subjectId: "PI-001",
  drawnAt,
  analyte,
  value,
  unit,
});

describe("immune profile", () => {
  // Lymphocytes 2.0 × 10⁹/L = 2000/µL; CD4 40 % → 800; CD8 25 % → 500; Treg 5 % of CD4 → 40;
  // (800 + 500) / 40 = 32.5.
  it("derives absolute counts from percentages and the effector/Treg ratio", () => {
    const at = "1993-02-01T08:00:00Z";
    const [profile] = immuneProfiles([
      result(at, "LYMPHOCYTES", 2000, "cells/µL"),
      result(at, "CD4_PCT", 40, "%"),
      result(at, "CD8_PCT", 25, "%"),
      result(at, "NK", 210, "cells/µL"),
      result(at, "TREG_PCT", 5, "%"),
    ]);
    expect(profile).toEqual({
      subjectId: "PI-001",
      drawnAt: at,
      lymphocytes: 2,
      cd4: 800,
      cd8: 500,
      nk: 210,
      treg: 40,
      effectorTregRatio: 32.5,
      derived: ["CD4", "CD8", "TREG"],
    });
    expect(absoluteCount(40, 2000)).toBe(800);
    expect(effectorTregRatio(800, 500, 0)).toBeNull();
  });
});

describe("immune profiles grouped", () => {
  const of = (subjectId: string, drawnAt: string, analyte: string, value: number | null) => ({
    ...result(drawnAt, analyte, value ?? 0, "cells/µL"),
    subjectId,
    value,
  });
  // Draws out of time order and interleaved between subjects; a draw whose only value is
  // missing gives no profile.
  const results: LabResultRecord[] = [
    of("PI-002", "1993-03-01T08:00:00Z", "TREG", 30),
    of("PI-001", "1993-04-01T08:00:00Z", "TREG", 50),
    of("PI-001", "1993-02-01T08:00:00Z", "TREG", 20),
    of("PI-002", "1993-01-01T08:00:00Z", "TREG", null),
    of("PI-001", "1993-04-01T08:00:00Z", "CD4", 700),
    of("PI-001", "1993-02-01T08:00:00Z", "CD4", 800),
  ];

  it("gives each subject's draws in time order, merging a draw's results wherever they come", () => {
    const bySubject = immuneProfilesBySubject(recordsBySubject(results));
    expect([...bySubject.keys()]).toEqual(["PI-002", "PI-001"]);
    expect(bySubject.get("PI-001")?.map((p) => [p.drawnAt.slice(0, 10), p.cd4, p.treg])).toEqual([
      ["1993-02-01", 800, 20],
      ["1993-04-01", 700, 50],
    ]);
    expect(bySubject.get("PI-002")?.map((p) => p.treg)).toEqual([30]);
  });

  it("flattens to the same profiles in time order, subjects in order of appearance on a tie", () => {
    const tie = [...results, of("PI-002", "1993-02-01T08:00:00Z", "TREG", 25)];
    expect(immuneProfiles(tie).map((p) => `${p.subjectId} ${p.drawnAt.slice(0, 10)}`)).toEqual([
      "PI-002 1993-02-01",
      "PI-001 1993-02-01",
      "PI-002 1993-03-01",
      "PI-001 1993-04-01",
    ]);
  });
});

describe("tregIncrease", () => {
  const subject: SubjectRecord = {
    subjectId: "PI-001",
    arm: "treated",
    enrolmentDate: "1993-02-01",
    firstIfnDate: "1993-02-01",
  };
  const series = (values: [string, number][]) =>
    values.map(([date, value]) => result(`${date}T08:00:00Z`, "TREG", value, "cells/µL"));
  // Draw before CB is ignored (1993-01-15: 90). Baseline = (20 + 30) / 2 = 25; k = 2 → above 50.
  // 55 (Apr 94) is not confirmed by 48; 60 (1994-08-01) is confirmed by 70 → increase at 1994-08-01.
  // 1993-02-01 → 1994-08-01 = 365 + 181 = 546 days; / 30.4375 = 17.9384… months; ratio 60/25 = 2.4.
  const draws = series([
    ["1993-01-15", 90],
    ["1993-02-01", 20],
    ["1993-04-12", 30],
    ["1993-09-06", 45],
    ["1994-04-04", 55],
    ["1994-06-06", 48],
    ["1994-08-01", 60],
    ["1994-10-03", 70],
  ]);

  it("finds the first confirmed draw above k × the CB baseline and times it from the first IFN-β dose", () => {
    const found = tregIncrease(seedProtocol, subject, draws);
    expect(found).toMatchObject({
      ok: true,
      baseline: 25,
      baselineDraws: ["1993-02-01T08:00:00Z", "1993-04-12T08:00:00Z"],
      increase: {
        drawnAt: "1994-08-01T08:00:00Z",
        confirmedAt: "1994-10-03T08:00:00Z",
        value: 60,
        ratio: 2.4,
        days: 546,
      },
    });
    if (found.ok) expectClose(found.increase!.months, 546 / 30.4375, { rel: 1e-12 });
  });

  it("reports no increase until it is confirmed, and a baseline it cannot form", () => {
    expect(tregIncrease(seedProtocol, subject, draws.slice(0, 7))).toMatchObject({
      ok: true,
      increase: null,
    });
    expect(tregIncrease(seedProtocol, subject, draws.slice(0, 2))).toEqual({
      ok: false,
      code: "too_few_baseline_draws",
      message:
        "subject PI-001 has 1 TREG draw in clinical benefit (from 1993-02-01); the baseline needs 2",
    });
  });
});
