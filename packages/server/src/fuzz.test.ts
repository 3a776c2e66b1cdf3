import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, type Client, engines, openApiFixture } from "../test/api-fixture";
import { inputSchema, type JsonSchema, pathOf, writeEndpoints } from "../test/endpoint-fields";
import { arbitraryOf, deeplyNested, hostileText } from "../test/json-schema-arbitrary";
import { apiEndpoints } from "./api-endpoints";
import type { Endpoint } from "./endpoint";

/**
 * Every write endpoint of the API, fed requests generated from its own schemas: mostly well
 * shaped (so they reach the database), with NUL characters, broken Unicode, a megabyte of text,
 * numbers beyond every limit, values of the wrong type and deeply nested JSON. No answer may be
 * a 5xx, and a 400 or 422 must name the field to correct. New endpoints are covered as they are
 * added to `apiEndpoints`.
 */
const runsPerEndpoint = 12;

/** A visits file of one to three rows of hostile cells, quoted as CSV quotes them. */
const csvFile = fc
  .array(fc.array(hostileText, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 3 })
  .map((rows) => {
    const quote = (cell: string) => `"${cell.replaceAll('"', '""')}"`;
    const lines = rows.map((row) => ["PI-FUZZ", ...row].map(quote).join(","));
    return `pseudonym,visit_date,kind,notes\n${lines.join("\n")}\n`;
  });

type Answer = { code?: string; message?: string; field?: string; problems?: { field?: string }[] };

describe.each(engines)("fuzzed writes on %s", (engine) => {
  let fixture: ApiFixture;
  let clients: { admin: Client; site: Client; review: Client };
  /** Ids of stored records, by the field or path segment that names them. */
  const ids: Record<string, string[]> = {};
  const known = (name: string) => ids[name];

  beforeAll(async () => {
    fixture = await openApiFixture(engine);
    clients = {
      admin: await fixture.signIn("admin"),
      site: await fixture.signIn("investigator.pisa"),
      review: await fixture.signIn("data-manager.pisa"),
    };
    const created = async (client: Client, path: string, body: object) => {
      const answer = await client.json("POST", `/api${path}`, body);
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      return answer.body.id as string;
    };
    const subjectId = await created(clients.site, "/subjects", {
      studyId: fixture.demo.studyId,
      siteId: fixture.demo.siteIds.PI,
      pseudonym: "PI-FUZZ",
      arm: "treated",
      enrolmentDate: "2024-02-01",
    });
    const sampleId = await created(clients.site, "/samples", {
      subjectId,
      drawnAt: "2024-03-01T08:00:00Z",
      relation: "pre",
    });
    const assessmentId = await created(clients.site, "/response-assessments", {
      subjectId,
      assessedOn: "2024-03-01",
      criteria: "RECIST1.1",
      overallResponse: "SD",
    });
    const visitId = await created(clients.site, "/visits", {
      subjectId,
      visitDate: "2024-03-01",
      kind: "control",
    });
    const queryId = await created(clients.review, "/queries", {
      entity: "visit",
      recordId: visitId,
      text: "date?",
    });
    const userId = await created(clients.admin, "/users", {
      username: "fuzzed.user",
      displayName: "Fuzzed",
      password: "long-enough-secret",
    });
    Object.assign(ids, {
      studyId: [fixture.demo.studyId],
      siteId: Object.values(fixture.demo.siteIds),
      subjectId: [subjectId],
      sampleId: [sampleId],
      assessmentId: [assessmentId],
      userId: [userId],
      recordId: [subjectId, visitId, sampleId],
      entity: ["subject", "visit", "sample"],
      // Path ids, by the resource the path names.
      subjects: [subjectId],
      samples: [sampleId],
      visits: [visitId],
      "response-assessments": [assessmentId],
      queries: [queryId],
      users: [userId],
    });
  });
  afterAll(() => fixture.close());

  /** The client whose roles let a request through the guard, so that it reaches the handler. */
  function clientFor(endpoint: Endpoint): Client {
    const guard = endpoint.guard;
    if (guard.on === "trial") return clients.admin;
    if (
      "action" in guard &&
      ["sign", "unlock", "query.raise", "query.close"].includes(guard.action)
    ) {
      return clients.review;
    }
    return clients.site;
  }

  /** A request to an endpoint: its path parameters, its query and its JSON body as text. */
  function requestsOf(endpoint: Endpoint): fc.Arbitrary<{ path: string; body?: string }> {
    const resource = endpoint.path.split("/")[1];
    const part = (schema: JsonSchema | undefined, pathIds = false) =>
      schema
        ? arbitraryOf(schema, (name) => (pathIds && name === "id" ? ids[resource] : known(name)))
        : fc.constant(undefined);
    const params = part(endpoint.params ? inputSchema(endpoint.params) : undefined, true);
    const query = part(endpoint.query ? inputSchema(endpoint.query) : undefined);
    const body =
      endpoint.body === "csv"
        ? csvFile
        : part(endpoint.body ? inputSchema(endpoint.body) : undefined);
    const nesting = fc.option(
      fc.tuple(
        fc.constantFrom(1_000, 100_000),
        fc.constantFrom("array" as const, "object" as const),
      ),
      { freq: 8 },
    );
    return fc.record({ params, query, body, nesting }).map(({ params, query, body, nesting }) => {
      const values = isRecord(params) ? mapValues(params) : {};
      const search = isRecord(query)
        ? new URLSearchParams(Object.entries(mapValues(query))).toString()
        : "";
      const csv = endpoint.body === "csv";
      let text = body === undefined || csv ? (body as string | undefined) : JSON.stringify(body);
      if (nesting && text !== undefined && !csv) {
        // The deep value replaces the first value of the body, or the whole body.
        const deep = deeplyNested(...nesting);
        text =
          /^\{"[^"]*":/.test(text) && text.length < 10_000
            ? text.replace(/^(\{"[^"]*":)(?:"(?:[^"\\]|\\.)*"|[^,}\]]*)/, `$1${deep}`)
            : deep;
      }
      return { path: `${pathOf(endpoint, values)}${search ? `?${search}` : ""}`, body: text };
    });
  }

  const fuzzed = writeEndpoints(apiEndpoints()).filter(
    (endpoint) => endpoint.params || endpoint.query || endpoint.body,
  );

  it("covers every write endpoint that takes input", () => {
    expect(fuzzed.length).toBeGreaterThan(40);
  });

  it.each(
    fuzzed.map((endpoint) => [`${endpoint.method.toUpperCase()} ${endpoint.path}`, endpoint]),
  )("%s never answers 5xx, and names the field of a 400 or 422", async (_name, endpoint) => {
    const client = clientFor(endpoint as Endpoint);
    await fc.assert(
      fc.asyncProperty(requestsOf(endpoint as Endpoint), async ({ path, body }) => {
        const csv = (endpoint as Endpoint).body === "csv";
        const response = await client.request(
          (endpoint as Endpoint).method.toUpperCase(),
          path,
          body,
          csv ? { "content-type": "text/csv" } : {},
        );
        const text = await response.text();
        const where = `${response.status} ${path} ${body?.slice(0, 200)}: ${text.slice(0, 300)}`;
        expect(response.status, where).toBeLessThan(500);
        const answer = (text ? JSON.parse(text) : {}) as Answer;
        if (response.status >= 400) expect(answer.message, where).toBeTruthy();
        if (response.status === 400 || response.status === 422) {
          const named = answer.field ?? answer.problems?.find((problem) => problem.field)?.field;
          expect(named, where).toBeTruthy();
        }
      }),
      { numRuns: runsPerEndpoint },
    );
  });

  it("logged no bug", () => {
    expect(fixture.bugs).toEqual([]);
  });
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Path and query values as text, the only form a URL carries. */
function mapValues(record: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]),
  );
}
