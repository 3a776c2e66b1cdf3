import { expectClose } from "@ciclo/stats";
import { describe, expect, it } from "vitest";
import { medianFollowUp } from "./median-follow-up";
import { type ArmSurvivalRow, survivalByArm } from "./survival-by-arm";

// A small two-arm set (times in months) whose answers come from R 4.2, survival 3.5:
//   survfit(Surv(time, event) ~ arm); survdiff(…);
//   coxph(Surv(time, event) ~ relevel(arm, "treated") [+ dfi], control = coxph.control(eps = 1e-12))
const treated = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161];
const treatedEvent = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0];
const control = [5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45];
const controlEvent = [1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1];
const dfi = [12, 30, 5, 48, 24, 60, 7, 36, 18, 90, 3, 6, 10, 24, 2, 15, 40, 8, 12, 30, 20, 50, 9];

const rows: ArmSurvivalRow[] = [
  ...treated.map((time, i) => ({
    subjectId: `T${i}`,
    arm: "treated",
    time,
    event: treatedEvent[i] as 0 | 1,
  })),
  ...control.map((time, i) => ({
    subjectId: `C${i}`,
    arm: "control",
    time,
    event: controlEvent[i] as 0 | 1,
  })),
].map((row, i) => ({ ...row, covariates: { dfi: dfi[i] } }));

describe("survivalByArm", () => {
  const result = survivalByArm(rows, {
    endpoint: "PFS",
    referenceArm: "treated",
    adjustFor: ["dfi"],
    riskTimes: [0, 12, 24],
  });
  if (!result.ok) throw new Error(result.problem.message);
  const comparison = result.value;

  it("gives each arm's median with its 95% log interval, as survfit", () => {
    const [controlCurve, treatedCurve] = comparison.curves;
    expect([controlCurve.arm, controlCurve.median, controlCurve.medianLower]).toEqual([
      "control",
      23,
      8,
    ]);
    expect(controlCurve.medianUpper).toBeNull(); // R: NA
    expect([treatedCurve.median, treatedCurve.medianLower]).toEqual([31, 18]);
    expect([controlCurve.events, treatedCurve.events]).toEqual([11, 7]);
  });

  it("gives the risk table at the chosen times, as summary(fit, times)", () => {
    expect(comparison.curves.map((curve) => curve.nRiskAt)).toEqual([
      [12, 8, 5],
      [11, 10, 6],
    ]);
  });

  it("gives the log-rank chi-square, as survdiff", () => {
    expectClose(comparison.logRank.chisq, 3.35394338872943, { rel: 1e-9 });
    expect(comparison.logRank.df).toBe(1);
  });

  it("gives hazard ratios against the chosen reference arm, unadjusted and adjusted", () => {
    const [unadjusted, adjusted, dfiTerm] = comparison.hazardRatios;
    expect([unadjusted.model, unadjusted.term]).toEqual(["unadjusted", "control vs treated"]);
    expectClose(unadjusted.hazardRatio, 2.48528398900473, { rel: 1e-7 });
    expectClose(unadjusted.lower, 0.911055719176482, { rel: 1e-7 });
    expectClose(unadjusted.upper, 6.77964736513198, { rel: 1e-7 });
    expectClose(unadjusted.p, 0.0753981657226239, { rel: 1e-7 });
    expect(adjusted.model).toBe("adjusted");
    expectClose(adjusted.hazardRatio, 2.384821699462055, { rel: 1e-7 });
    expectClose(adjusted.p, 0.0932766256274126, { rel: 1e-7 });
    expectClose(dfiTerm.hazardRatio, 0.995450662089408, { rel: 1e-7 });
    expect(comparison.adjustedN).toBe(23);
  });

  it("flips the hazard ratio when the reference arm flips", () => {
    const flipped = survivalByArm(rows, { endpoint: "PFS", referenceArm: "control" });
    if (!flipped.ok) throw new Error(flipped.problem.message);
    expect(flipped.value.hazardRatios[0].term).toBe("treated vs control");
    expectClose(flipped.value.hazardRatios[0].hazardRatio, 0.402368503730017, { rel: 1e-7 });
  });

  it("adjusts on complete cases and says how many subjects it left out", () => {
    const missing = rows.map((row, i) => (i < 2 ? { ...row, covariates: { dfi: null } } : row));
    const partial = survivalByArm(missing, {
      endpoint: "OS",
      referenceArm: "treated",
      adjustFor: ["dfi"],
    });
    if (!partial.ok) throw new Error(partial.problem.message);
    expect(partial.value.adjustedN).toBe(21);
    expect(partial.value.warnings).toContain(
      "adjusted OS model uses 21 of 23 subjects: the others lack dfi",
    );
  });

  it("tests proportional hazards of each model per term and globally, as cox.zph", () => {
    // R: cox.zph(coxph(Surv(time, event) ~ arm))$table and … ~ arm + dfi (KM transform).
    const [unadjusted, adjusted] = comparison.proportionalHazards;
    expect(unadjusted.rows.map((r) => [r.term, r.df])).toEqual([
      ["arm", 1],
      ["GLOBAL", 1],
    ]);
    expectClose(unadjusted.rows[0].p, 0.86367364814094616, { rel: 1e-6 });
    expect(adjusted.rows.map((r) => [r.term, r.df])).toEqual([
      ["arm", 1],
      ["dfi", 1],
      ["GLOBAL", 2],
    ]);
    expectClose(
      adjusted.rows.map((r) => r.chisq),
      [0.027272974674678242, 1.8821731760368463, 2.0334135979792825],
      { rel: 1e-6 },
    );
  });

  it("counts events and censored subjects per arm, with N and events on every hazard ratio", () => {
    expect(comparison.curves.map((c) => [c.arm, c.n, c.events, c.censored])).toEqual([
      ["control", 12, 11, 1],
      ["treated", 11, 7, 4],
    ]);
    expect(comparison.hazardRatios.map((hr) => [hr.n, hr.events])).toEqual([
      [23, 18],
      [23, 18],
      [23, 18],
    ]);
  });

  it("gives the median follow-up by reverse Kaplan–Meier, as survfit(Surv(time, 1 − event))", () => {
    // R: all 161 (45–NA); treated 103 (28–NA); control not reached.
    expect(medianFollowUp(rows)).toEqual([
      { group: "all", n: 23, median: 161, lower: 45, upper: null },
      { group: "control", n: 12, median: null, lower: null, upper: null },
      { group: "treated", n: 11, median: 103, lower: 28, upper: null },
    ]);
  });

  it("names the arms to choose from when the reference arm has no subjects", () => {
    const wrong = survivalByArm(rows, { endpoint: "PFS", referenceArm: "cases" });
    expect(wrong).toEqual({
      ok: false,
      problem: {
        code: "unknown_reference_arm",
        message: "reference arm 'cases' has no subjects; use one of control, treated",
      },
    });
  });
});
