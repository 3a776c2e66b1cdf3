import { describe, expect, it } from "vitest";
import { cycleLayout, markerChart } from "./marker-chart";
import type { Protocol } from "./protocol-schema";
import type { AdministrationRecord, LabResultRecord, SubjectRecord } from "./records";
import { seedProtocol } from "./seed-protocol";

const subject: SubjectRecord = {
  subjectId: "s1",
  siteId: "site-A",
  arm: "treated",
  enrolmentDate: "2025-01-06",
  firstIfnDate: "2025-01-06",
};
const result = (
  analyte: string,
  value: number,
  drawnAt: string,
  relation: "pre" | "post" | "routine",
  extra: Partial<LabResultRecord> = {},
): LabResultRecord => ({
  subjectId: "s1",
  siteId: "site-A",
  analyte,
  value,
  unit: analyte === "CEA" ? "ng/mL" : "U/mL",
  drawnAt,
  relation,
  cycle: 1,
  ...extra,
});
/** IL-2 given Mon/Wed/Fri of week 5 of cycle 1 (2025-02-03 on), at 08:00. */
const il2: AdministrationRecord[] = ["2025-02-03", "2025-02-05", "2025-02-07"].map((day) => ({
  subjectId: "s1",
  drug: "il-2",
  status: "given",
  scheduledDate: day,
  givenAt: `${day}T08:00:00Z`,
}));
/** The seed protocol with a CEA cut-off of 10 ng/mL at site-A and 5 elsewhere. */
const siteCutoff: Protocol = {
  ...seedProtocol,
  markers: {
    ...seedProtocol.markers,
    cutoffs: [
      ...seedProtocol.markers.cutoffs,
      {
        analyte: "CEA",
        value: 10,
        unit: "ng/mL",
        assay: "*",
        site: "site-A",
        validFrom: "2000-01-01",
        validTo: null,
      },
    ],
  },
};

describe("markerChart", () => {
  it("divides each draw by the cut-off of its site and says which cut-off it used", () => {
    const chart = markerChart(siteCutoff, {
      subject,
      administrations: il2,
      labResults: [
        result("CEA", 9, "2025-02-04T09:00:00Z", "post"),
        result("CEA", 9, "2025-02-04T09:00:00Z", "post", { siteId: "site-B", subjectId: "s1" }),
        result("CA15-3", 45, "2025-02-04T09:00:00Z", "post"),
      ],
    });
    expect(chart.standardization).toBe("cutoff");
    expect(chart.points.map((p) => [p.analyte, p.standardized, p.cutoff])).toEqual([
      [
        "CEA",
        0.9,
        { value: 10, unit: "ng/mL", site: "site-A", assay: "*", validFrom: "2000-01-01" },
      ],
      ["CEA", 1.8, { value: 5, unit: "ng/mL", site: "*", assay: "*", validFrom: "1990-01-01" }],
      ["CA15-3", 1.5, { value: 30, unit: "U/mL", site: "*", assay: "*", validFrom: "1990-01-01" }],
    ]);
  });

  it("shades the post-IL-2 window after the doses the protocol names (the first of the cycle), not after every dose", () => {
    const chart = markerChart(seedProtocol, {
      subject,
      administrations: il2,
      labResults: [result("CEA", 4, "2025-02-04T09:00:00Z", "post")],
    });
    expect(chart.postIl2Windows).toEqual([
      {
        cycle: 1,
        il2At: "2025-02-03T08:00:00Z",
        opensAt: "2025-02-04T08:00:00Z",
        closesAt: "2025-02-06T08:00:00Z",
      },
    ]);
  });

  it("reads each draw against its cycle's pre-IL-2 value under 'baseline' standardization", () => {
    const baseline: Protocol = {
      ...seedProtocol,
      markers: { ...seedProtocol.markers, standardization: "baseline" },
    };
    const chart = markerChart(baseline, {
      subject,
      administrations: il2,
      labResults: [
        result("CEA", 8, "2025-02-03T07:00:00Z", "pre"),
        result("CEA", 6, "2025-02-04T09:00:00Z", "post"),
        result("CEA", 7, "2025-04-04T09:00:00Z", "routine", { cycle: 2 }),
      ],
    });
    expect(chart.points.map((p) => p.standardized)).toEqual([1, 0.75]);
    expect(chart.problems).toEqual([
      "CEA of 2025-04-04T09:00:00Z: standardization 'baseline' needs the pre-IL-2 CEA of the same cycle; record it",
    ]);
  });

  it("leaves out results that are not markers or have no value", () => {
    const chart = markerChart(seedProtocol, {
      subject,
      labResults: [
        result("TREG", 40, "2025-02-04T09:00:00Z", "pre"),
        result("CEA", 0, "2025-02-04T09:00:00Z", "pre", { value: null }),
      ],
    });
    expect(chart.points).toEqual([]);
    // No IL-2 dose recorded yet: the plan's window follows the planned first dose (09:00 UTC).
    expect(chart.postIl2Windows).toEqual([
      {
        cycle: 1,
        il2At: "2025-02-03T09:00:00Z",
        opensAt: "2025-02-04T09:00:00Z",
        closesAt: "2025-02-06T09:00:00Z",
      },
    ]);
  });
});

describe("cycleLayout", () => {
  it("lays the seed protocol's 70-day cycle out as IFN-β days 0–28, IL-2 28–56, rest 56–70 from the first IFN-β dose", () => {
    expect(cycleLayout(seedProtocol, subject)).toEqual({
      startDate: "2025-01-06",
      lengthDays: 70,
      phases: [
        { name: "IFN-β", fromDay: 0, toDay: 28, drugs: ["ifn-beta"] },
        { name: "IL-2", fromDay: 28, toDay: 56, drugs: ["il-2"] },
        { name: "rest (anti-estrogen alone)", fromDay: 56, toDay: 70, drugs: [] },
      ],
    });
  });
});
