import { describe, expect, it } from "vitest";
import type { ResponseAssessmentRecord, SubjectRecord } from "./records";
import { seedProtocol } from "./seed-protocol";
import { subjectResponse } from "./subject-response";

const subject: SubjectRecord = {
  subjectId: "s1",
  arm: "treated",
  enrolmentDate: "2025-01-06",
  firstIfnDate: "2025-01-06",
  hormoneTherapyStart: "2024-06-03",
};
const target = (location: string, diameterMm: number) => ({
  location,
  kind: "target" as const,
  diameterMm,
});

describe("subjectResponse", () => {
  it("computes each time point from the lesions beside the recorded response", () => {
    // RECIST 1.1 §4.3.1 by hand: baseline sum 32 + 18 = 50 mm; 20 + 10 = 30 mm ≤ 0.7 × 50 = 35 → PR;
    // then 24 + 18 = 42 mm ≥ 1.2 × nadir 30 = 36 and +12 mm ≥ 5 → PD.
    const assessments: ResponseAssessmentRecord[] = [
      {
        subjectId: "s1",
        assessedOn: "2025-01-03",
        criteria: "RECIST1.1",
        overallResponse: "NE",
        lesions: [target("liver-1", 32), target("lung-1", 18)],
      },
      {
        subjectId: "s1",
        assessedOn: "2025-03-10",
        criteria: "RECIST1.1",
        overallResponse: "SD",
        lesions: [target("liver-1", 20), target("lung-1", 10)],
      },
      {
        subjectId: "s1",
        assessedOn: "2025-05-19",
        criteria: "RECIST1.1",
        overallResponse: "PD",
        lesions: [target("liver-1", 24), target("lung-1", 18)],
      },
    ];
    const response = subjectResponse(seedProtocol, subject, assessments);
    expect(response.assessments).toEqual([
      { assessedOn: "2025-01-03", recorded: "NE", recist: null, targetSum: 50 },
      { assessedOn: "2025-03-10", recorded: "SD", recist: "PR", targetSum: 30 },
      { assessedOn: "2025-05-19", recorded: "PD", recist: "PD", targetSum: 42 },
    ]);
    // The seed protocol confirms responses (≥ 4 weeks) and takes SD from 6 weeks: the PR of
    // day 63 is unconfirmed, so it counts as SD. Stable from the start of hormone therapy
    // (2024-06-03) to 2025-03-10 is 40 weeks ≥ 24: clinical benefit.
    expect(response.best?.response).toBe("SD");
    expect(response.clinicalBenefit?.value).toBe(true);
  });

  it("keeps the recorded responses while an assessment has no lesions", () => {
    const response = subjectResponse(seedProtocol, subject, [
      { subjectId: "s1", assessedOn: "2025-03-10", criteria: "RECIST1.1", overallResponse: "SD" },
    ]);
    expect(response.assessments).toEqual([
      { assessedOn: "2025-03-10", recorded: "SD", recist: null, targetSum: null },
    ]);
    // Day 63 of cycle 1 is past the protocol's 6 weeks for SD.
    expect(response.best?.response).toBe("SD");
  });
});
