import { describe, expect, it } from "vitest";
import { bestOverallResponse } from "./best-overall-response";
import { clinicalBenefit } from "./clinical-benefit";
import {
  combineResponses,
  evaluateRecist,
  nonTargetResponse,
  targetResponse,
  targetSum,
} from "./recist-response";
import type { LesionRecord, ResponseAssessmentRecord } from "./records";
import { seedProtocol } from "./seed-protocol";
import { timePointResponses } from "./time-point-responses";

const lesions = (
  liver: number,
  lung: number,
  node: number,
  bone: LesionRecord["status"] = "present",
): LesionRecord[] => [
  { location: "liver-1", kind: "target", diameterMm: liver },
  { location: "lung-1", kind: "target", diameterMm: lung },
  { location: "node-1", kind: "target", diameterMm: node, lymphNode: true },
  { location: "bone", kind: "non-target", status: bone },
];
const assessment = (assessedOn: string, list: LesionRecord[]): ResponseAssessmentRecord => ({
  subjectId: "PI-001",
  assessedOn,
  criteria: "RECIST1.1",
  lesions: list,
});

describe("RECIST 1.1 series", () => {
  // By hand: baseline 40 + 20 + 15 = 75.
  // Apr 5: 25 + 12 + 8 = 45 ≤ 0.7·75 = 52.5 → PR; bone present → non-CR/non-PD → PR.
  // Jun 14: 20 + 10 + 6 = 36 ≤ 52.5 → PR (nadir before it 45).
  // Aug 23: 30 + 14 + 6 = 50 ≥ 1.2·36 = 43.2 and 50 − 36 = 14 ≥ 5 mm → PD.
  const series = evaluateRecist([
    assessment("1993-06-14", lesions(20, 10, 6)),
    assessment("1993-01-25", lesions(40, 20, 15)),
    assessment("1993-04-05", lesions(25, 12, 8)),
    assessment("1993-08-23", lesions(30, 14, 6)),
  ]);

  it("computes sums, nadirs and overall responses", () => {
    expect(series.ok).toBe(true);
    if (!series.ok) return;
    expect(series.baselineSum).toBe(75);
    expect(
      series.evaluations.map((e) => [e.assessedOn, e.targetSum, e.nadir, e.overallResponse]),
    ).toEqual([
      ["1993-04-05", 45, 75, "PR"],
      ["1993-06-14", 36, 45, "PR"],
      ["1993-08-23", 50, 36, "PD"],
    ]);
  });

  it("refuses a WHO assessment in a derived series", () => {
    expect(evaluateRecist([{ ...assessment("1992-05-04", []), criteria: "WHO" }])).toEqual({
      ok: false,
      code: "not_recist",
      message:
        "the assessment of 1992-05-04 uses WHO criteria; derive responses from RECIST 1.1 assessments only, or keep its recorded overall response",
    });
  });
});

describe("RECIST 1.1 time point", () => {
  it("needs both 20 % and 5 mm over the nadir for PD", () => {
    // Nadir 20: 24 ≥ 1.2·20 = 24 but only +4 mm → SD (24 > 0.7·20 = 14); 25 → +5 mm → PD.
    const at24 = lesions(12, 12, 0);
    const at25 = lesions(13, 12, 0);
    expect(targetResponse({ sum: 24, baselineSum: 20, nadir: 20, lesions: at24 })).toBe("SD");
    expect(targetResponse({ sum: 25, baselineSum: 20, nadir: 20, lesions: at25 })).toBe("PD");
  });

  it("counts a node under 10 mm short axis as gone (CR), and sums it (8 mm)", () => {
    const list = lesions(0, 0, 8, "absent");
    expect(targetSum(list)).toBe(8);
    expect(targetResponse({ sum: 8, baselineSum: 75, nadir: 45, lesions: list })).toBe("CR");
    expect(nonTargetResponse(list)).toBe("CR");
    expect(combineResponses("CR", "CR", false)).toBe("CR");
    expect(combineResponses("CR", "non-CR/non-PD", false)).toBe("PR");
    expect(combineResponses("SD", "NE", false)).toBe("SD");
    expect(combineResponses("PR", null, true)).toBe("PD");
    expect(combineResponses(null, "non-CR/non-PD", false)).toBe("SD");
  });

  it("makes an unmeasured target lesion not evaluable", () => {
    const list: LesionRecord[] = [{ location: "liver-1", kind: "target", diameterMm: null }];
    expect(targetSum(list)).toBeNull();
    expect(targetResponse({ sum: null, baselineSum: 40, nadir: 40, lesions: list })).toBe("NE");
  });
});

describe("bestOverallResponse and clinical benefit", () => {
  const start = "1993-01-25";
  // Protocol: confirmation ≥ 4 weeks, SD ≥ 6 weeks after start (1993-01-25 + 42 d = 1993-03-08).
  it("confirms a PR by a later PR 10 weeks on", () => {
    expect(
      bestOverallResponse(seedProtocol, start, [
        { assessedOn: "1993-04-05", overallResponse: "PR" },
        { assessedOn: "1993-06-14", overallResponse: "PR" },
        { assessedOn: "1993-08-23", overallResponse: "PD" },
      ]),
    ).toEqual({ response: "PR", assessedOn: "1993-04-05", criteria: ["RECIST1.1"] });
  });

  it("turns an unconfirmed PR into SD, an early SD into PD or NE", () => {
    const unconfirmed = [
      { assessedOn: "1993-04-05", overallResponse: "PR" as const },
      { assessedOn: "1993-06-14", overallResponse: "PD" as const },
    ];
    expect(bestOverallResponse(seedProtocol, start, unconfirmed).response).toBe("SD");
    const early = [{ assessedOn: "1993-02-15", overallResponse: "SD" as const }];
    expect(bestOverallResponse(seedProtocol, start, early).response).toBe("NE");
    expect(
      bestOverallResponse(seedProtocol, start, [
        ...early,
        { assessedOn: "1993-03-22", overallResponse: "PD" },
      ]),
    ).toEqual({ response: "PD", assessedOn: "1993-03-22", criteria: ["RECIST1.1"] });
  });

  it("keeps WHO assessments' recorded responses and says so", () => {
    const best = bestOverallResponse(seedProtocol, start, [
      { assessedOn: "1993-04-05", overallResponse: "SD", criteria: "WHO" },
    ]);
    expect(best).toEqual({ response: "SD", assessedOn: "1993-04-05", criteria: ["WHO"] });
  });

  it("gives clinical benefit for SD documented 26 weeks after hormone therapy began", () => {
    // 1992-10-05 → 1993-04-05 = 31+30+31+31+28+31 = 182 days = 26.0 weeks ≥ 24.
    const subject = {
      subjectId: "PI-001",
      arm: "treated",
      enrolmentDate: "1993-01-25",
      hormoneTherapyStart: "1992-10-05",
    };
    const responses = [
      { assessedOn: "1993-04-05", overallResponse: "PR" as const },
      { assessedOn: "1993-06-14", overallResponse: "PD" as const },
    ];
    const best = bestOverallResponse(seedProtocol, start, responses);
    expect(clinicalBenefit(seedProtocol, subject, best, responses)).toEqual({
      ok: true,
      clinicalBenefit: true,
      reason: "SD for 26.0 weeks (≥ 24) from start of first-line hormone therapy",
    });
    // Hormone therapy from 1992-11-02: 154 days = 22.0 weeks < 24 → no benefit.
    expect(
      clinicalBenefit(
        seedProtocol,
        { ...subject, hormoneTherapyStart: "1992-11-02" },
        best,
        responses,
      ),
    ).toMatchObject({
      clinicalBenefit: false,
      reason: "SD for 22.0 weeks (< 24) from start of first-line hormone therapy",
    });
    expect(
      clinicalBenefit(seedProtocol, { ...subject, hormoneTherapyStart: null }, best, responses),
    ).toEqual({
      ok: false,
      code: "missing_date",
      message:
        "subject PI-001 has no date of start of first-line hormone therapy; record it to time stable disease",
    });
  });
});

describe("timePointResponses", () => {
  it("derives responses from lesions and keeps WHO's recorded ones", () => {
    // Baseline 75 mm, then 45 mm (PR, see the series above); the WHO assessment keeps its SD.
    const { responses, problems } = timePointResponses([
      { subjectId: "PI-001", assessedOn: "1992-11-02", criteria: "WHO", overallResponse: "SD" },
      assessment("1993-01-25", lesions(40, 20, 15)),
      assessment("1993-04-05", lesions(25, 12, 8)),
    ]);
    expect(problems).toEqual([]);
    expect(responses).toEqual([
      { assessedOn: "1992-11-02", overallResponse: "SD", criteria: "WHO" },
      { assessedOn: "1993-04-05", overallResponse: "PR", criteria: "RECIST1.1" },
    ]);
  });

  it("uses recorded responses when lesions are missing, and names an empty assessment", () => {
    const { responses, problems } = timePointResponses([
      {
        subjectId: "PI-001",
        assessedOn: "1993-04-05",
        criteria: "RECIST1.1",
        overallResponse: "SD",
      },
      { subjectId: "PI-001", assessedOn: "1993-06-14", criteria: "RECIST1.1" },
    ]);
    expect(responses).toEqual([
      { assessedOn: "1993-04-05", overallResponse: "SD", criteria: "RECIST1.1" },
    ]);
    expect(problems).toEqual([
      "the assessment of 1993-06-14 has no overall response; record it or its lesions",
    ]);
  });
});
