import { expectClose } from "@ciclo/stats";
import { describe, expect, it } from "vitest";
import { parseProtocol } from "../parse-protocol";
import { addDays } from "../plain-date";
import type { FollowUpRecord, LabResultRecord, ProgressionRecord, SubjectRecord } from "../records";
import { seedProtocol } from "../seed-protocol";
import { deriveOutcomes } from "../subject-outcomes";
import { firstProgressions } from "./first-progressions";
import { immuneAtProgression } from "./immune-at-progression";
import { leadTimeByArm, leadTimeDetectionBias } from "./marker-lead-time";
import { markerResponse } from "./marker-response";
import { markerTrajectories } from "./marker-trajectories";
import { tregRows } from "./treg-model";
import { tregSplitBias, tregSurvival } from "./treg-survival";
import type { TrialRecords } from "./trial-records";

// A hand-made cohort whose test statistics can be checked by hand (expected values below).
// Treated T1–T5 start IFN-β on 2000-07-01, in clinical benefit from then; controls C1–C3 do not.
const treated = [
  // id, progression, death or last contact, dead, Treg increase date, CD4 in CB, CD4 at progression, lead days
  ["T1", "2002-01-01", "2003-01-01", true, "2001-05-01", 800, 600, 180],
  ["T2", "2002-03-01", "2003-01-01", true, "2001-08-01", 760, 700, 240],
  ["T3", "2004-10-01", "2007-01-01", false, "2003-08-01", 900, 640, 300],
  ["T4", "2005-01-01", "2007-01-01", false, "2004-02-01", 700, 650, 360],
  ["T5", "2005-06-01", "2007-01-01", false, "2004-08-01", 850, 500, 420],
] as const;
const controls = [
  ["C1", "2001-01-01", "2002-06-01", true, 30],
  ["C2", "2001-06-01", "2003-01-01", true, 60],
  ["C3", "2002-01-01", "2007-01-01", false, 45],
] as const;

// The Treg model's HR and Wald p from R: see "switches the covariate at the confirming draw".
const TREG_HR = 5.407821237787692;
const TREG_P = 0.14975304952100643;

const at = (date: string) => `${date}T08:00:00Z`;
const result = (
  subjectId: string,
  date: string,
  analyte: string,
  value: number,
  unit: string,
  relation: LabResultRecord["relation"] = "routine",
  cycle: number | null = null,
): LabResultRecord => ({ subjectId, drawnAt: at(date), analyte, value, unit, relation, cycle });

const subjects: SubjectRecord[] = [
  ...treated.map(([subjectId]) => ({
    subjectId,
    arm: "treated",
    enrolmentDate: "2000-07-01",
    hormoneTherapyStart: "2000-01-01",
    firstIfnDate: "2000-07-01",
    clinicalBenefitDate: "2000-07-01",
  })),
  ...controls.map(([subjectId]) => ({
    subjectId,
    arm: "control",
    enrolmentDate: "2000-01-01",
    hormoneTherapyStart: "2000-01-01",
  })),
];
// C4, a control who died on 2001-06-01 without progression, has Treg draws but no rise.
subjects.push({
  subjectId: "C4",
  arm: "control",
  enrolmentDate: "2000-01-01",
  hormoneTherapyStart: "2000-01-01",
});
const progressions: ProgressionRecord[] = [...treated, ...controls].map(([subjectId, on]) => ({
  subjectId,
  progressedOn: on,
  method: "imaging",
}));
const followUps: FollowUpRecord[] = [...treated, ...controls].map(([subjectId, , last, dead]) => ({
  subjectId,
  contactDate: last,
  vitalStatus: dead ? "dead" : "alive",
  deathDate: dead ? last : null,
}));

followUps.push({
  subjectId: "C4",
  contactDate: "2001-06-01",
  vitalStatus: "dead",
  deathDate: "2001-06-01",
});

const labResults: LabResultRecord[] = [];
for (const [id, progressed, , , increase, cd4Cb, cd4Progression, lead] of treated) {
  // Treg every 3 months from 2000-08-01: 20 cells/µL, 50 from the increase date on.
  for (let day = 0; addDays("2000-08-01", day) < progressed; day += 91) {
    const date = addDays("2000-08-01", day);
    labResults.push(result(id, date, "TREG", date >= increase ? 50 : 20, "cells/µL"));
  }
  labResults.push(result(id, "2000-08-01", "CD4", cd4Cb, "cells/µL"));
  labResults.push(result(id, progressed, "CD4", cd4Progression, "cells/µL"));
  labResults.push(result(id, progressed, "TREG", 50, "cells/µL"));
  // IL-2 in cycle 2: TPA 60 U/L before, 50 U/L 48 h after (standardized 0.632 → 0.526).
  labResults.push(result(id, "2000-08-01", "TPA", 60, "U/L"));
  labResults.push(result(id, "2000-10-09", "TPA", 60, "U/L", "pre", 2));
  labResults.push(result(id, "2000-10-11", "TPA", 50, "U/L", "post", 2));
  // CEA 3 ng/mL, then a rise to 8 `lead` days before progression, confirmed a month later.
  labResults.push(result(id, "2000-08-01", "CEA", 3, "ng/mL"));
  labResults.push(result(id, addDays(progressed, -lead), "CEA", 8, "ng/mL"));
  labResults.push(result(id, addDays(progressed, -lead + 30), "CEA", 9, "ng/mL"));
}
// Controls' Treg: C1 rises to 50 on 2000-08-01, confirmed 2000-11-01; C3 and C4 never double;
// C2 has no draws. No control draw lies within 30 days of her progression, so the immune comparison
// at progression stays the treated subjects'.
for (const [date, c1, c3] of [
  ["2000-02-01", 20, 20],
  ["2000-05-01", 20, 20],
  ["2000-08-01", 50, 30],
  ["2000-11-01", 50, 30],
] as const) {
  labResults.push(result("C1", date, "TREG", c1, "cells/µL"));
  labResults.push(result("C3", date, "TREG", c3, "cells/µL"));
  labResults.push(result("C4", date, "TREG", c3, "cells/µL"));
}
for (const [id, progressed, , , lead] of controls) {
  labResults.push(result(id, "2000-03-01", "CEA", 3, "ng/mL"));
  labResults.push(result(id, addDays(progressed, -lead), "CEA", 8, "ng/mL"));
  labResults.push(result(id, addDays(progressed, 10), "CEA", 9, "ng/mL"));
}
const records: TrialRecords = {
  subjects,
  progressions,
  followUps,
  labResults,
  administrations: [],
};

describe("immune parameters in clinical benefit vs at progression", () => {
  const comparisons = immuneAtProgression(records);
  if ("notComputed" in comparisons) throw new Error(comparisons.notComputed);

  it("pairs each subject's first CB draw with her draw at progression", () => {
    const cd4 = comparisons.find((c) => c.parameter === "CD4+ (cells/µL)")!;
    expect(cd4.pairs.map((p) => [p.subjectId, p.first, p.second])).toEqual([
      ["T1", 800, 600],
      ["T2", 760, 700],
      ["T3", 900, 640],
      ["T4", 700, 650],
      ["T5", 850, 500],
    ]);
    // Five positive differences: V = 1+2+3+4+5 = 15, exact two-sided p = 2/2⁵ = 0.0625
    // (R: wilcox.test(c(800,760,900,700,850), c(600,700,640,650,500), paired = TRUE)).
    expect([cd4.statistic, cd4.p, cd4.medianFirst, cd4.medianSecond]).toEqual([
      15, 0.0625, 800, 640,
    ]);
    // Differences 200, 60, 260, 50, 350: R: wilcox.test(…, paired = TRUE, conf.int = TRUE)
    // gives the pseudomedian 200 and the exact 95% interval 50 to 350.
    expect(cd4.shift).toEqual({
      estimate: 200,
      lower: 50,
      upper: 350,
      confLevel: 0.95,
      exact: true,
    });
  });

  it("shows Treg rising at progression (V = 0)", () => {
    const treg = comparisons.find((c) => c.parameter === "Treg (cells/µL)")!;
    // Five tied differences of −30: normal approximation with continuity correction, as
    // R: wilcox.test(rep(20, 5), rep(50, 5), paired = TRUE)$p.value = 0.03688842570704989.
    expect([treg.statistic, treg.medianFirst, treg.medianSecond]).toEqual([0, 20, 50]);
    expectClose(treg.p, 0.03688842570704989, { rel: 1e-12 });
  });
});

describe("marker response to IL-2", () => {
  const comparisons = markerResponse(records, seedProtocol);
  if ("notComputed" in comparisons) throw new Error(comparisons.notComputed);

  it("compares standardized pre and post values per marker and pooled, in clinical benefit", () => {
    expect(comparisons.map((c) => c.parameter)).toEqual([
      "TPA, clinical benefit",
      "pooled, clinical benefit",
    ]);
    const tpa = comparisons[0];
    // 60/95 → 50/95 for all five (tied differences): V = 15 and, as
    // R: wilcox.test(rep(60/95, 5), rep(50/95, 5), paired = TRUE)$p.value = 0.03688842570704989.
    expect(tpa.medianFirst).toBeCloseTo(60 / 95, 12);
    expect(tpa.medianSecond).toBeCloseTo(50 / 95, 12);
    expect(tpa.statistic).toBe(15);
    expectClose(tpa.p, 0.03688842570704989, { rel: 1e-12 });
  });
});

describe("Treg increase and survival", () => {
  const { outcomes } = deriveOutcomes(subjects, progressions, followUps, {
    origin: "hormoneTherapyStart",
  });
  const section = tregSurvival(records, seedProtocol, outcomes, undefined, undefined, {
    replicates: 20,
  });
  if ("notComputed" in section) throw new Error(section.notComputed);
  const { interval, timeVaryingOs } = section;
  if ("notComputed" in interval) throw new Error(interval.notComputed);
  if ("notComputed" in timeVaryingOs) throw new Error(timeVaryingOs.notComputed);

  it("keeps the published < 5 y vs ≥ 5 y split, labelled, with its bias", () => {
    const [short, long] = interval.groups;
    expect([short.label, short.values.length, long.label, long.values.length]).toEqual([
      "survival < 5 years",
      2,
      "survival ≥ 5 years",
      3,
    ]);
    // First draws at or after 2001-05-01 and 2001-08-01 (T1, T2) vs 2003-08-01 … (T3–T5):
    // every short interval is below every long one, W = 0, exact p = 2/C(5,2) = 0.2.
    expect([interval.statistic, interval.p]).toEqual([0, 0.2]);
    expect(interval.shift?.exact).toBe(true);
    expect(interval.reproduction).toContain("Reproduction of the published analysis");
    expect(interval.bias).toBe(tregSplitBias);
  });

  it("fits the confirmed increase over both arms, stratified by arm, controls with a rise kept", () => {
    // T1–T5, C1, C3 and C4 have a baseline; C2 has no Treg draw, so she is not a subject with
    // immune draws at all. C1's rise (a control, no first IFN-β dose) stays in the model.
    expect(timeVaryingOs.increases).toEqual([
      { arm: "control", subjects: 3, increased: 1, deaths: 2 },
      { arm: "treated", subjects: 5, increased: 5, deaths: 2 },
    ]);
    expect(timeVaryingOs.excluded).toEqual([]);
    expect([timeVaryingOs.hazardRatio.n, timeVaryingOs.hazardRatio.events]).toEqual([8, 4]);
  });

  it("switches the covariate at the confirming draw, not the first raised one", () => {
    // T1: draws every 91 days from 2000-08-01; 2001-05-01 is the first at 50, confirmed by
    // 2001-07-31 = 577 days after the OS origin 2000-01-01 = 577 / 30.4375 months.
    const rows = tregRows("T1", "treated", 36, 1, 577 / (365.25 / 12));
    expect(rows.map((r) => [r.start, r.increased])).toEqual([
      [0, 0],
      [577 / (365.25 / 12), 1],
    ]);
    // R (survival 3.5): coxph(Surv(start, stop, event) ~ increased + strata(arm), data = rows)
    // on the eight subjects' rows, months from 2000-01-01: T1–T5 switch at their confirming
    // draws 2001-07-31, 2002-01-29, 2004-01-27, 2004-07-27, 2005-01-25; C1 at 2000-11-01; C3 and
    // C4 never. exp(coef) = 5.407821237787692, Pr(>|z|) = 0.14975304952100643.
    expectClose(timeVaryingOs.hazardRatio.hazardRatio, TREG_HR, { rel: 1e-6 });
    expectClose(timeVaryingOs.hazardRatio.p, TREG_P, { rel: 1e-6 });
  });

  it("runs the bias check of both analyses under the null", () => {
    const check = section.biasCheck;
    if ("notComputed" in check) throw new Error(check.notComputed);
    expect(check.rows.map((r) => r.analysis)).toEqual([
      "Published split: months to Treg increase, < 5 y vs ≥ 5 y survivors",
      "Headline: confirmed Treg increase as a time-varying covariate of OS",
    ]);
    expect(check.replicates).toBe(20);
  });
});

describe("marker lead time", () => {
  const section = leadTimeByArm(records, seedProtocol);
  if ("notComputed" in section) throw new Error(section.notComputed);
  const { detected } = section;
  if ("notComputed" in detected) throw new Error(detected.notComputed);
  const months = (days: number) => days / (365.25 / 12);

  it("compares months from the marker signal to progression, treated vs controls", () => {
    const [treatedGroup, controlGroup] = detected.groups;
    expect(treatedGroup.values.map((v) => Number(v.toFixed(6)))).toEqual(
      [180, 240, 300, 360, 420].map((d) => Number(months(d).toFixed(6))),
    );
    expect(controlGroup.values.map((v) => Number(v.toFixed(6)))).toEqual(
      [30, 60, 45].map((d) => Number(months(d).toFixed(6))),
    );
    // All treated leads exceed all control leads: W = 15, exact p = 2/C(8,3) = 2/56.
    expect(detected.statistic).toBe(15);
    expect(detected.p).toBeCloseTo(2 / 56, 12);
    expect(detected.bias).toBe(leadTimeDetectionBias);
  });

  it("gives the detection rate per arm within the protocol's window (60 months)", () => {
    expect(section.windowMonths).toBe(60);
    expect(section.detection).toEqual([
      { group: "treated", evaluable: 5, detected: 5, rate: 1 },
      { group: "controls", evaluable: 3, detected: 3, rate: 1 },
    ]);
  });

  it("counts a signal older than the window as no lead, and such a progression as 0 months", () => {
    const narrow = parseProtocol({
      ...seedProtocol,
      markers: {
        ...seedProtocol.markers,
        signal: { ...seedProtocol.markers.signal, leadWindowMonths: 10 },
      },
    });
    if (!narrow.ok) throw new Error(JSON.stringify(narrow.problems));
    const within = leadTimeByArm(records, narrow.protocol);
    if ("notComputed" in within) throw new Error(within.notComputed);
    // 10 months = round(304.375) = 304 days: T4's and T5's signals (360 and 420 days) are older.
    expect(within.detection[0]).toEqual({ group: "treated", evaluable: 5, detected: 3, rate: 0.6 });
    const all = within.allProgressions;
    if ("notComputed" in all) throw new Error(all.notComputed);
    expect(all.groups[0].values.map((v) => Number(v.toFixed(6)))).toEqual(
      [180, 240, 300, 0, 0].map((d) => Number(months(d).toFixed(6))),
    );
  });
});

describe("the first progressions handed to the analyses", () => {
  it("are the earliest adjudicated date of each subject", () => {
    const twice: TrialRecords = {
      ...records,
      progressions: [
        { subjectId: "x", progressedOn: "2001-05-01", method: "imaging" },
        { subjectId: "x", progressedOn: "2000-02-01", method: "clinical" },
      ] as ProgressionRecord[],
    };
    expect([...firstProgressions(twice)]).toEqual([["x", "2000-02-01"]]);
  });

  it("are what the four analyses split at: with none, none of them finds a progression", () => {
    const none = new Map<string, string>();
    expect(immuneAtProgression(records, {}, undefined, none)).toEqual({
      notComputed: "no subject has immune draws both in clinical benefit and at progression",
    });
    expect(leadTimeByArm(records, seedProtocol, undefined, none)).toHaveProperty("notComputed");
    expect(markerTrajectories(records, seedProtocol, 2, undefined, none)).toEqual([]);
    const response = markerResponse(records, seedProtocol, undefined, none);
    const parameters = "notComputed" in response ? [] : response.map((c) => c.parameter);
    expect(parameters.some((parameter) => parameter.endsWith("progression"))).toBe(false);
  });
});
