import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, type Client, engines, openApiFixture } from "../../test/api-fixture";

describe.each(engines)("FHIR and ODM reads (%s)", (engine) => {
  let fixture: ApiFixture;
  let pisa: Client;
  let subjectId: string;

  beforeAll(async () => {
    fixture = await openApiFixture(engine);
    pisa = await fixture.signIn("investigator.pisa");
    const subject = await pisa.json("POST", "/api/subjects", {
      studyId: fixture.demo.studyId,
      siteId: fixture.demo.siteIds.PI,
      pseudonym: "PI-001",
      arm: "treated",
      yearOfBirth: 1948,
      enrolmentDate: "2025-01-06",
    });
    expect(subject.status, JSON.stringify(subject.body)).toBe(201);
    subjectId = subject.body.id;
    const sample = await pisa.json("POST", "/api/samples", {
      subjectId,
      drawnAt: "2025-02-04T09:00:00Z",
      relation: "routine",
    });
    const result = await pisa.json("POST", "/api/lab-results", {
      sampleId: sample.body.id,
      analyte: "CA15-3",
      value: 42,
      unit: "U/mL",
      referenceHigh: 30,
    });
    expect(result.status, JSON.stringify(result.body)).toBe(201);
  });
  afterAll(() => fixture.close());

  it("GET /api/fhir/Patient/{id} answers the pseudonymous Patient; $everything her Bundle", async () => {
    const patient = await pisa.json("GET", `/api/fhir/Patient/${subjectId}`);
    expect(patient.status).toBe(200);
    expect(patient.body).toMatchObject({
      resourceType: "Patient",
      id: subjectId,
      birthDate: "1948",
      identifier: [{ value: "PI-001" }],
    });
    expect(patient.body.name).toBeUndefined();
    const everything = await pisa.json("GET", `/api/fhir/Patient/${subjectId}/$everything`);
    expect(everything.status).toBe(200);
    const observation = everything.body.entry
      .map((entry: { resource: { resourceType: string } }) => entry.resource)
      .find((resource: { resourceType: string }) => resource.resourceType === "Observation");
    expect(observation.code.coding[0]).toEqual({
      system: "http://loinc.org",
      code: "6875-9",
      display: "CA15-3",
    });
    expect(observation.interpretation[0].coding[0].code).toBe("H");
  });

  it("is site-scoped: a Firenze investigator gets 404 for a Pisa subject", async () => {
    const firenze = await fixture.signIn("investigator.firenze");
    const answer = await firenze.json("GET", `/api/fhir/Patient/${subjectId}`);
    expect(answer.status).toBe(404);
  });

  it("GET /api/standards/odm downloads the study's ODM snapshot for a data manager", async () => {
    const manager = await fixture.signIn("data-manager.pisa");
    const response = await manager.request("GET", "/api/standards/odm");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    const xml = await response.text();
    expect(xml).toContain('<SubjectData SubjectKey="PI-001">');
    const statistician = await fixture.signIn("statistician");
    const refused = await statistician.json("GET", "/api/standards/odm");
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/^the ODM file carries the audit trail/);
    expect(fixture.bugs).toEqual([]);
  });
});
