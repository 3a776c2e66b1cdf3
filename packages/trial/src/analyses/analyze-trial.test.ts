import { describe, expect, it } from "vitest";
import { addDays } from "../plain-date";
import type { FollowUpRecord, ProgressionRecord, SubjectRecord } from "../records";
import { seedProtocol } from "../seed-protocol";
import { analyzeTrial } from "./analyze-trial";
import { isNotComputed } from "./trial-analyses";

// Eight subjects timed in days from the start of hormone therapy on 1995-01-01. Treated subjects
// start IFN-β 200 days in (after clinical benefit); one control lacks the start date.
const start = "1995-01-01";
const plan: [string, string, number | null, number, boolean][] = [
  // id, arm, progression day, last contact day, dead at last contact
  ["T1", "treated", 900, 2400, true],
  ["T2", "treated", 1200, 2100, false],
  ["T3", "treated", null, 1800, false],
  ["T4", "treated", 400, 1500, true],
  ["C1", "control", 150, 900, true],
  ["C2", "control", 500, 1600, true],
  ["C3", "control", 300, 1100, false],
  ["C4", "control", 700, 1300, true],
];
const subjects: SubjectRecord[] = plan.map(([subjectId, arm]) => ({
  subjectId,
  arm,
  enrolmentDate: start,
  hormoneTherapyStart: start,
  firstIfnDate: arm === "treated" ? addDays(start, 200) : null,
  dfiMonths: 24,
  hormoneTherapyAgent: arm === "treated" ? "tamoxifen" : "letrozole",
}));
subjects.push({ subjectId: "C5", arm: "control", enrolmentDate: start, pseudonym: "PI-005" });
const progressions: ProgressionRecord[] = plan
  .filter(([, , day]) => day !== null)
  .map(([subjectId, , day]) => ({
    subjectId,
    progressedOn: addDays(start, day!),
    method: "imaging",
  }));
const followUps: FollowUpRecord[] = plan.map(([subjectId, , , last, dead]) => ({
  subjectId,
  contactDate: addDays(start, last),
  vitalStatus: dead ? "dead" : "alive",
  deathDate: dead ? addDays(start, last) : null,
}));
const records = { subjects, progressions, followUps, administrations: [], labResults: [] };
const analyses = analyzeTrial(records, seedProtocol, {
  dataSnapshot: "f".repeat(64),
  software: [{ name: "Ciclo", version: "test" }],
});

describe("analyzeTrial", () => {
  it("derives PFS by arm from the records, events counted per arm", () => {
    if (isNotComputed(analyses.pfs)) throw new Error(analyses.pfs.notComputed);
    expect(analyses.pfs.curves.map((c) => [c.arm, c.n, c.events])).toEqual([
      ["control", 4, 4],
      ["treated", 4, 3],
    ]);
    // Control PFS days 150, 300, 500, 700: median (300 + 500)/2 = 400 days = 13.14 months (R's midpoint rule).
    expect(analyses.pfs.curves[0].median).toBeCloseTo(400 / (365.25 / 12), 9);
    expect(analyses.pfs.hazardRatios[0].term).toBe("control vs treated");
  });

  it("warns of immortal time from hormone-therapy start and names the subject left out by pseudonym", () => {
    expect(analyses.warnings[0]).toMatch(/^immortal-time bias: subjects of arm 'treated'/);
    expect(analyses.warnings[1]).toMatch(
      /^1 subject\(s\) left out .*PI-005: no date of start of first-line hormone therapy/,
    );
  });

  it("follows every subject from enrolment into each analysis set, with the reasons", () => {
    expect(analyses.flow.enrolled).toEqual([
      { arm: "control", subjects: 5 },
      { arm: "treated", subjects: 4 },
    ]);
    expect(analyses.flow.sets.slice(0, 4)).toEqual([
      {
        analysis: "PFS and OS by arm (Kaplan–Meier, log-rank, unadjusted Cox)",
        included: 8,
        excluded: [
          {
            reason:
              "no date of start of first-line hormone therapy; record it or choose another origin",
            subjects: 1,
          },
        ],
      },
      // PgR, HER2, visceral involvement and biological therapy are not recorded for anyone.
      {
        analysis: "Adjusted Cox models",
        included: 0,
        excluded: [{ reason: "a prognostic covariate not recorded", subjects: 8 }],
      },
      // PFS events before the 12-month landmark (day 365.25): C1 (150) and C3 (300).
      {
        analysis: "PFS from the 12-month landmark",
        included: 6,
        excluded: [{ reason: "event or end of follow-up by the landmark", subjects: 2 }],
      },
      { analysis: "OS from the 12-month landmark", included: 8, excluded: [] },
    ]);
  });

  it("says why a landmark before any cytokine start cannot compare the arms", () => {
    // Every treated subject started IFN-β on day 200 (6.6 months), after a 6-month landmark, so
    // nobody counts as treated at the landmark.
    const at6 = analyzeTrial(records, seedProtocol, {
      dataSnapshot: "",
      software: [],
      landmarkMonths: 6,
    });
    expect(at6.landmark).toEqual({
      notComputed:
        "landmark PFS at 6 months: reference arm 'treated' has no subjects; use one of control; choose a landmark after the first IFN-β doses",
    });
  });

  it("keeps only subjects event-free at the protocol's 12-month landmark, treated ones once started", () => {
    const at12 = analyses;
    if (isNotComputed(at12.landmark)) throw new Error(at12.landmark.notComputed);
    // PFS events before day 365.25: C1 (150) and C3 (300) leave; C5 has no origin date.
    expect(at12.landmark.pfs.curves.map((c) => [c.arm, c.n])).toEqual([
      ["control", 2],
      ["treated", 4],
    ]);
    expect(at12.landmark.pfs.endpoint).toBe("PFS from the 12-month landmark");
  });

  it("fits treatment as a time-varying covariate for PFS and OS", () => {
    if (isNotComputed(analyses.timeVarying)) throw new Error(analyses.timeVarying.notComputed);
    expect(analyses.timeVarying.map((hr) => hr.term)).toEqual([
      "PFS: before vs after the first IFN-β dose",
      "OS: before vs after the first IFN-β dose",
    ]);
  });

  it("records the protocol version, the snapshot and the origin in the methods", () => {
    expect(analyses.methods.protocolVersion).toBe(seedProtocol.version);
    expect(analyses.methods.origin).toBe("start of first-line hormone therapy");
    expect(analyses.dataSnapshot).toBe("f".repeat(64));
  });
});
