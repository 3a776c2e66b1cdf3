import { systemActor } from "@ciclo/store";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, engines, openApiFixture } from "../test/api-fixture";

const day = (offset: number) =>
  new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);

/** A subject with her progression and last contact, timed from hormone therapy on 2024-01-01. */
const subject = (fixture: ApiFixture, pseudonym: string, arm: string) => ({
  studyId: fixture.demo.studyId,
  siteId: fixture.demo.siteIds.PI,
  pseudonym,
  arm,
  enrolmentDate: day(0),
  hormoneTherapyStart: day(0),
  firstIfnDate: arm === "treated" ? day(200) : null,
  dfiMonths: 24,
});

describe.each(engines)("the analysis page's kept records on %s", (engine) => {
  let fixture: ApiFixture;
  beforeAll(async () => {
    fixture = await openApiFixture(engine);
    await fixture.store.transaction(systemActor, async (tx) => {
      for (const [index, arm] of ["treated", "treated", "control", "control"].entries()) {
        const created = await tx.records.create("subject", subject(fixture, `PI-00${index}`, arm));
        if (!created.ok) throw new Error(created.problem.message);
        await tx.records.create("followUp", {
          subjectId: created.value.id,
          contactDate: day(500 + 300 * index),
          vitalStatus: "dead",
          deathDate: day(500 + 300 * index),
        });
      }
    });
  });
  afterAll(() => fixture.close());

  it("are used when only the options change, and read again after a write", async () => {
    const statistician = await fixture.signIn("statistician");
    const arms = async (path: string) => {
      const { status, body } = await statistician.json("GET", path);
      expect(status).toBe(200);
      return body.os.curves.map((curve: { arm: string; n: number }) => [curve.arm, curve.n]);
    };
    expect(await arms("/api/analyses")).toEqual([
      ["control", 2],
      ["treated", 2],
    ]);
    // Changed behind the store's back (no audit row): the kept records do not see it…
    await sql`update subject set arm = 'control' where pseudonym = 'PI-000'`.execute(
      fixture.store.db,
    );
    expect(await arms("/api/analyses?referenceArm=control&landmark=12")).toEqual([
      ["control", 2],
      ["treated", 2],
    ]);
    // …until an audited write, which makes the next answer read the records again.
    const investigator = await fixture.signIn("investigator.pisa");
    const enrolled = await investigator.json(
      "POST",
      "/api/subjects",
      subject(fixture, "PI-009", "treated"),
    );
    expect(enrolled.status).toBe(201);
    expect(await arms("/api/analyses?referenceArm=control")).toEqual([
      ["control", 3],
      ["treated", 2],
    ]);
  });
});
