import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expectClose } from "@ciclo/stats";
import { openTestStore } from "@ciclo/store";
import { analyzeTrial, type SurvivalComparison, seedProtocol } from "@ciclo/trial";
import { describe, expect, it } from "vitest";
import { csvFolderInput } from "./csv-folder-input";

// A cohort simulated with seed 90417 (a seed no other test uses), its survival records as
// `ciclo simulate` wrote them, and R's answers from those raw records:
// test/fixtures/r-check/r-check.R wrote r-expected.json (see the script for how to regenerate).
const fixture = resolve(import.meta.dirname, "../../test/fixtures/r-check");
const expected = JSON.parse(readFileSync(`${fixture}/r-expected.json`, "utf8"));
const tolerance = { rel: 1e-6 };

interface RCurve {
  arm: string;
  n: number;
  events: number;
  median: number | null;
  lower: number | null;
  upper: number | null;
}
interface RRatio {
  term: string;
  hazardRatio: number;
  lower: number;
  upper: number;
  p: number;
}

describe("ciclo analyze agrees with R on the raw records of a fresh cohort (to 1e-6)", async () => {
  const store = await openTestStore();
  const input = await csvFolderInput(store, fixture, seedProtocol, undefined);
  await store.close();
  if (!input.ok) throw new Error(input.problem.message);
  const analyses = analyzeTrial(input.value.records, seedProtocol, {
    dataSnapshot: "",
    software: [],
  });

  for (const endpoint of ["pfs", "os"] as const) {
    const section = analyses[endpoint] as SurvivalComparison;
    const r = expected[endpoint];

    it(`${endpoint}: medians with their 95% CI per arm (survfit) and the log-rank test (survdiff)`, () => {
      for (const curve of r.curves as RCurve[]) {
        const ours = section.curves.find((c) => c.arm === curve.arm);
        expect([ours?.n, ours?.events]).toEqual([curve.n, curve.events]);
        expectClose(
          [ours?.median ?? null, ours?.medianLower ?? null, ours?.medianUpper ?? null],
          [curve.median, curve.lower, curve.upper],
          tolerance,
        );
      }
      expectClose(
        [section.logRank.chisq, section.logRank.p],
        [r.logRank.chisq, r.logRank.p],
        tolerance,
      );
    });

    it(`${endpoint}: hazard ratios, unadjusted and adjusted, with CI and P (coxph, Efron)`, () => {
      const ratios = (model: string) => section.hazardRatios.filter((hr) => hr.model === model);
      for (const [model, rows] of [
        ["unadjusted", r.unadjusted],
        ["adjusted", r.adjusted],
      ] as [string, RRatio[]][]) {
        const ours = ratios(model);
        expect(ours.length).toBe(rows.length);
        for (const [i, hr] of ours.entries())
          expectClose(
            [hr.hazardRatio, hr.lower, hr.upper, hr.p],
            [rows[i].hazardRatio, rows[i].lower, rows[i].upper, rows[i].p],
            { ...tolerance, label: `${model} ${hr.term} vs R's ${rows[i].term}` },
          );
      }
      expect(section.adjustedN).toBe(r.adjustedN);
    });

    it(`${endpoint}: proportional-hazards tests per term and global (cox.zph)`, () => {
      const [unadjusted, adjusted] = section.proportionalHazards;
      expectClose(
        unadjusted.rows.map((row) => row.p),
        (r.zphUnadjusted as { p: number }[]).map((row) => row.p),
        tolerance,
      );
      expect(adjusted.rows.map((row) => row.df)).toEqual(
        (r.zphAdjusted as { df: number }[]).map((row) => row.df),
      );
      expectClose(
        adjusted.rows.map((row) => row.p),
        (r.zphAdjusted as { p: number }[]).map((row) => row.p),
        tolerance,
      );
    });
  }

  it("median follow-up by reverse Kaplan–Meier, all and per arm", () => {
    const ours = (group: string) => analyses.followUp.find((f) => f.group === group);
    const byArm = expected.followUpByArm as { median: number; lower: number; upper: number }[];
    for (const [group, r] of [
      ["all", expected.followUpAll[0]],
      ["treated", byArm[0]],
      ["control", byArm[1]],
    ] as const) {
      const f = ours(group);
      expectClose(
        [f?.median ?? null, f?.lower ?? null, f?.upper ?? null],
        [r.median, r.lower, r.upper],
        {
          ...tolerance,
          label: group,
        },
      );
    }
  });
});
