import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedProtocol } from "@ciclo/trial";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, type Client, engines, openApiFixture } from "../test/api-fixture";
import { createApp } from "./create-app";

let fixture: ApiFixture;
let investigator: Client;
let admin: Client;
let subjectId: string;

function newSubject(pseudonym: string, extra: Record<string, unknown> = {}) {
  return {
    studyId: fixture.demo.studyId,
    siteId: fixture.demo.siteIds.PI,
    pseudonym,
    arm: "treated",
    enrolmentDate: "2024-02-01",
    ...extra,
  };
}

type Case = {
  name: string;
  method: string;
  path: string;
  body?: string | (() => unknown);
  contentType?: string | null;
  as?: "investigator" | "admin";
  status: number;
  field?: string;
  code?: string;
};

// Each request is one a careless or hostile client could send; none may yield a 500.
const cases: Case[] = [
  {
    name: "malformed JSON",
    method: "POST",
    path: "/api/subjects",
    body: '{"pseudonym":',
    status: 400,
    code: "malformed_json",
  },
  {
    name: "no content type",
    method: "POST",
    path: "/api/visits",
    body: "{}",
    contentType: null,
    status: 415,
    field: "Content-Type",
  },
  {
    name: "wrong content type",
    method: "POST",
    path: "/api/visits",
    body: "subjectId=1",
    contentType: "application/x-www-form-urlencoded",
    status: 415,
  },
  { name: "a JSON array", method: "POST", path: "/api/subjects", body: "[]", status: 400 },
  { name: "JSON null", method: "POST", path: "/api/subjects", body: "null", status: 400 },
  {
    name: "a number for a text",
    method: "POST",
    path: "/api/visits",
    body: () => ({ subjectId, visitDate: "2024-03-01", kind: 7 }),
    status: 400,
    field: "kind",
  },
  {
    name: "text for a number",
    method: "POST",
    path: "/api/subjects",
    body: () => newSubject("PI-002", { yearOfBirth: "abc" }),
    status: 400,
    field: "yearOfBirth",
  },
  {
    name: "an unknown field",
    method: "POST",
    path: "/api/subjects",
    body: () => newSubject("PI-003", { name: "Maria Rossi" }),
    status: 400,
  },
  {
    name: "a missing required field",
    method: "POST",
    path: "/api/visits",
    body: () => ({ subjectId, kind: "control" }),
    status: 400,
    field: "visitDate",
  },
  {
    name: "an impossible date",
    method: "POST",
    path: "/api/visits",
    body: () => ({ subjectId, visitDate: "2024-02-30", kind: "control" }),
    status: 400,
    field: "visitDate",
  },
  {
    name: "an adverse event before the enrolment",
    method: "POST",
    path: "/api/adverse-events",
    body: () => ({ subjectId, term: "Fever", grade: 1, onsetDate: "2000-01-01" }),
    status: 400,
    field: "onsetDate",
  },
  {
    name: "a date in the wrong format",
    method: "POST",
    path: "/api/visits",
    body: () => ({ subjectId, visitDate: "01/03/2024", kind: "control" }),
    status: 400,
    field: "visitDate",
  },
  {
    name: "an infinite value",
    method: "POST",
    path: "/api/samples",
    body: '{"subjectId":"x","drawnAt":"2024-03-01T08:00:00Z","relation":"pre","cycle":1e400}',
    status: 400,
    field: "cycle",
  },
  {
    name: "a grade out of range",
    method: "POST",
    path: "/api/adverse-events",
    body: () => ({ subjectId, term: "Fever", grade: 7, onsetDate: "2024-03-01" }),
    status: 400,
    field: "grade",
  },
  {
    name: "an unknown enum value",
    method: "POST",
    path: "/api/signatures",
    body: () => ({ entity: "subject", recordId: subjectId, meaning: "because", password: "x" }),
    status: 400,
    field: "meaning",
  },
  {
    name: "a duplicate pseudonym",
    method: "POST",
    path: "/api/subjects",
    body: () => newSubject("PI-001"),
    status: 409,
  },
  {
    name: "a subject that does not exist",
    method: "POST",
    path: "/api/visits",
    body: () => ({ subjectId: "nope", visitDate: "2024-03-01", kind: "control" }),
    status: 404,
  },
  {
    name: "a site that does not exist",
    method: "POST",
    path: "/api/subjects",
    body: () => ({ ...newSubject("PI-004"), siteId: "nope" }),
    status: 404,
  },
  {
    name: "a negative limit",
    method: "GET",
    path: "/api/subjects?limit=-1",
    status: 400,
    field: "limit",
  },
  {
    name: "a limit that is not a number",
    method: "GET",
    path: "/api/subjects?limit=many",
    status: 400,
    field: "limit",
  },
  {
    name: "an unknown query parameter",
    method: "GET",
    path: "/api/subjects?color=red",
    status: 400,
  },
  {
    name: "an unknown route",
    method: "GET",
    path: "/api/nothing-here",
    status: 404,
    code: "unknown_route",
  },
  {
    name: "an unsupported method",
    method: "PUT",
    path: "/api/subjects",
    body: "{}",
    status: 404,
    code: "unknown_route",
  },
  {
    name: "a change without version",
    method: "PATCH",
    path: "/api/subjects/x",
    body: () => ({ reason: "r", changes: {} }),
    status: 400,
    field: "version",
  },
  {
    name: "a fractional version",
    method: "PATCH",
    path: "/api/subjects/x",
    body: () => ({ version: 1.5, reason: "r", changes: {} }),
    status: 400,
    field: "version",
  },
  {
    name: "a change of an unknown field",
    method: "PATCH",
    path: "/api/subjects/x",
    body: () => ({ version: 1, reason: "r", changes: { colour: "red" } }),
    status: 400,
  },
  {
    name: "a delete without body",
    method: "DELETE",
    path: "/api/visits/x",
    contentType: null,
    status: 400,
  },
  {
    name: "a record that does not exist",
    method: "GET",
    path: "/api/lab-results/00000000-0000-0000-0000-000000000000",
    status: 404,
  },
  {
    name: "an import as JSON",
    method: "POST",
    path: "/api/import/subjects",
    body: "{}",
    status: 415,
  },
  {
    name: "an unknown import kind",
    method: "POST",
    path: "/api/import/patients",
    body: "a,b",
    contentType: "text/csv",
    status: 400,
    field: "kind",
  },
  {
    name: "an empty CSV",
    method: "POST",
    path: "/api/import/subjects",
    body: "",
    contentType: "text/csv",
    status: 422,
  },
  {
    name: "binary garbage as CSV",
    method: "POST",
    path: "/api/import/lab-results",
    body: '\u0000\u00ff"\u0001,,"\n"',
    contentType: "text/csv",
    status: 422,
  },
  {
    name: "an unknown export kind",
    method: "GET",
    path: "/api/export/patients",
    status: 400,
    field: "kind",
  },
  { name: "an audit query without record", method: "GET", path: "/api/audit", status: 400 },
  {
    name: "an audit of an unknown entity",
    method: "GET",
    path: "/api/audit?entity=patient&recordId=x",
    status: 404,
  },
  {
    name: "a query on an unknown entity",
    method: "POST",
    path: "/api/queries",
    body: '{"entity":"patient","recordId":"x","text":"?"}',
    status: 404,
  },
  {
    name: "a huge username",
    method: "POST",
    path: "/api/auth/login",
    body: JSON.stringify({ username: "u".repeat(5000), password: "x" }),
    status: 400,
    field: "username",
  },
  {
    name: "a role for an unknown user",
    method: "POST",
    path: "/api/role-assignments",
    as: "admin",
    body: () => ({ userId: "nope", siteId: null, role: "statistician" }),
    status: 404,
  },
  {
    name: "a duplicate username",
    method: "POST",
    path: "/api/users",
    as: "admin",
    body: '{"username":"admin","displayName":"Second","password":"long-enough-secret"}',
    status: 409,
  },
  {
    name: "a short password",
    method: "POST",
    path: "/api/users",
    as: "admin",
    body: '{"username":"new.user","displayName":"New","password":"short"}',
    status: 400,
    field: "password",
  },
  {
    name: "a duplicate protocol version",
    method: "POST",
    path: "/api/protocol-versions",
    as: "admin",
    body: () => ({
      studyId: fixture.demo.studyId,
      number: 1,
      effectiveDate: "2024-01-01",
      document: seedProtocol,
    }),
    status: 409,
  },
];

describe.each(engines)("malformed requests on %s", (engine) => {
  beforeAll(async () => {
    fixture = await openApiFixture(engine);
    investigator = await fixture.signIn("investigator.pisa");
    admin = await fixture.signIn("admin");
    const subject = await investigator.json("POST", "/api/subjects", newSubject("PI-001"));
    subjectId = subject.body.id;
  });
  afterAll(() => fixture.close());

  it.each(cases)("$name answers $status", async (request) => {
    const client = request.as === "admin" ? admin : investigator;
    const body = typeof request.body === "function" ? JSON.stringify(request.body()) : request.body;
    const contentType =
      request.contentType === undefined ? "application/json" : request.contentType;
    const response = await client.request(
      request.method,
      request.path,
      body,
      contentType ? { "content-type": contentType } : { "content-type": "" },
    );
    const answer = await response.json();
    expect(response.status, JSON.stringify(answer)).toBe(request.status);
    expect(typeof answer.code).toBe("string");
    expect(answer.message.length).toBeGreaterThan(5);
    if (request.field) expect(answer.field).toBe(request.field);
    if (request.code) expect(answer.code).toBe(request.code);
  });

  it("logged no bug", () => {
    expect(fixture.bugs).toEqual([]);
  });
});

describe("the web application", () => {
  it("is served at / with a fallback to index.html, while unknown API routes stay JSON 404s", async () => {
    const webDir = mkdtempSync(join(tmpdir(), "ciclo-web-"));
    writeFileSync(join(webDir, "index.html"), "<!doctype html><title>Ciclo</title>");
    writeFileSync(join(webDir, "app.js"), "console.log('ciclo')");
    const fixture = await openApiFixture();
    try {
      const app = createApp({ store: fixture.store, clock: fixture.clock.now, webDir });
      expect(await (await app.request("/")).text()).toContain("<title>Ciclo</title>");
      expect(await (await app.request("/app.js")).text()).toBe("console.log('ciclo')");
      const deepLink = await app.request("/subjects/PI-001");
      expect(deepLink.status).toBe(200);
      expect(await deepLink.text()).toContain("<title>Ciclo</title>");
      const unknownApi = await app.request("/api/no-such-thing");
      expect(unknownApi.status).toBe(404);
      expect((await unknownApi.json()).code).toBe("unknown_route");
    } finally {
      await fixture.close();
      rmSync(webDir, { recursive: true });
    }
  });
});
