import { expectClose } from "@ciclo/stats";
import { describe, expect, it } from "vitest";
import { immortalTimeWarning } from "./immortal-time-warning";
import { landmark } from "./landmark";
import type { FollowUpRecord, ProgressionRecord, SubjectRecord } from "./records";
import { seedProtocol } from "./seed-protocol";
import { deriveOutcomes } from "./subject-outcomes";
import { timeVaryingTreatment } from "./time-varying-treatment";

const subjects: SubjectRecord[] = [
  {
    subjectId: "A",
    arm: "treated",
    enrolmentDate: "1992-07-06",
    hormoneTherapyStart: "1992-01-06",
    firstIfnDate: "1992-07-06",
  },
  {
    subjectId: "B",
    arm: "control",
    enrolmentDate: "1992-03-02",
    hormoneTherapyStart: "1992-03-02",
  },
  { subjectId: "C", arm: "control", enrolmentDate: "1992-03-02" },
];
const progressions: ProgressionRecord[] = [
  { subjectId: "A", progressedOn: "1994-01-03", method: "imaging" },
];
const followUps: FollowUpRecord[] = [
  { subjectId: "A", contactDate: "1995-06-01", vitalStatus: "alive" },
  { subjectId: "A", contactDate: "1996-01-01", vitalStatus: "dead", deathDate: "1996-01-01" },
  { subjectId: "B", contactDate: "1993-03-02", vitalStatus: "alive" },
  { subjectId: "B", contactDate: "1994-03-02", vitalStatus: "alive" },
];

describe("deriveOutcomes", () => {
  // By hand, from the start of hormone therapy:
  // A: 1992-01-06 → 1994-01-03 = 366 (1992 is leap) + 362 = 728 days, progression;
  //    1992-01-06 → 1996-01-01 = 366 + 365 + 365 + 365 − 5 = 1456 days, death.
  // B: 1992-03-02 → 1994-03-02 = 365 + 365 = 730 days, censored at the last contact for both.
  const { outcomes, problems } = deriveOutcomes(subjects, progressions, followUps, {
    origin: "hormoneTherapyStart",
    unit: "days",
  });

  it("times PFS and OS to the first event or the last contact", () => {
    expect(
      outcomes.map((o) => [o.subjectId, o.pfs.time, o.pfs.event, o.os.time, o.os.event]),
    ).toEqual([
      ["A", 728, true, 1456, true],
      ["B", 730, false, 730, false],
    ]);
  });

  it("says which subject lacks the origin date", () => {
    expect(problems).toEqual([
      {
        subjectId: "C",
        message:
          "no date of start of first-line hormone therapy; record it or choose another origin",
      },
    ]);
  });

  it("reports months of 365.25/12 days", () => {
    const months = deriveOutcomes(subjects.slice(0, 1), progressions, followUps, {
      origin: "hormoneTherapyStart",
    });
    expectClose(months.outcomes[0].pfs.time, 728 / 30.4375, { rel: 1e-12 }); // 23.917… months
  });

  it("refuses an event before the origin", () => {
    const { problems: early } = deriveOutcomes(
      [{ ...subjects[0], firstIfnDate: "1994-02-01" }],
      progressions,
      followUps,
      { origin: "firstIfn" },
    );
    expect(early).toEqual([
      {
        subjectId: "A",
        message:
          "an event or contact on 1994-01-03 precedes the first IFN-β dose (1994-02-01); check both dates",
      },
    ]);
  });
});

describe("remedies for immortal-time bias", () => {
  const { outcomes } = deriveOutcomes(subjects, progressions, followUps, {
    origin: "hormoneTherapyStart",
    unit: "days",
  });

  it("builds a landmark set classed by treatment at the landmark", () => {
    // A starts IFN-β 182 days after hormone therapy (1992-01-06 → 1992-07-06).
    expect(landmark(outcomes, subjects, { landmark: 180, endpoint: "pfs", unit: "days" })).toEqual([
      { subjectId: "A", arm: "treated", treatedByLandmark: false, time: 548, event: true },
      { subjectId: "B", arm: "control", treatedByLandmark: false, time: 550, event: false },
    ]);
    expect(
      landmark(outcomes, subjects, { landmark: 200, endpoint: "pfs", unit: "days" })[0],
    ).toEqual({
      subjectId: "A",
      arm: "treated",
      treatedByLandmark: true,
      time: 528,
      event: true,
    });
    // Nobody is at risk after 1456 days of OS.
    expect(landmark(outcomes, subjects, { landmark: 1456, endpoint: "os", unit: "days" })).toEqual(
      [],
    );
  });

  it("splits a treated subject's time at the first IFN-β dose", () => {
    expect(timeVaryingTreatment(outcomes, subjects, { endpoint: "os", unit: "days" })).toEqual([
      { subjectId: "A", arm: "treated", start: 0, stop: 182, treated: 0, event: false },
      { subjectId: "A", arm: "treated", start: 182, stop: 1456, treated: 1, event: true },
      { subjectId: "B", arm: "control", start: 0, stop: 730, treated: 0, event: false },
    ]);
  });

  it("warns when the origin precedes entry of an arm that had to be in clinical benefit", () => {
    expect(immortalTimeWarning(seedProtocol, "hormoneTherapyStart")).toBe(
      "immortal-time bias: subjects of arm 'treated' had to be in clinical benefit before entry, so timing from the start of first-line hormone therapy gives them guaranteed event-free time that arm 'control' can lose; use a landmark analysis or treatment as a time-varying covariate",
    );
    expect(immortalTimeWarning(seedProtocol, "metastaticDiagnosis")).toMatch(/^immortal-time bias/);
    expect(immortalTimeWarning(seedProtocol, "enrolment")).toBeNull();
    expect(immortalTimeWarning(seedProtocol, "firstIfn")).toBe(
      "arm 'control' receives no IFN-β, so the first IFN-β dose is no common origin; compare arms from enrolment, or use a landmark analysis",
    );
  });
});
