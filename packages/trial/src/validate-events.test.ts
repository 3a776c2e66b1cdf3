import { describe, expect, it } from "vitest";
import type { SubjectRecord } from "./records";
import { seedProtocol } from "./seed-protocol";
import { validateEvents } from "./validate-events";

const subject: SubjectRecord = { subjectId: "PI-001", arm: "treated", enrolmentDate: "1993-02-01" };

describe("validateEvents", () => {
  it("accepts a consistent history", () => {
    expect(
      validateEvents(seedProtocol, {
        subject,
        administrations: [
          { subjectId: "PI-001", drug: "il-2", givenAt: "1993-03-01T09:00:00Z", status: "given" },
          // The anti-estrogen goes on after progression (1994-05-02) and belongs to every arm.
          {
            subjectId: "PI-001",
            drug: "anti-estrogen",
            givenAt: "1994-06-01T09:00:00Z",
            status: "given",
          },
          {
            subjectId: "PI-001",
            drug: "letrozole",
            givenAt: "1994-07-01T09:00:00Z",
            status: "given",
          },
        ],
        progressions: [{ subjectId: "PI-001", progressedOn: "1994-05-02", method: "imaging" }],
        labResults: [
          // 1993-03-01 09:00 → 03-02 10:00 = 25 h, inside 24–72 h.
          {
            subjectId: "PI-001",
            drawnAt: "1993-03-02T10:00:00Z",
            relation: "post",
            analyte: "CEA",
            value: 3,
            unit: "ng/mL",
          },
        ],
        followUps: [{ subjectId: "PI-001", contactDate: "1995-01-10", vitalStatus: "alive" }],
      }),
    ).toEqual([]);
  });

  it("flags a dose after death, a sample before enrolment and a contact alive after death", () => {
    expect(
      validateEvents(seedProtocol, {
        subject,
        administrations: [
          { subjectId: "PI-001", drug: "il-2", givenAt: "1995-03-01T09:00:00Z", status: "given" },
        ],
        labResults: [
          {
            subjectId: "PI-001",
            drawnAt: "1993-01-20T08:00:00Z",
            relation: "routine",
            analyte: "CEA",
            value: 3,
            unit: "ng/mL",
          },
        ],
        followUps: [
          {
            subjectId: "PI-001",
            contactDate: "1995-02-10",
            vitalStatus: "dead",
            deathDate: "1995-02-10",
          },
          { subjectId: "PI-001", contactDate: "1995-04-01", vitalStatus: "alive" },
        ],
      }),
    ).toEqual([
      {
        entity: "sample",
        date: "1993-01-20",
        message:
          "sample drawn on 1993-01-20 before enrolment on 1993-02-01; correct the draw date or the enrolment date",
      },
      {
        entity: "administration",
        date: "1995-03-01",
        message:
          "il-2 given on 1995-03-01 after death on 1995-02-10; correct the dose date or the date of death",
      },
      {
        entity: "follow-up",
        date: "1995-04-01",
        message:
          "contact on 1995-04-01 records the subject alive after death on 1995-02-10; correct one of them",
      },
    ]);
  });

  it("flags a cytokine for a control, a dose after progression, a bad delay and a late post sample", () => {
    const problems = validateEvents(seedProtocol, {
      subject: { ...subject, arm: "control" },
      administrations: [
        { subjectId: "PI-001", drug: "aspirin", givenAt: "1993-02-01T09:00:00Z", status: "given" },
        {
          subjectId: "PI-001",
          drug: "il-2",
          scheduledDate: "1993-03-01",
          givenAt: "1993-03-01T09:00:00Z",
          status: "delayed",
        },
      ],
      labResults: [
        // 1993-03-01 09:00 → 03-05 09:00 = 96 h > 72 h.
        {
          subjectId: "PI-001",
          drawnAt: "1993-03-05T09:00:00Z",
          relation: "post",
          analyte: "CEA",
          value: 3,
          unit: "ng/mL",
        },
      ],
      progressions: [{ subjectId: "PI-001", progressedOn: "1993-02-20", method: "imaging" }],
    });
    expect(problems.map((p) => p.message)).toEqual([
      "unknown drug 'aspirin'; use one of ifn-beta, il-2, anti-estrogen, tamoxifen, toremifene, fulvestrant, letrozole, anastrozole, exemestane, lhrh-agonist, cdk46-inhibitor",
      "arm 'control' gives no il-2; check the subject's arm or the drug",
      "il-2 given on 1993-03-01 after progression on 1993-02-20; immunotherapy stops at progression",
      "il-2 is recorded as delayed but was given on 1993-03-01, not after its planned 1993-03-01; record it as given, or correct the dates",
      "post-IL-2 sample drawn 1993-03-05T09:00:00Z is 96 h after the cycle's anchoring IL-2 dose (1993-03-01T09:00:00Z); a post sample is drawn 24–72 h after the dose the protocol anchors the window to (dose 1 of the cycle), so mark it routine or correct the time",
    ]);
  });

  it("accepts a post sample 24–72 h after the cycle's first IL-2 dose though a second dose came between", () => {
    // Cycle 1 IL-2 on Mon 1993-03-01 and Wed 03-03 at 09:00; the draw on Wed 12:00 is 51 h after
    // the first dose (inside the planned window Tue 09:00–Thu 09:00) and 3 h after the second.
    const il2 = (givenAt: string) => ({
      subjectId: "PI-001",
      drug: "il-2",
      givenAt,
      status: "given" as const,
      cycle: 1,
    });
    expect(
      validateEvents(seedProtocol, {
        subject,
        administrations: [il2("1993-03-01T09:00:00Z"), il2("1993-03-03T09:00:00Z")],
        labResults: [
          {
            subjectId: "PI-001",
            drawnAt: "1993-03-03T12:00:00Z",
            relation: "post",
            analyte: "CEA",
            value: 3,
            unit: "ng/mL",
          },
        ],
      }),
    ).toEqual([]);
  });
});
