import {
  type LabResultRecord,
  type Protocol,
  type SubjectRecord,
  seedProtocol,
} from "@ciclo/trial";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, type Client, openApiFixture } from "../../test/api-fixture";
import { dashboardAlerts } from "../dashboard-alerts";

let fixture: ApiFixture;
let pisa: Client;
let siena: Client;
let subjectId: string;

// The fixture's clock stands at 2025-03-03T09:00Z (a Monday).
beforeAll(async () => {
  fixture = await openApiFixture();
  pisa = await fixture.signIn("investigator.pisa");
  siena = await fixture.signIn("investigator.siena");
  const subject = await pisa.json("POST", "/api/subjects", {
    studyId: fixture.demo.studyId,
    siteId: fixture.demo.siteIds.PI,
    pseudonym: "PI-001",
    arm: "treated",
    enrolmentDate: "2025-01-06",
    firstIfnDate: "2025-01-06",
    clinicalBenefitDate: "2024-12-20",
  });
  subjectId = subject.body.id;
  const dose = await pisa.json("POST", "/api/administrations", {
    subjectId,
    drug: "il-2",
    givenAt: "2025-02-03T08:00:00Z",
    dose: 3_000_000,
    unit: "IU",
    route: "sc",
    status: "given",
    cycle: 1,
    week: 5,
  });
  expect(dose.status).toBe(201);
  const sample = await pisa.json("POST", "/api/samples", {
    subjectId,
    drawnAt: "2025-02-04T09:00:00Z",
    relation: "post",
    cycle: 1,
  });
  const result = await pisa.json("POST", "/api/lab-results", {
    sampleId: sample.body.id,
    analyte: "CEA",
    value: 9,
    unit: "ng/mL",
  });
  expect(result.status, JSON.stringify(result.body)).toBe(201);
});
afterAll(() => fixture.close());

describe("GET /api/dashboard", () => {
  it("counts enrolment by site and arm and subjects in clinical benefit", async () => {
    const { status, body } = await pisa.json("GET", "/api/dashboard");
    expect(status).toBe(200);
    expect(body.today).toBe("2025-03-03");
    expect(body.enrolment).toEqual([
      { siteId: fixture.demo.siteIds.PI, arm: "treated", subjects: 1 },
    ]);
    expect(body.subjectsInClinicalBenefit).toBe(1);
    expect(body.sites.map((site: { code: string }) => site.code)).toEqual(["PI"]);
    expect(body.sites[0].actions).toContain("write");
  });

  it("shows a post-IL-2 CEA above the cut-off as an alert", async () => {
    const { body } = await pisa.json("GET", "/api/dashboard");
    expect(body.alerts).toHaveLength(1);
    expect(body.alerts[0]).toMatchObject({
      kind: "postIl2Rise",
      pseudonym: "PI-001",
      analyte: "CEA",
      // 9 ng/mL ÷ the seed protocol's cut-off 5 ng/mL = 1.80
      message: "CEA 9 ng/mL after IL-2 is 1.80× its cut-off 5 ng/mL",
    });
  });

  it("lists nothing due on a rest-phase day and the unrecorded IL-2 doses as overdue", async () => {
    const { body } = await pisa.json("GET", "/api/dashboard");
    // 2025-03-03 is day 56 from 2025-01-06: cycle 1 week 9, the rest phase; nothing is given.
    expect(body.dueToday.filter((row: { kind: string }) => row.kind === "administration")).toEqual(
      [],
    );
    // IFN-β of weeks 1–4 and IL-2 of weeks 5–8 were not recorded; those of the last 28 days are overdue.
    expect(body.overdue.some((row: { what: string }) => row.what.startsWith("il-2"))).toBe(true);
  });

  it("shows another site nothing of Pisa", async () => {
    const { body } = await siena.json("GET", "/api/dashboard");
    expect(body.enrolment).toEqual([]);
    expect(body.alerts).toEqual([]);
    expect(body.sites.map((site: { code: string }) => site.code)).toEqual(["SI"]);
  });
});

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

describe("GET /api/dashboard for a subject treated for two years", () => {
  it("labels the overdue doses with their cycle counted from the first IFN-β dose", async () => {
    const firenze = await fixture.signIn("investigator.firenze");
    const subject = await firenze.json("POST", "/api/subjects", {
      studyId: fixture.demo.studyId,
      siteId: fixture.demo.siteIds.FI,
      pseudonym: "FI-001",
      arm: "treated",
      enrolmentDate: "2023-01-02",
      firstIfnDate: "2023-01-02",
    });
    expect(subject.status).toBe(201);
    const { body } = await firenze.json("GET", "/api/dashboard");
    // 2023-01-02 (a Monday) to 2025-03-03 is 791 days: cycle 12 began on day 770, 2025-02-10.
    // IFN-β Mon/Wed/Fri of weeks 1–3 before today: 9 doses, none recorded.
    const ifn = body.overdue.filter((row: { what: string }) => row.what.startsWith("ifn-beta"));
    expect(ifn).toHaveLength(9);
    expect(ifn[0]).toMatchObject({
      pseudonym: "FI-001",
      what: "ifn-beta 3000000 IU, cycle 12 week 1",
      date: "2025-02-10",
    });
    expect(ifn[8]).toMatchObject({
      what: "ifn-beta 3000000 IU, cycle 12 week 3",
      date: "2025-02-28",
    });
  });
});

describe("GET /api/dashboard for subjects on and off study", () => {
  it("counts every subject by arm but alerts and counts clinical benefit only for those on study", async () => {
    const dataManager = await fixture.signIn("data-manager.siena");
    const enrol = async (pseudonym: string, status: string) => {
      const subject = await siena.json("POST", "/api/subjects", {
        studyId: fixture.demo.studyId,
        siteId: fixture.demo.siteIds.SI,
        pseudonym,
        arm: "treated",
        enrolmentDate: "2025-01-06",
        firstIfnDate: "2025-01-06",
        clinicalBenefitDate: "2024-12-20",
        status,
      });
      expect(subject.status, JSON.stringify(subject.body)).toBe(201);
      return subject.body.id as string;
    };
    const onStudy = await enrol("SI-001", "active");
    const progressed = await enrol("SI-002", "progressed");
    // The progressed subject's post-IL-2 CEA of 9 is above the cut-off, but she is off study.
    const sample = await siena.json("POST", "/api/samples", {
      subjectId: progressed,
      drawnAt: "2025-02-04T09:00:00Z",
      relation: "post",
      cycle: 1,
    });
    const result = await siena.json("POST", "/api/lab-results", {
      sampleId: sample.body.id,
      analyte: "CEA",
      value: 9,
      unit: "ng/mL",
    });
    expect(result.status).toBe(201);
    for (const [recordId, text] of [
      [onStudy, "year of birth?"],
      [progressed, "menopausal status?"],
    ]) {
      const raised = await dataManager.json("POST", "/api/queries", {
        entity: "subject",
        recordId,
        field: "yearOfBirth",
        text,
      });
      expect(raised.status, JSON.stringify(raised.body)).toBe(201);
      if (text === "menopausal status?") {
        const closed = await dataManager.json("POST", `/api/queries/${raised.body.id}/close`, {
          version: raised.body.version,
        });
        expect(closed.status, JSON.stringify(closed.body)).toBe(200);
      }
    }
    const { body } = await siena.json("GET", "/api/dashboard");
    expect(body.enrolment).toEqual([
      { siteId: fixture.demo.siteIds.SI, arm: "treated", subjects: 2 },
    ]);
    expect(body.subjects).toBe(2);
    expect(body.subjectsInClinicalBenefit).toBe(1);
    expect(body.openQueries).toBe(1);
    expect(body.alerts).toEqual([]);
    // Pisa's open queries are not Siena's, and Siena's are not Pisa's.
    expect((await pisa.json("GET", "/api/dashboard")).body.openQueries).toBe(0);
  });
});
