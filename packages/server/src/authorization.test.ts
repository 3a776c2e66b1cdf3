import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, type Client, engines, openApiFixture } from "../test/api-fixture";

/**
 * The full authorization matrix through the HTTP API: each role × own site (Pisa) / other site
 * (Siena) × read / write, plus the actions beyond plain reading and writing. Trial-wide roles
 * (statistician, admin) have no own site; their "own" column uses Pisa as well.
 *
 * Rule: a record the user may not read answers 404, worded as for a missing record; a record she
 * may read but not change answers 403.
 */
const users = {
  investigator: "investigator.pisa",
  coordinator: "coordinator.pisa",
  data_manager: "data-manager.pisa",
  monitor: "monitor.pisa",
  statistician: "statistician",
  admin: "admin",
} as const;
type RoleName = keyof typeof users;

// role, read own, read other, write own, write other (status codes)
const matrix: [RoleName, number, number, number, number][] = [
  ["investigator", 200, 404, 201, 404],
  ["coordinator", 200, 404, 201, 404],
  ["data_manager", 200, 404, 403, 404],
  ["monitor", 200, 404, 403, 404],
  ["statistician", 200, 200, 403, 403],
  ["admin", 404, 404, 404, 404],
];

// role, action, expected status on own site, on other site
const actions: [RoleName, string, number, number][] = [
  ["investigator", "change subject", 200, 404],
  ["coordinator", "delete visit", 200, 404],
  ["monitor", "change subject", 403, 404],
  ["statistician", "change subject", 403, 403],
  ["monitor", "raise query", 201, 404],
  ["data_manager", "raise query", 201, 404],
  ["investigator", "raise query", 403, 404],
  ["statistician", "raise query", 403, 403],
  ["data_manager", "sign", 201, 404],
  ["investigator", "sign", 201, 404],
  ["coordinator", "sign", 403, 404],
  ["monitor", "sign", 403, 404],
  ["monitor", "read audit", 200, 404],
  ["investigator", "read audit", 200, 404],
  ["statistician", "read audit", 403, 403],
  ["admin", "read audit", 404, 404],
  ["statistician", "export site", 200, 200],
  ["monitor", "export site", 403, 403],
  ["data_manager", "export site", 200, 404],
];

describe.each(engines)("authorization on %s", (engine) => {
  let fixture: ApiFixture;
  const clients = {} as Record<RoleName, Client>;
  const subjects = { own: "", other: "" };
  const visits = { own: [] as string[], other: [] as string[] };

  beforeAll(async () => {
    fixture = await openApiFixture(engine);
    for (const [role, username] of Object.entries(users)) {
      clients[role as RoleName] = await fixture.signIn(username);
    }
    const siena = await fixture.signIn("investigator.siena");
    subjects.own = await enrol(clients.investigator, fixture, "PI", "PI-001");
    subjects.other = await enrol(siena, fixture, "SI", "SI-001");
    for (let i = 0; i < 3; i++) {
      visits.own.push(await addVisit(clients.investigator, subjects.own));
      visits.other.push(await addVisit(siena, subjects.other));
    }
  });
  afterAll(() => fixture.close());

  it.each(matrix)(
    "%s: read own %i, read other %i, write own %i, write other %i",
    async (role, readOwn, readOther, writeOwn, writeOther) => {
      const client = clients[role];
      expect((await client.request("GET", `/api/subjects/${subjects.own}`)).status).toBe(readOwn);
      expect((await client.request("GET", `/api/subjects/${subjects.other}`)).status).toBe(
        readOther,
      );
      const visit = (subjectId: string) => ({
        subjectId,
        visitDate: "2024-04-02",
        kind: "control",
      });
      expect((await client.request("POST", "/api/visits", visit(subjects.own))).status).toBe(
        writeOwn,
      );
      expect((await client.request("POST", "/api/visits", visit(subjects.other))).status).toBe(
        writeOther,
      );
    },
  );

  it.each(actions)(
    "%s: %s answers %i on her own site and %i on another",
    async (role, action, own, other) => {
      const client = clients[role];
      expect(await perform(client, action, "own")).toBe(own);
      expect(await perform(client, action, "other")).toBe(other);
    },
  );

  it("answers a hidden record exactly as a missing one", async () => {
    const hidden = await clients.monitor.json("GET", `/api/subjects/${subjects.other}`);
    const missing = await clients.monitor.json("GET", "/api/subjects/no-such-subject");
    expect(hidden.body).toEqual({
      code: "not_found",
      message: `subject '${subjects.other}' not found`,
    });
    expect(missing.body).toEqual({
      code: "not_found",
      message: "subject 'no-such-subject' not found",
    });
  });

  it("lists only the subjects of the sites where the user may read", async () => {
    const pseudonyms = async (role: RoleName) =>
      (await clients[role].json("GET", "/api/subjects")).body.items
        .map((s: { pseudonym: string }) => s.pseudonym)
        .sort();
    expect(await pseudonyms("investigator")).toEqual(["PI-001"]);
    expect(await pseudonyms("monitor")).toEqual(["PI-001"]);
    expect(await pseudonyms("statistician")).toEqual(["PI-001", "SI-001"]);
    expect(await pseudonyms("admin")).toEqual([]);
    const filtered = await clients.monitor.json("GET", `/api/visits?subjectId=${subjects.other}`);
    expect(filtered.status).toBe(404);
  });

  it("lets only the admin manage sites and users, and everyone read the sites", async () => {
    const site = { studyId: fixture.demo.studyId, code: "LU", name: "Lucca" };
    expect((await clients.investigator.request("POST", "/api/sites", site)).status).toBe(403);
    expect((await clients.statistician.request("POST", "/api/sites", site)).status).toBe(403);
    expect((await clients.admin.request("POST", "/api/sites", site)).status).toBe(201);
    expect((await clients.monitor.request("GET", "/api/users")).status).toBe(403);
    const listed = await clients.admin.json("GET", "/api/users");
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(14);
    const sites = await clients.coordinator.json("GET", "/api/sites");
    expect(sites.body.items.map((s: { code: string }) => s.code).sort()).toEqual([
      "FI",
      "LU",
      "PI",
      "SI",
    ]);
  });

  it("shows a statistician no free text and no names", async () => {
    const progression = await clients.investigator.json("POST", "/api/progressions", {
      subjectId: subjects.own,
      progressedOn: "2024-09-01",
      method: "imaging",
      notes: "seen by Dr Rossi",
    });
    expect(progression.status).toBe(201);
    const read = await clients.statistician.json("GET", `/api/progressions/${progression.body.id}`);
    expect(read.body.notes).toBeNull();
    expect(read.body.progressedOn).toBe("2024-09-01");
    const own = await clients.monitor.json("GET", `/api/progressions/${progression.body.id}`);
    expect(own.body.notes).toBe("seen by Dr Rossi");
    const exported = async (role: RoleName) =>
      (await clients[role].request("GET", "/api/export/progressions")).text();
    expect(await exported("investigator")).toContain("seen by Dr Rossi");
    const pseudonymized = await exported("statistician");
    expect(pseudonymized).toContain("PI-001,2024-09-01,imaging");
    expect(pseudonymized).not.toContain("Rossi");
  });

  it("logged no bug", () => {
    expect(fixture.bugs).toEqual([]);
  });

  async function perform(client: Client, action: string, where: "own" | "other"): Promise<number> {
    const subjectId = subjects[where];
    switch (action) {
      case "change subject": {
        const current = await readAsInvestigator(subjectId);
        const body = {
          version: current.version,
          reason: "typo",
          changes: { yearOfBirth: 1950 + current.version },
        };
        return (await client.request("PATCH", `/api/subjects/${subjectId}`, body)).status;
      }
      case "delete visit": {
        const visitId = visits[where].pop()!;
        return (
          await client.request("DELETE", `/api/visits/${visitId}`, {
            version: 1,
            reason: "entered twice",
          })
        ).status;
      }
      case "raise query":
        return (
          await client.request("POST", "/api/queries", {
            entity: "subject",
            recordId: subjectId,
            field: "yearOfBirth",
            text: "please check",
          })
        ).status;
      case "sign": {
        const visitId = visits[where][0];
        const username = await usernameOf(client);
        const response = await client.request("POST", "/api/signatures", {
          entity: "visit",
          recordId: visitId,
          meaning: "review",
          password: "ciclo-demo",
        });
        if (response.status === 201) await unlock(response, username);
        return response.status;
      }
      case "read audit":
        return (await client.request("GET", `/api/subjects/${subjectId}/audit`)).status;
      case "export site":
        return exported(client, where);
      default:
        throw new Error(`unknown action ${action}`);
    }
  }

  /** The export's status; 404 when it succeeds but leaves the site's subject out. */
  async function exported(client: Client, where: "own" | "other"): Promise<number> {
    const response = await client.request("GET", "/api/export/subjects");
    if (response.status !== 200) return response.status;
    const csv = await response.text();
    return csv.includes(where === "own" ? "PI-001" : "SI-001") ? 200 : 404;
  }

  async function readAsInvestigator(subjectId: string) {
    const reader =
      subjectId === subjects.own
        ? clients.investigator
        : await fixture.signIn("investigator.siena");
    return (await reader.json("GET", `/api/subjects/${subjectId}`)).body as { version: number };
  }

  async function usernameOf(client: Client): Promise<string> {
    return (await client.json("GET", "/api/me")).body.username;
  }

  /** Removes a signature again, as the data manager of its site, so later rows see no lock. */
  async function unlock(response: Response, _signer: string) {
    const signature = (await response.json()) as { id: string; version: number; recordId: string };
    const pisaVisit = visits.own.includes(signature.recordId);
    const manager = pisaVisit ? clients.data_manager : await fixture.signIn("data-manager.siena");
    const removed = await manager.request("DELETE", `/api/signatures/${signature.id}`, {
      version: signature.version,
      reason: "test",
    });
    expect(removed.status).toBe(200);
  }
});

async function enrol(client: Client, fixture: ApiFixture, siteCode: string, pseudonym: string) {
  const created = await client.json("POST", "/api/subjects", {
    studyId: fixture.demo.studyId,
    siteId: fixture.demo.siteIds[siteCode],
    pseudonym,
    arm: "treated",
    enrolmentDate: "2024-02-01",
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function addVisit(client: Client, subjectId: string) {
  const created = await client.json("POST", "/api/visits", {
    subjectId,
    visitDate: "2024-03-01",
    kind: "control",
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}
