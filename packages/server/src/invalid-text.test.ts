import { systemActor } from "@ciclo/store";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, type Client, engines, openApiFixture } from "../test/api-fixture";
import { inputSchema, pathOf, textFields, valueAt, writeEndpoints } from "../test/endpoint-fields";
import { apiEndpoints } from "./api-endpoints";
import { databaseRefusal } from "./database-error";

// Text PostgreSQL cannot store: a NUL is refused by the database (SQLSTATE 22021 in text,
// 22P05 in jsonb), a lone surrogate is silently stored as U+FFFD. Both must be refused at the
// door, naming the field.
const nul = "a\u0000b";
const loneSurrogate = "a\ud800b";

type Problem = { field?: string; message: string };
const named = (answer: { field?: string; problems?: Problem[] }, field: string) =>
  answer.field === field || (answer.problems ?? []).some((problem) => problem.field === field);

describe.each(engines)("text the database cannot store, on %s", (engine) => {
  let fixture: ApiFixture;
  let admin: Client;
  let investigator: Client;
  let subjectId: string;

  beforeAll(async () => {
    fixture = await openApiFixture(engine);
    admin = await fixture.signIn("admin");
    investigator = await fixture.signIn("investigator.pisa");
    const subject = await investigator.json("POST", "/api/subjects", {
      studyId: fixture.demo.studyId,
      siteId: fixture.demo.siteIds.PI,
      pseudonym: "PI-NUL",
      arm: "treated",
      enrolmentDate: "2024-02-01",
    });
    subjectId = subject.body.id;
  });
  afterAll(() => fixture.close());

  it("a NUL in the username at sign-in answers 400 naming username", async () => {
    const response = await fixture.app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: nul, password: "whatever" }),
    });
    const answer = await response.json();
    expect(response.status, JSON.stringify(answer)).toBe(400);
    expect(answer.field).toBe("username");
    expect(answer.message).toMatch(/NUL/);
  });

  it("a NUL as a path parameter answers 400 naming id", async () => {
    const { status, body } = await investigator.json("GET", "/api/subjects/%00");
    expect(status, JSON.stringify(body)).toBe(400);
    expect(body.field).toBe("id");
  });

  it("a NUL in a query parameter answers 400 naming it", async () => {
    const { status, body } = await investigator.json("GET", "/api/subjects?arm=a%00b");
    expect(status, JSON.stringify(body)).toBe(400);
    expect(body.field).toBe("arm");
  });

  it("a NUL or a lone surrogate in a record's text answers 400 and stores nothing", async () => {
    for (const notes of [nul, loneSurrogate]) {
      const { status, body } = await investigator.json("POST", "/api/visits", {
        subjectId,
        visitDate: "2024-03-01",
        kind: "control",
        notes,
      });
      expect(status, JSON.stringify(body)).toBe(400);
      expect(body.field).toBe("notes");
    }
    const visits = await investigator.json("GET", `/api/visits?subjectId=${subjectId}`);
    expect(visits.body.items).toEqual([]);
  });

  it("a NUL deep in a protocol document answers 400 naming its path", async () => {
    const { status, body } = await admin.json("POST", "/api/protocol-versions", {
      studyId: fixture.demo.studyId,
      number: 9,
      effectiveDate: "2025-01-01",
      document: { arms: [{ code: nul }] },
    });
    expect(status, JSON.stringify(body)).toBe(400);
    expect(body.field).toBe("document.arms.0.code");
  });

  it("a megabyte in a unique code answers 400 naming the code, not a failed index write", async () => {
    const { status, body } = await admin.json("POST", "/api/studies", {
      code: "x".repeat(1 << 20),
      title: "Too long",
    });
    expect(status, JSON.stringify(body).slice(0, 300)).toBe(400);
    expect(body.field).toBe("code");
  });

  it("a NUL in a CSV cell answers 400 naming the row and the column", async () => {
    const csv = `pseudonym,visit_date,kind,notes\nPI-NUL,2024-03-01,control,ok\nPI-NUL,2024-03-08,control,${nul}\n`;
    const response = await investigator.request("POST", "/api/import/visits", csv, {
      "content-type": "text/csv",
    });
    const answer = await response.json();
    expect(response.status, JSON.stringify(answer)).toBe(400);
    expect(answer.problems).toEqual([
      { row: 3, field: "notes", message: expect.stringMatching(/NUL/) },
    ]);
  });

  it("a CSV file in Latin-1 answers 400, naming the line and saying to save it as UTF-8", async () => {
    const latin1 = Buffer.from(
      "pseudonym,visit_date,kind,notes\nPI-NUL,2024-03-15,control,Città\n",
      "latin1",
    );
    const response = await fixture.app.request("/api/import/visits", {
      method: "POST",
      headers: {
        cookie: investigator.cookie,
        "x-csrf-token": investigator.csrfToken,
        "content-type": "text/csv",
      },
      body: new Uint8Array(latin1),
    });
    const answer = await response.json();
    expect(response.status, JSON.stringify(answer)).toBe(400);
    expect(answer.message).toMatch(/save it as UTF-8/);
    expect(answer.problems).toEqual([
      { row: 2, field: "(file)", message: expect.stringMatching(/not UTF-8/) },
    ]);
  });

  it("every text field of every write body refuses a NUL and a lone surrogate, naming the field", async () => {
    let checked = 0;
    for (const endpoint of writeEndpoints(apiEndpoints())) {
      if (!endpoint.body || endpoint.body === "csv") continue;
      const client = endpoint.path.startsWith("/auth") ? investigator : admin;
      // Both are refused by the same check: a NUL in every field, a lone surrogate in the first.
      for (const [index, field] of textFields(inputSchema(endpoint.body)).entries()) {
        for (const bad of index === 0 ? [nul, loneSurrogate] : [nul]) {
          const response = await client.request(
            endpoint.method.toUpperCase(),
            pathOf(endpoint, {}),
            valueAt(field.path, bad),
          );
          const answer = await response.json();
          const where = `${endpoint.method} ${endpoint.path} ${field.path.join(".")}`;
          expect(response.status, `${where}: ${JSON.stringify(answer)}`).toBe(400);
          expect(named(answer, field.path.join(".")), `${where}: ${JSON.stringify(answer)}`).toBe(
            true,
          );
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("every text path and query parameter of every endpoint refuses a NUL, naming it", async () => {
    let checked = 0;
    for (const endpoint of apiEndpoints()) {
      for (const part of ["params", "query"] as const) {
        const schema = endpoint[part];
        if (!schema) continue;
        for (const field of textFields(inputSchema(schema))) {
          const name = field.path.join(".");
          const path =
            part === "params"
              ? pathOf(endpoint, { [name]: nul })
              : `${pathOf(endpoint, {})}?${name}=${encodeURIComponent(nul)}`;
          const response = await admin.request(
            endpoint.method.toUpperCase(),
            path,
            endpoint.body && endpoint.body !== "csv" ? {} : undefined,
          );
          const answer = await response.json();
          const where = `${endpoint.method} ${endpoint.path} ${part} ${name}`;
          expect(response.status, `${where}: ${JSON.stringify(answer)}`).toBe(400);
          expect(named(answer, name), `${where}: ${JSON.stringify(answer)}`).toBe(true);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it("the database's own refusal of such text is a 400, not a bug", async () => {
    const refused = async (query: ReturnType<typeof sql>) => {
      try {
        await fixture.store.transaction(systemActor, (tx) => query.execute(tx.db));
      } catch (error) {
        return databaseRefusal(error);
      }
      throw new Error("the database stored text it should have refused");
    };
    expect((await refused(sql`select ${nul}::text`))?.status).toBe(400);
    expect((await refused(sql`select ${JSON.stringify({ nul })}::jsonb`))?.status).toBe(400);
  });

  it("logged no bug", () => {
    expect(fixture.bugs).toEqual([]);
  });
});
