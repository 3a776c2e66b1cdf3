import { execFile } from "node:child_process";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, type Client, openApiFixture } from "../test/api-fixture";

describe.runIf(process.env.TEST_DATABASE_URL)("when PostgreSQL drops the connections", () => {
  let fixture: ApiFixture;
  let investigator: Client;
  beforeAll(async () => {
    fixture = await openApiFixture("postgres");
    investigator = await fixture.signIn("investigator.pisa");
  });
  afterAll(() => fixture.close());

  let enrolled = 0;
  const enrol = () =>
    investigator.json("POST", "/api/subjects", {
      studyId: fixture.demo.studyId,
      siteId: fixture.demo.siteIds.PI,
      pseudonym: `PI-${String(++enrolled).padStart(3, "0")}`,
      arm: "treated",
      enrolmentDate: "2024-01-15",
    });

  // What an administrator's pg_terminate_backend or a database restart does to the app's pool,
  // sent from outside it, as an administrator would.
  const terminateTheApp = async (database: string) =>
    new Promise((done) =>
      execFile(
        "psql",
        [
          `--dbname=${process.env.TEST_DATABASE_URL}`,
          `--command=select pg_terminate_backend(pid) from pg_stat_activity where datname = '${database}'`,
        ],
        done,
      ),
    );

  it("answers 503 database_unavailable at most while writes are cut off, then writes again", async () => {
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(
      fixture.store.db,
    );
    let cutting = true;
    const cuts = (async () => {
      while (cutting) {
        await terminateTheApp(rows[0].name);
        await new Promise((pause) => setTimeout(pause, 20));
      }
    })();
    const statuses: number[] = [];
    const unavailable: unknown[] = [];
    for (let round = 0; round < 20; round++) {
      for (const answer of await Promise.all([enrol(), enrol(), enrol()])) {
        statuses.push(answer.status);
        if (answer.status === 503) unavailable.push(answer.body);
      }
    }
    cutting = false;
    await cuts;
    expect(statuses.filter((status) => status !== 201 && status !== 503)).toEqual([]);
    for (const body of unavailable) {
      expect(body).toEqual({
        code: "database_unavailable",
        message: "the database cannot be reached just now; try again in a few seconds",
      });
    }
    expect(fixture.bugs).toEqual([]);
    const after = await enrol();
    expect(after.status).toBe(201);
    const listed = await investigator.json("GET", `/api/subjects/${after.body.id}`);
    expect(listed.body.pseudonym).toBe(after.body.pseudonym);
  }, 180_000);
});
