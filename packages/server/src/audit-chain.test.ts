import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, engines, openApiFixture } from "../test/api-fixture";

let fixture: ApiFixture;

describe.each(engines)("a missing audit chain head on %s", (engine) => {
  beforeAll(async () => {
    fixture = await openApiFixture(engine);
  });
  afterAll(() => fixture.close());

  it("answers writes with 503 and a code that names it, instead of 500", async () => {
    const investigator = await fixture.signIn("investigator.pisa");
    const db = fixture.store.db;
    await sql`alter table audit_chain_head disable trigger audit_chain_head_advance`.execute(db);
    await sql`delete from audit_chain_head`.execute(db);
    const answer = await investigator.json("POST", "/api/subjects", {
      studyId: fixture.demo.studyId,
      siteId: fixture.demo.siteIds.PI,
      pseudonym: "PI-777",
      arm: "treated",
      enrolmentDate: "2024-02-01",
    });
    expect(answer.status).toBe(503);
    expect(answer.body.code).toBe("audit_chain_head_missing");
    expect(answer.body.message).toContain("ciclo audit verify");
    expect((await investigator.json("GET", "/api/subjects")).status).toBe(200);
  });
});
