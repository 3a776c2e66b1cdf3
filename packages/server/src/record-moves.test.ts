import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, type Client, engines, openApiFixture } from "../test/api-fixture";

/**
 * A change that moves a record is authorized at both ends: a record never leaves its subject
 * (a visit, a lab result's sample, a lesion's assessment), and a subject changes site only for a
 * user who may enter data at both sites.
 */
describe.each(engines)("moving records on %s", (engine) => {
  let fixture: ApiFixture;
  let pisa: Client;
  let siena: Client;
  let pisaManager: Client;
  const ids = {} as Record<string, string>;

  beforeAll(async () => {
    fixture = await openApiFixture(engine);
    pisa = await fixture.signIn("investigator.pisa");
    siena = await fixture.signIn("investigator.siena");
    pisaManager = await fixture.signIn("data-manager.pisa");
    ids.pisaSubject = await created(pisa, "subjects", subject("PI", "PI-101"));
    ids.pisaSubject2 = await created(pisa, "subjects", subject("PI", "PI-102"));
    ids.sienaSubject = await created(siena, "subjects", subject("SI", "SI-101"));
    ids.visit = await created(pisa, "visits", visit(ids.pisaSubject));
    ids.sample = await created(pisa, "samples", sample(ids.pisaSubject, "2024-03-01T08:00:00Z"));
    ids.sample2 = await created(pisa, "samples", sample(ids.pisaSubject, "2024-03-08T08:00:00Z"));
    ids.sample3 = await created(pisa, "samples", sample(ids.pisaSubject, "2024-03-15T08:00:00Z"));
    ids.otherSample = await created(
      pisa,
      "samples",
      sample(ids.pisaSubject2, "2024-03-01T08:00:00Z"),
    );
    ids.sienaSample = await created(
      siena,
      "samples",
      sample(ids.sienaSubject, "2024-03-01T08:00:00Z"),
    );
    ids.labResult = await created(pisa, "lab-results", {
      sampleId: ids.sample,
      analyte: "CEA",
      value: 3.2,
      unit: "ng/mL",
    });
    ids.assessment = await created(pisa, "response-assessments", assessment(ids.pisaSubject));
    ids.sienaAssessment = await created(
      siena,
      "response-assessments",
      assessment(ids.sienaSubject),
    );
    ids.lesion = await created(pisa, "lesions", {
      assessmentId: ids.assessment,
      kind: "target",
      location: "liver",
      diameterMm: 21,
    });
  });
  afterAll(() => fixture.close());

  it("refuses to move a subject to a site where the investigator may not enter data", async () => {
    const moved = await change(pisa, "subjects", ids.pisaSubject, {
      siteId: fixture.demo.siteIds.SI,
    });
    expect(moved.status).toBe(403);
    expect(moved.body.field).toBe("siteId");
    const read = await pisa.json("GET", `/api/subjects/${ids.pisaSubject}`);
    expect(read.body.siteId).toBe(fixture.demo.siteIds.PI);
  });

  it("moves a subject between two sites for an investigator at both, with the audit record", async () => {
    const admin = await fixture.signIn("admin");
    const account = await admin.json("POST", "/api/users", {
      username: "investigator.pisa-siena",
      displayName: "Dr Both Sites",
      password: "ciclo-demo",
      roles: [
        { role: "investigator", siteId: fixture.demo.siteIds.PI },
        { role: "investigator", siteId: fixture.demo.siteIds.SI },
      ],
    });
    expect(account.status).toBe(201);
    const both = await fixture.signIn("investigator.pisa-siena");
    const moving = await created(pisa, "subjects", subject("PI", "PI-199"));
    const moved = await change(both, "subjects", moving, { siteId: fixture.demo.siteIds.SI });
    expect(moved.status).toBe(200);
    expect(moved.body.siteId).toBe(fixture.demo.siteIds.SI);
    const audit = await both.json("GET", `/api/subjects/${moving}/audit`);
    expect(audit.status).toBe(200);
    const siteChange = (audit.body as { field: string; newValue: string; reason: string }[]).find(
      (entry) => entry.field === "siteId",
    );
    expect(siteChange?.reason).toBe("moved");
    expect(siteChange?.newValue).toContain(fixture.demo.siteIds.SI);
    expect((await pisa.request("GET", `/api/subjects/${moving}`)).status).toBe(404);
  });

  it("refuses to move a subject to a site that does not exist", async () => {
    const moved = await change(pisa, "subjects", ids.pisaSubject, { siteId: "no-such-site" });
    expect(moved.status).toBe(400);
    expect(moved.body.field).toBe("siteId");
  });

  it("refuses to move a visit to a subject of another site, locked or not", async () => {
    const moved = await change(pisa, "visits", ids.visit, { subjectId: ids.sienaSubject });
    expect(moved.status).toBe(422);
    expect(moved.body.field).toBe("subjectId");
    expect(moved.body.message).toContain("delete");
    const read = await pisa.json("GET", `/api/visits/${ids.visit}`);
    expect(read.body.subjectId).toBe(ids.pisaSubject);
  });

  it("refuses to move a visit to another subject of the same site", async () => {
    const moved = await change(pisa, "visits", ids.visit, { subjectId: ids.pisaSubject2 });
    expect(moved.status).toBe(422);
    expect(moved.body.field).toBe("subjectId");
  });

  it("refuses to move a lesion to another subject's assessment", async () => {
    const moved = await change(pisa, "lesions", ids.lesion, { assessmentId: ids.sienaAssessment });
    expect(moved.status).toBe(422);
    expect(moved.body.field).toBe("assessmentId");
    const read = await pisa.json("GET", `/api/lesions/${ids.lesion}`);
    expect(read.body.assessmentId).toBe(ids.assessment);
  });

  it("never leaves a lab result half-moved to another subject's sample", async () => {
    for (const sampleId of [ids.sienaSample, ids.otherSample]) {
      const moved = await change(pisa, "lab-results", ids.labResult, { sampleId });
      expect(moved.status).toBe(422);
      expect(moved.body.field).toBe("sampleId");
    }
    const read = await pisa.json("GET", `/api/lab-results/${ids.labResult}`);
    expect(read.body).toMatchObject({ sampleId: ids.sample, subjectId: ids.pisaSubject });
  });

  it("moves a lab result to another sample of the same subject", async () => {
    const moved = await change(pisa, "lab-results", ids.labResult, { sampleId: ids.sample2 });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ sampleId: ids.sample2, subjectId: ids.pisaSubject });
  });

  it("refuses to move a lab result into a signed sample", async () => {
    const signed = await pisaManager.json("POST", "/api/signatures", {
      entity: "sample",
      recordId: ids.sample3,
      meaning: "review",
      password: "ciclo-demo",
    });
    expect(signed.status).toBe(201);
    const moved = await change(pisa, "lab-results", ids.labResult, { sampleId: ids.sample3 });
    expect(moved.status).toBe(423);
    expect(moved.body.code).toBe("locked");
  });

  it("logged no bug", () => {
    expect(fixture.bugs).toEqual([]);
  });

  async function change(client: Client, path: string, id: string, changes: object) {
    const current = await client.json("GET", `/api/${path}/${id}`);
    return client.json("PATCH", `/api/${path}/${id}`, {
      version: current.body.version ?? 1,
      reason: "moved",
      changes,
    });
  }

  function subject(siteCode: string, pseudonym: string) {
    return {
      studyId: fixture.demo.studyId,
      siteId: fixture.demo.siteIds[siteCode],
      pseudonym,
      arm: "treated",
      enrolmentDate: "2024-02-01",
    };
  }
});

async function created(client: Client, path: string, body: object): Promise<string> {
  const answer = await client.json("POST", `/api/${path}`, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.id;
}

function visit(subjectId: string) {
  return { subjectId, visitDate: "2024-03-01", kind: "control" };
}

function sample(subjectId: string, drawnAt: string) {
  return { subjectId, drawnAt, relation: "pre", cycle: 1 };
}

function assessment(subjectId: string) {
  return { subjectId, assessedOn: "2024-04-01", criteria: "RECIST1.1", overallResponse: "SD" };
}
