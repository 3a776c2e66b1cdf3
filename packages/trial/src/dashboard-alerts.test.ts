import { describe, expect, it } from "vitest";
import { dashboardAlerts } from "./dashboard-alerts";
import type { Protocol } from "./protocol-schema";
import type { LabResultRecord, SubjectRecord } from "./records";
import { seedProtocol } from "./seed-protocol";

describe("dashboardAlerts", () => {
  const subject: SubjectRecord = {
    subjectId: "s1",
    siteId: "site-A",
    arm: "treated",
    enrolmentDate: "2024-11-04",
    firstIfnDate: "2024-11-04",
    clinicalBenefitDate: "2024-12-01",
  };
  const draw = (
    analyte: string,
    value: number,
    drawnAt: string,
    relation: "pre" | "post" | "routine" = "routine",
    cycle: number | null = null,
  ): LabResultRecord => ({
    subjectId: "s1",
    siteId: "site-A",
    analyte,
    value,
    unit: analyte === "CEA" ? "ng/mL" : "cells/µL",
    drawnAt,
    relation,
    cycle,
  });
  /** The seed protocol with other CEA cut-offs. */
  const withCeaCutoffs = (
    cutoffs: Partial<Protocol["markers"]["cutoffs"][number]>[],
  ): Protocol => ({
    ...seedProtocol,
    markers: {
      ...seedProtocol.markers,
      cutoffs: [
        ...seedProtocol.markers.cutoffs.filter((cutoff) => cutoff.analyte !== "CEA"),
        ...cutoffs.map((cutoff) => ({
          analyte: "CEA",
          unit: "ng/mL",
          assay: "*",
          site: "*",
          validFrom: "1990-01-01",
          validTo: null,
          value: 5,
          ...cutoff,
        })),
      ],
    },
  });

  it("finds a marker signal confirmed on the next draw, by markerSignals", () => {
    // Nadir 3 (≤ the cut-off 5): RCV = 1.96·√2·0.154 = 42.7 %; 6 and 6.5 rise 100 % and 117 %
    // over it and lie above the cut-off (domain.md §4).
    const alerts = dashboardAlerts(
      seedProtocol,
      [subject],
      [
        draw("CEA", 4, "2025-01-01T09:00:00Z"),
        draw("CEA", 3, "2025-02-01T09:00:00Z"),
        draw("CEA", 6, "2025-03-01T09:00:00Z"),
        draw("CEA", 6.5, "2025-04-01T09:00:00Z"),
      ],
    );
    expect(alerts).toEqual([
      {
        kind: "markerSignal",
        subjectId: "s1",
        analyte: "CEA",
        drawnAt: "2025-04-01T09:00:00Z",
        message:
          "CEA rose 100% over its nadir 3 ng/mL to 6 ng/mL on 2025-03-01 (RCV 42.7%, cut-off 5 ng/mL), confirmed on 2025-04-01",
      },
    ]);
  });

  it("finds no marker signal when the next draw does not confirm it, nor from post-IL-2 draws", () => {
    const unconfirmed = [
      draw("CEA", 3, "2025-02-01T09:00:00Z"),
      draw("CEA", 6, "2025-03-01T09:00:00Z"),
      draw("CEA", 3.1, "2025-04-01T09:00:00Z"),
    ];
    expect(dashboardAlerts(seedProtocol, [subject], unconfirmed)).toEqual([]);
    // The protocol's signal relations are pre and routine: post-IL-2 draws carry the cytokine's effect.
    const postOnly = [3, 3, 4, 4.5].map((value, index) =>
      draw("CEA", value, `2025-0${index + 1}-01T09:00:00Z`, "post", index + 1),
    );
    expect(
      dashboardAlerts(seedProtocol, [subject], postOnly).filter((a) => a.kind === "markerSignal"),
    ).toEqual([]);
  });

  it("reads a cut-off version until the day before its validTo", () => {
    // 5 ng/mL until 2025-03-01 exclusive, then 10: a post-IL-2 CEA of 9 on 2025-03-01 is 0.90× its cut-off.
    const protocol = withCeaCutoffs([
      { value: 5, validTo: "2025-03-01" },
      { value: 10, validFrom: "2025-03-01" },
    ]);
    const on = (day: string) =>
      dashboardAlerts(protocol, [subject], [draw("CEA", 9, `${day}T09:00:00Z`, "post", 1)]);
    expect(on("2025-03-01")).toEqual([]);
    expect(on("2025-02-28").map((alert) => alert.message)).toEqual([
      "CEA 9 ng/mL after IL-2 is 1.80× its cut-off 5 ng/mL",
    ]);
  });

  it("takes the cut-off of the subject's site over the study-wide one", () => {
    const protocol = withCeaCutoffs([{ value: 5 }, { value: 10, site: "site-A" }]);
    const post = draw("CEA", 9, "2025-03-05T09:00:00Z", "post", 1);
    expect(dashboardAlerts(protocol, [subject], [post])).toEqual([]);
    const elsewhere = { ...subject, siteId: "site-B" };
    expect(
      dashboardAlerts(protocol, [elsewhere], [{ ...post, siteId: "site-B" }]).map((a) => a.message),
    ).toEqual(["CEA 9 ng/mL after IL-2 is 1.80× its cut-off 5 ng/mL"]);
  });

  it("pairs a post-IL-2 draw with its cycle's pre-IL-2 draw and alerts on a rise beyond the RCV", () => {
    // Pre 10 (> the cut-off 5): RCV = 1.96·√2·0.060 = 16.6 %. Post 12 is +20 %: a rise; post 11
    // is +10 %: no change, so no alert although it is above the cut-off.
    const pre = draw("CEA", 10, "2025-03-03T07:00:00Z", "pre", 2);
    const alerts = dashboardAlerts(
      seedProtocol,
      [subject],
      [pre, draw("CEA", 12, "2025-03-04T09:00:00Z", "post", 2)],
    );
    expect(alerts).toEqual([
      {
        kind: "postIl2Rise",
        subjectId: "s1",
        analyte: "CEA",
        drawnAt: "2025-03-04T09:00:00Z",
        message:
          "CEA 12 ng/mL after IL-2 is 2.40× its cut-off 5 ng/mL, up 20% from 10 ng/mL before IL-2 in cycle 2 (RCV 16.6%)",
      },
    ]);
    expect(
      dashboardAlerts(
        seedProtocol,
        [subject],
        [pre, draw("CEA", 11, "2025-03-04T09:00:00Z", "post", 2)],
      ),
    ).toEqual([]);
  });

  it("finds a Treg increase over twice the baseline of the first two draws in clinical benefit", () => {
    // The draw of 2024-11-15 precedes clinical benefit (2024-12-01) and is not baseline.
    // Baseline (40 + 60) / 2 = 50; k = 2: 110 and 120 are above 100; 110 / 50 = 2.20.
    const alerts = dashboardAlerts(
      seedProtocol,
      [subject],
      [
        draw("TREG", 10, "2024-11-15T09:00:00Z"),
        draw("TREG", 40, "2025-01-01T09:00:00Z"),
        draw("TREG", 60, "2025-02-01T09:00:00Z"),
        draw("TREG", 110, "2025-03-01T09:00:00Z"),
        draw("TREG", 120, "2025-04-01T09:00:00Z"),
      ],
    );
    expect(alerts).toEqual([
      {
        kind: "tregIncrease",
        subjectId: "s1",
        analyte: "TREG",
        drawnAt: "2025-04-01T09:00:00Z",
        message:
          "TREG 110 cells/µL on 2025-03-01 is 2.20× its baseline 50 cells/µL (more than 2×), confirmed on 2025-04-01",
      },
    ]);
  });
});
