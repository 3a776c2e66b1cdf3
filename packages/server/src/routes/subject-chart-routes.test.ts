import { seedProtocol } from "@ciclo/trial";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, type Client, engines, openApiFixture } from "../../test/api-fixture";

describe.each(engines)("subject charts and the catalogue (%s)", (engine) => {
  let fixture: ApiFixture;
  let pisa: Client;
  let subjectId: string;

  beforeAll(async () => {
    fixture = await openApiFixture(engine);
    const admin = await fixture.signIn("admin");
    pisa = await fixture.signIn("investigator.pisa");
    // Version 2 of the protocol gives Pisa its own CEA cut-off of 10 ng/mL.
    const cutoffs = [
      ...seedProtocol.markers.cutoffs,
      { ...seedProtocol.markers.cutoffs[0], value: 10, site: fixture.demo.siteIds.PI },
    ];
    const version = await admin.json("POST", "/api/protocol-versions", {
      studyId: fixture.demo.studyId,
      number: 2,
      effectiveDate: "2025-01-01",
      document: { ...seedProtocol, markers: { ...seedProtocol.markers, cutoffs } },
    });
    expect(version.status, JSON.stringify(version.body)).toBe(201);
    const subject = await pisa.json("POST", "/api/subjects", {
      studyId: fixture.demo.studyId,
      siteId: fixture.demo.siteIds.PI,
      pseudonym: "PI-001",
      arm: "treated",
      enrolmentDate: "2025-01-06",
      firstIfnDate: "2025-01-06",
    });
    subjectId = subject.body.id;
    for (const day of ["2025-02-03", "2025-02-05", "2025-02-07"]) {
      const dose = await pisa.json("POST", "/api/administrations", {
        subjectId,
        drug: "il-2",
        scheduledDate: day,
        givenAt: `${day}T08:00:00Z`,
        dose: 3_000_000,
        unit: "IU",
        route: "sc",
        status: "given",
      });
      expect(dose.status).toBe(201);
    }
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

  it("GET /api/subjects/{id}/charts divides by the site's own cut-off and shades only after the cycle's first IL-2 dose", async () => {
    const { status, body } = await pisa.json("GET", `/api/subjects/${subjectId}/charts`);
    expect(status).toBe(200);
    expect(body.markers.points).toEqual([
      {
        analyte: "CEA",
        drawnAt: "2025-02-04T09:00:00.000Z",
        relation: "post",
        cycle: 1,
        value: 9,
        unit: "ng/mL",
        standardized: 0.9,
        cutoff: {
          value: 10,
          unit: "ng/mL",
          site: fixture.demo.siteIds.PI,
          assay: "*",
          validFrom: "1990-01-01",
        },
      },
    ]);
    expect(body.markers.postIl2Windows).toEqual([
      {
        cycle: 1,
        il2At: "2025-02-03T08:00:00.000Z",
        opensAt: "2025-02-04T08:00:00Z",
        closesAt: "2025-02-06T08:00:00Z",
      },
    ]);
    expect(body.cycles).toMatchObject({ startDate: "2025-01-06", lengthDays: 70 });
    expect(body.cycles.phases.map((p: { fromDay: number }) => p.fromDay)).toEqual([0, 28, 56]);
  });

  it("answers 404 for a subject of a site the user does not read", async () => {
    const siena = await fixture.signIn("investigator.siena");
    const { status, body } = await siena.json("GET", `/api/subjects/${subjectId}/charts`);
    expect(status).toBe(404);
    expect(body.code).toBe("not_found");
  });

  it("GET /api/catalogue lists the engine's analytes with units, the protocol's arms and the roles", async () => {
    const { status, body } = await pisa.json("GET", "/api/catalogue");
    expect(status).toBe(200);
    const codes = body.analytes.map((a: { code: string }) => a.code);
    expect(codes).toEqual(expect.arrayContaining(["CEA", "NEUTROPHILS", "ALT", "AST"]));
    expect(codes).toEqual(expect.arrayContaining(["BILIRUBIN", "CREATININE"]));
    expect(body.analytes.find((a: { code: string }) => a.code === "CEA")).toMatchObject({
      unit: "ng/mL",
      units: ["ng/mL", "µg/L"],
    });
    expect(body.arms.map((arm: { code: string }) => arm.code)).toEqual(["treated", "control"]);
    expect(body.markers).toEqual(["CEA", "CA15-3", "TPA"]);
    expect(body.drugs).toEqual(["ifn-beta", "il-2", "anti-estrogen"]);
    expect(body.immunePanel).toEqual(["LYMPHOCYTES", "CD4", "CD8", "NK", "TREG", "IL-12", "CRP"]);
    expect(body.analysis).toEqual({
      origins: [
        { code: "hormoneTherapyStart", label: "start of first-line hormone therapy" },
        { code: "metastaticDiagnosis", label: "metastatic diagnosis" },
        { code: "firstIfn", label: "first IFN-β dose" },
        { code: "enrolment", label: "enrolment" },
      ],
      defaultOrigin: "hormoneTherapyStart",
      landmarkMonths: [12],
    });
    expect(body.roles).toContainEqual({ role: "statistician", trialWide: true });
    expect(body.roles).toContainEqual({ role: "investigator", trialWide: false });
  });
});
