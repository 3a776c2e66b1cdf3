import { systemActor } from "@ciclo/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, type Client, engines, openApiFixture } from "../../test/api-fixture";

describe.each(engines)("record lists page with totals, sort and search on %s", (engine) => {
  let fixture: ApiFixture;
  let investigator: Client;
  let subjectId: string;

  beforeAll(async () => {
    fixture = await openApiFixture(engine);
    investigator = await fixture.signIn("investigator.pisa");
    const { studyId, siteIds } = fixture.demo;
    // One long-treated subject with 3,000 lab results, written in one batch like an import.
    subjectId = await fixture.store.transaction(systemActor, async (tx) => {
      const subject = await tx.records.create("subject", {
        studyId,
        siteId: siteIds.PI,
        pseudonym: "PI-LONG",
        arm: "treated",
        enrolmentDate: "2020-01-06",
      });
      if (!subject.ok) throw new Error(subject.problem.message);
      for (const pseudonym of ["PI-ALBA", "PI-alberta", "PI-CORA"])
        await tx.records.create("subject", {
          studyId,
          siteId: siteIds.PI,
          pseudonym,
          arm: "control",
          enrolmentDate: pseudonym === "PI-CORA" ? "2019-05-01" : "2021-05-01",
        });
      // One result per sample and analyte: 3,000 daily draws, each with its CEA.
      const sample = await tx.records.prepare("sample", {
        subjectId: subject.value.id,
        drawnAt: "2020-02-03T08:00:00Z",
        relation: "routine",
      });
      if (!sample.ok) throw new Error(sample.problem.message);
      const { id: _sampleId, ...draw } = sample.value;
      const day = (i: number) => new Date(Date.parse("2020-02-03T08:00:00Z") + i * 86_400_000);
      const samples = await tx.records.insertPrepared(
        "sample",
        Array.from({ length: 3000 }, (_, i) =>
          tx.records.newRow({ ...draw, drawnAt: day(i).toISOString() }),
        ),
        "long follow-up",
      );
      const result = await tx.records.prepare("labResult", {
        sampleId: samples[0].id,
        analyte: "CEA",
        value: 1,
        unit: "ng/mL",
      });
      if (!result.ok) throw new Error(result.problem.message);
      const { id: _resultId, ...values } = result.value;
      const rows = samples.map((each, i) =>
        tx.records.newRow({ ...values, sampleId: each.id, value: i }),
      );
      await tx.records.insertPrepared("labResult", rows, "long follow-up");
      return subject.value.id;
    });
  });
  afterAll(() => fixture.close());

  it("gives every one of 3,000 lab results across pages, with the total on each page", async () => {
    const values = new Set<number>();
    for (let offset = 0; offset < 3000; offset += 1000) {
      const page = await investigator.json(
        "GET",
        `/api/lab-results?subjectId=${subjectId}&limit=1000&offset=${offset}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(3000);
      expect(page.body.items).toHaveLength(1000);
      for (const result of page.body.items) values.add(result.value);
    }
    expect(values.size).toBe(3000);
    const past = await investigator.json(
      "GET",
      `/api/lab-results?subjectId=${subjectId}&limit=1000&offset=3000`,
    );
    expect(past.body).toMatchObject({ items: [], total: 3000 });
  });

  it("searches subjects by pseudonym, ignoring case, and sorts them", async () => {
    const found = await investigator.json("GET", "/api/subjects?search=alb&sort=pseudonym");
    expect(found.status).toBe(200);
    expect(found.body.total).toBe(2);
    expect(found.body.items.map((s: { pseudonym: string }) => s.pseudonym)).toEqual([
      "PI-ALBA",
      "PI-alberta",
    ]);
    const wildcard = await investigator.json("GET", "/api/subjects?search=%25");
    expect(wildcard.body.total).toBe(0);
    const byEnrolment = await investigator.json(
      "GET",
      "/api/subjects?arm=control&sort=-enrolmentDate&limit=2",
    );
    expect(byEnrolment.body.total).toBeGreaterThanOrEqual(3);
    expect(byEnrolment.body.items).toHaveLength(2);
    const dates = byEnrolment.body.items.map((s: { enrolmentDate: string }) => s.enrolmentDate);
    expect([...dates].sort().reverse()).toEqual(dates);
    const bad = await investigator.json("GET", "/api/subjects?sort=yearOfDeath");
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe("sort");
  });
});
