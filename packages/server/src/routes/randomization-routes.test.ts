import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, type Client, engines, openApiFixture } from "../../test/api-fixture";
import { type Phase2DemoStudy, readPhase2Protocol, seedPhase2DemoStudy } from "../demo-phase2";

const eligible = {
  metastatic: true,
  "measurable-or-evaluable": true,
  "on-anti-estrogen": true,
  consent: true,
  "prior-cytokines": false,
  "autoimmune-disease": false,
  "major-organ-failure": false,
};

/** The phase II beside the pilot demo, with the randomization manager. */
async function openPhase2Fixture(engine: "pglite" | "postgres") {
  const fixture = await openApiFixture(engine);
  // The phase II enrols from 2026: its clock stands after the enrolments, which are not future.
  fixture.clock.advance(Date.parse("2026-03-02T09:00:00Z") - fixture.clock.now().getTime());
  const phase2 = await seedPhase2DemoStudy(fixture.store, {
    protocol: readPhase2Protocol(),
    passwordCost: { N: 1024, r: 8, p: 1 },
  });
  return { fixture, phase2 };
}

async function enrol(
  client: Client,
  phase2: Phase2DemoStudy,
  pseudonym: string,
  fields: Record<string, unknown> = {},
  siteCode = "LI",
): Promise<string> {
  const created = await client.json("POST", "/api/subjects", {
    studyId: phase2.studyId,
    siteId: phase2.siteIds[siteCode],
    pseudonym,
    enrolmentDate: "2026-02-02",
    menopausalStatus: "post",
    erStatus: "unknown",
    visceralMetastases: false,
    dfiMonths: 18,
    ...fields,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as string;
}

describe.each(engines)("randomization through the API on %s", (engine) => {
  let fixture: ApiFixture;
  let phase2: Phase2DemoStudy;
  let coordinator: Client;
  beforeAll(async () => {
    ({ fixture, phase2 } = await openPhase2Fixture(engine));
    coordinator = await fixture.signIn("coordinator.livorno");
  });
  afterAll(() => fixture.close());

  it("randomizes an eligible subject: 201 with arm, stratum, sequence and time, then shows it", async () => {
    const subject = await enrol(coordinator, phase2, "LI-001");
    const answer = await coordinator.json("POST", `/api/subjects/${subject}/randomization`, {
      answers: eligible,
    });
    expect(answer.status).toBe(201);
    expect(Object.keys(answer.body).sort()).toEqual(["arm", "randomizedAt", "sequence", "stratum"]);
    expect(answer.body).toMatchObject({
      sequence: 1,
      stratum: "LI/no/<=24",
      randomizedAt: "2026-03-02T09:00:00.000Z",
    });
    expect(["immunotherapy", "control"]).toContain(answer.body.arm);
    const read = await coordinator.json("GET", `/api/subjects/${subject}/randomization`);
    expect(read).toEqual({ status: 200, body: answer.body });
    const record = await coordinator.json("GET", `/api/subjects/${subject}`);
    expect(record.body.arm).toBe(answer.body.arm);

    const again = await coordinator.json("POST", `/api/subjects/${subject}/randomization`, {
      answers: eligible,
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("already_randomized");

    const other = answer.body.arm === "control" ? "immunotherapy" : "control";
    const patched = await coordinator.json("PATCH", `/api/subjects/${subject}`, {
      version: record.body.version,
      reason: "wrong arm",
      changes: { arm: other },
    });
    expect(patched.status).toBe(409);
    expect(patched.body).toMatchObject({ code: "already_randomized", field: "arm" });
    expect(fixture.bugs).toEqual([]);
  });

  it("names the failed criterion (422), the missing field (400) and refuses an arm at enrolment", async () => {
    const subject = await enrol(coordinator, phase2, "LI-002");
    const ineligible = await coordinator.json("POST", `/api/subjects/${subject}/randomization`, {
      answers: { ...eligible, "autoimmune-disease": true },
    });
    expect(ineligible.status).toBe(422);
    expect(ineligible.body).toMatchObject({
      code: "ineligible",
      field: "answers.autoimmune-disease",
    });
    expect(ineligible.body.message).toContain("autoimmune-disease");
    const noDfi = await enrol(coordinator, phase2, "LI-003", { dfiMonths: null });
    const missing = await coordinator.json("POST", `/api/subjects/${noDfi}/randomization`, {
      answers: eligible,
    });
    expect(missing.status).toBe(400);
    expect(missing.body.field).toBe("dfiMonths");
    const withArm = await coordinator.json("POST", "/api/subjects", {
      studyId: phase2.studyId,
      siteId: phase2.siteIds.LI,
      pseudonym: "LI-004",
      arm: "control",
      enrolmentDate: "2026-02-02",
    });
    expect(withArm.status).toBe(400);
    expect(withArm.body.field).toBe("arm");
  });

  it("refuses a protocol that does not randomize with 409 and a message", async () => {
    const pilot = await coordinator.json("GET", "/api/studies");
    expect(pilot.status).toBe(200);
    const investigator = await fixture.signIn("investigator.pisa");
    const created = await investigator.json("POST", "/api/subjects", {
      studyId: fixture.demo.studyId,
      siteId: fixture.demo.siteIds.PI,
      pseudonym: "PI-001",
      arm: "treated",
      enrolmentDate: "2024-02-01",
    });
    expect(created.status).toBe(201);
    const answer = await investigator.json(
      "POST",
      `/api/subjects/${created.body.id}/randomization`,
      { answers: eligible },
    );
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: "not_randomized" });
    expect(answer.body.message).toContain("does not randomize");
  });

  it("lets the randomization manager list, export and correct allocations, keeping the arm drawn", async () => {
    const manager = await fixture.signIn("randomization-manager");
    const subject = await enrol(coordinator, phase2, "LI-010", { visceralMetastases: true });
    const drawn = await coordinator.json("POST", `/api/subjects/${subject}/randomization`, {
      answers: eligible,
    });
    expect(drawn.status).toBe(201);
    const list = await manager.json(
      "GET",
      `/api/randomization/allocations?studyId=${phase2.studyId}`,
    );
    expect(list.status).toBe(200);
    const mine = list.body.items.find((item: { subjectId: string }) => item.subjectId === subject);
    expect(mine).toMatchObject({
      pseudonym: "LI-010",
      siteCode: "LI",
      sequence: drawn.body.sequence,
      arm: drawn.body.arm,
      levels: { site: "LI", visceral: "yes", dfi: "<=24" },
      randomizedByName: "coordinator.livorno",
    });
    expect(list.body.items.map((item: { sequence: number }) => item.sequence)).toEqual(
      Array.from({ length: list.body.items.length }, (_, i) => i + 1),
    );
    const csv = await manager.request("GET", "/api/randomization/allocations/csv");
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text.split("\n")[0]).toContain("sequence,subjectId,pseudonym,siteCode");
    expect(text).toContain("LI-010");

    const other = drawn.body.arm === "control" ? "immunotherapy" : "control";
    const corrected = await manager.json(
      "POST",
      `/api/subjects/${subject}/randomization/correction`,
      { reason: "treated with the other arm's drugs by mistake", treatedArm: other },
    );
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ arm: drawn.body.arm, treatedArm: other });
    const byCoordinator = await coordinator.json(
      "POST",
      `/api/subjects/${subject}/randomization/correction`,
      { reason: "x" },
    );
    expect(byCoordinator.status).toBe(403);
    const record = await coordinator.json("GET", `/api/subjects/${subject}`);
    expect(record.body.arm).toBe(drawn.body.arm);
  });

  it("takes the stage gate's decision from a statistician only, and only when the gate has stopped", async () => {
    const path = `/api/stage-gate/decision?studyId=${phase2.studyId}`;
    const byCoordinator = await coordinator.json("POST", path, { reason: "go on" });
    expect(byCoordinator.status).toBe(403);
    const statistician = await fixture.signIn("statistician");
    const open = await statistician.json("POST", path, { reason: "go on" });
    expect(open.status).toBe(400);
    expect(open.body).toMatchObject({ field: "decision" });
    expect(open.body.message).toContain("the stage gate is open");
  });

  it("exports the study of the user's sites when the database holds two and none is named", async () => {
    await enrol(coordinator, phase2, "LI-050");
    const livorno = await coordinator.request("GET", "/api/export/subjects");
    expect(livorno.status).toBe(200);
    const text = await livorno.text();
    expect(text).toContain("LI-050");
    const statistician = await fixture.signIn("statistician");
    const unnamed = await statistician.json("GET", "/api/export/subjects");
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.message).toContain("say which (CICLO-DEMO, CICLO-PHASE2)");
  });

  it("numbers simultaneous randomizations at several sites 1..N without gap or duplicate", async () => {
    const lucca = await fixture.signIn("coordinator.lucca");
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      ids.push(await enrol(i % 2 ? lucca : coordinator, phase2, `C-${i}`, {}, i % 2 ? "LU" : "LI"));
    }
    const answers = await Promise.all(
      ids.map((id, i) =>
        (i % 2 ? lucca : coordinator).json("POST", `/api/subjects/${id}/randomization`, {
          answers: eligible,
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(ids.map(() => 201));
    const manager = await fixture.signIn("randomization-manager");
    const list = await manager.json(
      "GET",
      `/api/randomization/allocations?studyId=${phase2.studyId}`,
    );
    const sequences = list.body.items.map((item: { sequence: number }) => item.sequence);
    expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, i) => i + 1));
    expect(
      answers.map((answer) => answer.body.sequence).sort((a: number, b: number) => a - b),
    ).toEqual(sequences.slice(-10));
  });
});

/**
 * Concealment: every role but the randomization manager, on every path that could reveal the
 * allocation list, the seed or an allocation not yet made. Site roles see an allocation only on
 * a subject already randomized.
 */
describe.each(engines)("concealment of the allocations on %s", (engine) => {
  let fixture: ApiFixture;
  let phase2: Phase2DemoStudy;
  let seed: string;
  let randomized: string;
  let waiting: string;
  const roles = {
    investigator: "investigator.livorno",
    coordinator: "coordinator.livorno",
    data_manager: "data-manager.livorno",
    monitor: "monitor.livorno",
    statistician: "statistician",
    admin: "admin",
    randomization_manager: "randomization-manager",
  };

  beforeAll(async () => {
    ({ fixture, phase2 } = await openPhase2Fixture(engine));
    const coordinator = await fixture.signIn("coordinator.livorno");
    randomized = await enrol(coordinator, phase2, "LI-100");
    waiting = await enrol(coordinator, phase2, "LI-101");
    const drawn = await coordinator.json("POST", `/api/subjects/${randomized}/randomization`, {
      answers: eligible,
    });
    expect(drawn.status).toBe(201);
    const row = await fixture.store.db
      .selectFrom("randomizationSecret")
      .select("seed")
      .executeTakeFirstOrThrow();
    seed = row.seed;
  });
  afterAll(() => fixture.close());

  const listPaths = ["/api/randomization/allocations", "/api/randomization/allocations/csv"];

  it.each(Object.entries(roles))(
    "%s: the allocation list answers only the randomization manager",
    async (role, username) => {
      const client = await fixture.signIn(username);
      for (const path of listPaths) {
        const answer = await client.request("GET", path);
        expect(answer.status, `${role} ${path}`).toBe(role === "randomization_manager" ? 200 : 403);
      }
    },
  );

  it.each(Object.entries(roles))(
    "%s: no answer holds the seed or an allocation not yet made",
    async (role, username) => {
      const client = await fixture.signIn(username);
      const paths = [
        "/api/subjects",
        `/api/subjects/${randomized}`,
        `/api/subjects/${waiting}`,
        `/api/subjects/${randomized}/randomization`,
        `/api/subjects/${waiting}/randomization`,
        `/api/subjects/${randomized}/audit`,
        `/api/subjects/${waiting}/audit`,
        `/api/audit/trial?entity=study&recordId=${phase2.studyId}`,
        "/api/protocol-versions",
        "/api/studies",
        "/api/dashboard",
        "/api/export/subjects",
        "/api/openapi.json",
        ...listPaths,
      ];
      for (const path of paths) {
        const answer = await client.request("GET", path);
        const text = await answer.text();
        expect(text, `${role} ${path}`).not.toContain(seed);
        expect(text.toLowerCase(), `${role} ${path}`).not.toContain("randomizationsecret");
      }
      // The subject not yet randomized has no allocation anywhere a role can read.
      const waitingAllocation = await client.request(
        "GET",
        `/api/subjects/${waiting}/randomization`,
      );
      expect(waitingAllocation.status).toBe(404);
    },
  );

  it("keeps the seed out of the audit trail entirely", async () => {
    const rows = await fixture.store.transaction({ userId: "t", username: "t" }, (tx) =>
      tx.audit.all({ limit: 100_000 }),
    );
    expect(rows.some((row) => row.entity === "allocation")).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(seed);
  });

  it("refuses randomizing to monitors, data managers, the statistician, the admin and the randomization manager", async () => {
    const expected: Record<string, number> = {
      monitor: 403,
      data_manager: 403,
      statistician: 403,
      admin: 404,
      randomization_manager: 404,
    };
    for (const [role, status] of Object.entries(expected)) {
      const client = await fixture.signIn(roles[role as keyof typeof roles]);
      const answer = await client.request("POST", `/api/subjects/${waiting}/randomization`, {
        answers: eligible,
      });
      expect(answer.status, role).toBe(status);
    }
    const pisa = await fixture.signIn("coordinator.pisa");
    const elsewhere = await pisa.request("POST", `/api/subjects/${waiting}/randomization`, {
      answers: eligible,
    });
    expect(elsewhere.status).toBe(404);
  });
});
