import { type AuditEvent, systemActor } from "@ciclo/store";
import { seedProtocol } from "@ciclo/trial";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, type Client, engines, openApiFixture } from "../test/api-fixture";

let fixture: ApiFixture;
let investigator: Client;
let dataManager: Client;
let monitor: Client;
let admin: Client;
let lastSeq = 0;

async function auditSince(seq: number): Promise<AuditEvent[]> {
  const all = await fixture.store.transaction(systemActor, (tx) =>
    tx.audit.all({ limit: 100_000 }),
  );
  return all.filter((event) => event.seq > seq);
}

/** Makes a write through the API and checks that it left audit rows of its kind, by its author. */
async function audited(
  client: Client,
  method: string,
  path: string,
  body: unknown,
  expected: {
    status: number;
    entity: string;
    action: "create" | "update" | "delete";
    actor: string;
  },
) {
  const response = await client.json(method, path, body);
  expect(response.status, JSON.stringify(response.body)).toBe(expected.status);
  const events = await auditSince(lastSeq);
  lastSeq = events.at(-1)?.seq ?? lastSeq;
  expect(events.length).toBeGreaterThan(0);
  for (const event of events) {
    expect(event.entity).toBe(expected.entity);
    expect(event.action).toBe(expected.action);
    expect(event.actorName).toBe(expected.actor);
  }
  return { body: response.body, events };
}

async function firstSubject(): Promise<{ id: string; version: number }> {
  return (await investigator.json("GET", "/api/subjects?limit=1")).body.items[0];
}

describe.each(engines)("records through the API on %s", (engine) => {
  beforeAll(async () => {
    fixture = await openApiFixture(engine);
    investigator = await fixture.signIn("investigator.pisa");
    dataManager = await fixture.signIn("data-manager.pisa");
    monitor = await fixture.signIn("monitor.pisa");
    admin = await fixture.signIn("admin");
    lastSeq = (await auditSince(0)).at(-1)?.seq ?? 0;
  });
  afterAll(() => fixture.close());

  describe("every kind of write through the API leaves its audit rows", () => {
    const ids: Record<string, string> = {};

    it("creates, changes and deletes every clinical record", async () => {
      const as = "investigator.pisa";
      const subject = await audited(
        investigator,
        "POST",
        "/api/subjects",
        {
          studyId: fixture.demo.studyId,
          siteId: fixture.demo.siteIds.PI,
          pseudonym: "PI-100",
          arm: "treated",
          enrolmentDate: "2024-01-15",
        },
        { status: 201, entity: "subject", action: "create", actor: as },
      );
      ids.subject = subject.body.id;
      expect(subject.events).toHaveLength(1);
      expect(JSON.parse(subject.events[0].newValue!).pseudonym).toBe("PI-100");
      const subjectId = ids.subject;
      const creations: [string, string, Record<string, unknown>][] = [
        [
          "administration",
          "administrations",
          {
            subjectId,
            drug: "il-2",
            scheduledDate: "2024-02-19",
            givenAt: "2024-02-19T09:00:00Z",
            dose: 3,
            unit: "MIU",
            route: "sc",
            status: "given",
            cycle: 1,
            week: 5,
          },
        ],
        ["visit", "visits", { subjectId, visitDate: "2024-02-01", kind: "control" }],
        [
          "sample",
          "samples",
          { subjectId, drawnAt: "2024-02-19T08:00:00Z", relation: "pre", cycle: 1 },
        ],
        [
          "responseAssessment",
          "response-assessments",
          { subjectId, assessedOn: "2024-04-01", criteria: "RECIST1.1", overallResponse: "SD" },
        ],
        [
          "progression",
          "progressions",
          { subjectId, progressedOn: "2025-01-10", method: "imaging" },
        ],
        [
          "adverseEvent",
          "adverse-events",
          { subjectId, term: "Fever", grade: 1, onsetDate: "2024-02-20" },
        ],
        ["followUp", "follow-ups", { subjectId, contactDate: "2025-02-01", vitalStatus: "alive" }],
      ];
      for (const [entity, path, body] of creations) {
        ids[entity] = (
          await audited(investigator, "POST", `/api/${path}`, body, {
            status: 201,
            entity,
            action: "create",
            actor: as,
          })
        ).body.id;
      }
      ids.labResult = (
        await audited(
          investigator,
          "POST",
          "/api/lab-results",
          { sampleId: ids.sample, analyte: "CEA", value: 3.2, unit: "ng/mL" },
          { status: 201, entity: "labResult", action: "create", actor: as },
        )
      ).body.id;
      ids.lesion = (
        await audited(
          investigator,
          "POST",
          "/api/lesions",
          {
            assessmentId: ids.responseAssessment,
            kind: "target",
            location: "liver",
            diameterMm: 21,
          },
          { status: 201, entity: "lesion", action: "create", actor: as },
        )
      ).body.id;

      const assessment = await investigator.json(
        "GET",
        `/api/response-assessments/${ids.responseAssessment}`,
      );
      expect(
        assessment.body.lesions.map((lesion: { location: string }) => lesion.location),
      ).toEqual(["liver"]);

      const changes: [string, string, Record<string, unknown>][] = [
        ["subject", "subjects", { yearOfBirth: 1948 }],
        ["administration", "administrations", { route: "im" }],
        ["labResult", "lab-results", { value: 3.4 }],
        ["lesion", "lesions", { diameterMm: 19 }],
        ["adverseEvent", "adverse-events", { grade: 2 }],
      ];
      for (const [entity, path, change] of changes) {
        const { events } = await audited(
          investigator,
          "PATCH",
          `/api/${path}/${ids[entity]}`,
          { version: 1, reason: "transcription error", changes: change },
          { status: 200, entity, action: "update", actor: as },
        );
        const [field] = Object.keys(change);
        expect(events.map((event) => [event.field, event.newValue, event.reason])).toEqual([
          [field, JSON.stringify(change[field]), "transcription error"],
        ]);
      }
      for (const [entity, path] of [
        ["lesion", "lesions"],
        ["followUp", "follow-ups"],
        ["visit", "visits"],
      ]) {
        const version = entity === "lesion" ? 2 : 1;
        const { events } = await audited(
          investigator,
          "DELETE",
          `/api/${path}/${ids[entity]}`,
          { version, reason: "entered on the wrong subject" },
          { status: 200, entity, action: "delete", actor: as },
        );
        expect(events[0].newValue).toBeNull();
        expect(events[0].reason).toBe("entered on the wrong subject");
      }
    });

    it("audits the query workflow and signatures", async () => {
      const raised = await audited(
        monitor,
        "POST",
        "/api/queries",
        {
          entity: "labResult",
          recordId: ids.labResult,
          field: "value",
          text: "CEA value differs from the lab report",
        },
        { status: 201, entity: "query", action: "create", actor: "monitor.pisa" },
      );
      expect(raised.body.status).toBe("open");
      const answered = await audited(
        investigator,
        "POST",
        `/api/queries/${raised.body.id}/answer`,
        { version: 1, answer: "corrected to 3.4" },
        { status: 200, entity: "query", action: "update", actor: "investigator.pisa" },
      );
      expect(answered.body.status).toBe("answered");
      const closed = await audited(
        monitor,
        "POST",
        `/api/queries/${raised.body.id}/close`,
        { version: 2 },
        { status: 200, entity: "query", action: "update", actor: "monitor.pisa" },
      );
      expect(closed.body.status).toBe("closed");

      const signed = await audited(
        dataManager,
        "POST",
        "/api/signatures",
        {
          entity: "labResult",
          recordId: ids.labResult,
          meaning: "approval",
          password: "ciclo-demo",
        },
        { status: 201, entity: "signature", action: "create", actor: "data-manager.pisa" },
      );
      expect(signed.body.signerName).toBe("data-manager.pisa");
      // The signed record is locked.
      const locked = await investigator.json("PATCH", `/api/lab-results/${ids.labResult}`, {
        version: 2,
        reason: "again",
        changes: { value: 3.5 },
      });
      expect(locked.status).toBe(423);
      expect(locked.body.code).toBe("locked");
      await audited(
        dataManager,
        "DELETE",
        `/api/signatures/${signed.body.id}`,
        { version: 1, reason: "value to be corrected" },
        { status: 200, entity: "signature", action: "delete", actor: "data-manager.pisa" },
      );
      await audited(
        investigator,
        "PATCH",
        `/api/lab-results/${ids.labResult}`,
        { version: 2, reason: "again", changes: { value: 3.5 } },
        { status: 200, entity: "labResult", action: "update", actor: "investigator.pisa" },
      );
    });

    it("refuses a signature with a wrong password", async () => {
      const refused = await dataManager.json("POST", "/api/signatures", {
        entity: "subject",
        recordId: ids.subject,
        meaning: "review",
        password: "guess",
      });
      expect(refused).toEqual({
        status: 403,
        body: {
          code: "signature_refused",
          message: "the password is wrong; a signature needs your own current password",
          field: "password",
        },
      });
    });

    it("audits what the admin manages: sites, users, role assignments, protocol versions, the study", async () => {
      const as = "admin";
      const site = await audited(
        admin,
        "POST",
        "/api/sites",
        { studyId: fixture.demo.studyId, code: "AR", name: "Arezzo" },
        { status: 201, entity: "site", action: "create", actor: as },
      );
      await audited(
        admin,
        "PATCH",
        `/api/sites/${site.body.id}`,
        { version: 1, changes: { name: "Arezzo (San Donato)" } },
        { status: 200, entity: "site", action: "update", actor: as },
      );
      const user = await audited(
        admin,
        "POST",
        "/api/users",
        {
          username: "investigator.arezzo",
          displayName: "Dr Carla Bini",
          password: "long-enough-secret",
        },
        { status: 201, entity: "user", action: "create", actor: as },
      );
      expect(user.body).not.toHaveProperty("passwordHash");
      expect(user.events[0].newValue).toContain('"passwordHash":"(set)"');
      const { events } = await audited(
        admin,
        "PATCH",
        `/api/users/${user.body.id}`,
        { version: 1, changes: { password: "another-long-secret" } },
        { status: 200, entity: "user", action: "update", actor: as },
      );
      expect(events.map((event) => [event.field, event.oldValue, event.newValue])).toEqual([
        ["passwordHash", '"(changed)"', '"(changed)"'],
      ]);
      const role = await audited(
        admin,
        "POST",
        "/api/role-assignments",
        { userId: user.body.id, siteId: site.body.id, role: "investigator" },
        { status: 201, entity: "roleAssignment", action: "create", actor: as },
      );
      const trail = await admin.json(
        "GET",
        `/api/audit/trial?entity=user&recordId=${user.body.id}`,
      );
      expect(trail.body.map((event: AuditEvent) => [event.action, event.field])).toEqual([
        ["create", "*"],
        ["update", "passwordHash"],
      ]);
      expect(
        (await monitor.request("GET", `/api/audit/trial?entity=user&recordId=${user.body.id}`))
          .status,
      ).toBe(403);
      expect((await admin.json("GET", "/api/audit/trial?entity=visit&recordId=x")).body.field).toBe(
        "entity",
      );
      await audited(
        admin,
        "DELETE",
        `/api/role-assignments/${role.body.id}`,
        { version: 1 },
        { status: 200, entity: "roleAssignment", action: "delete", actor: as },
      );
      await audited(
        admin,
        "POST",
        "/api/protocol-versions",
        {
          studyId: fixture.demo.studyId,
          number: 2,
          effectiveDate: "2025-01-01",
          document: seedProtocol,
        },
        { status: 201, entity: "protocolVersion", action: "create", actor: as },
      );
      await audited(
        admin,
        "PATCH",
        `/api/studies/${fixture.demo.studyId}`,
        { version: 1, changes: { title: "Ciclo demo, amended" } },
        { status: 200, entity: "study", action: "update", actor: as },
      );
    });

    it("refuses a protocol version whose document is not a valid protocol, naming each problem", async () => {
      const response = await admin.json("POST", "/api/protocol-versions", {
        studyId: fixture.demo.studyId,
        number: 3,
        effectiveDate: "2025-06-01",
        document: { ...seedProtocol, arms: [] },
      });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe("invalid");
      expect(response.body.field).toMatch(/^document\.arms/);
      expect(await auditSince(lastSeq)).toEqual([]);
    });

    it("audits a CSV import with its reason", async () => {
      const csv =
        "site_code,pseudonym,arm,enrolment_date\nPI,PI-200,control,2024-03-01\nPI,PI-201,treated,2024-03-02\n";
      const response = await investigator.request(
        "POST",
        "/api/import/subjects?reason=monthly%20upload",
        csv,
        { "content-type": "text/csv" },
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ kind: "subjects", rows: 2, created: { subject: 2 } });
      const events = await auditSince(lastSeq);
      lastSeq = events.at(-1)!.seq;
      expect(
        events.map((event) => [event.entity, event.action, event.actorName, event.reason]),
      ).toEqual([
        ["subject", "create", "investigator.pisa", "monthly upload"],
        ["subject", "create", "investigator.pisa", "monthly upload"],
      ]);
    });

    it("serves the audit trail of a record, also after deletion, and of a subject", async () => {
      const trail = await investigator.json(
        "GET",
        `/api/audit?entity=labResult&recordId=${ids.labResult}`,
      );
      expect(trail.status).toBe(200);
      expect(trail.body.map((event: AuditEvent) => [event.action, event.field])).toEqual([
        ["create", "*"],
        ["update", "value"],
        ["update", "value"],
      ]);
      const deleted = await monitor.json("GET", `/api/audit?entity=visit&recordId=${ids.visit}`);
      expect(deleted.body.map((event: AuditEvent) => event.action)).toEqual(["create", "delete"]);
      const all = await monitor.json("GET", `/api/subjects/${ids.subject}/audit`);
      expect(all.body.length).toBeGreaterThanOrEqual(20);
      expect(new Set(all.body.map((event: AuditEvent) => event.subjectId))).toEqual(
        new Set([ids.subject]),
      );
    });
  });

  describe("a stale write", () => {
    it("answers 409 and writes nothing", async () => {
      const created = await investigator.json("POST", "/api/adverse-events", {
        subjectId: (await firstSubject()).id,
        term: "Fatigue",
        grade: 1,
        onsetDate: "2024-03-05",
      });
      const id = created.body.id;
      const first = await investigator.json("PATCH", `/api/adverse-events/${id}`, {
        version: 1,
        reason: "worse",
        changes: { grade: 2 },
      });
      expect(first.body.version).toBe(2);
      const before = await auditSince(0);
      const stale = await investigator.json("PATCH", `/api/adverse-events/${id}`, {
        version: 1,
        reason: "my edit",
        changes: { grade: 3 },
      });
      expect(stale.status).toBe(409);
      expect(stale.body).toEqual({
        code: "stale_version",
        field: "version",
        message:
          "this adverseEvent was changed by someone else (now version 2, you sent 1); reload it and apply your change again",
      });
      const now = await investigator.json("GET", `/api/adverse-events/${id}`);
      expect([now.body.grade, now.body.version]).toEqual([2, 2]);
      expect(await auditSince(0)).toHaveLength(before.length);
      const staleDelete = await investigator.json("DELETE", `/api/adverse-events/${id}`, {
        version: 1,
        reason: "duplicate",
      });
      expect(staleDelete.status).toBe(409);
      expect((await investigator.json("GET", `/api/adverse-events/${id}`)).status).toBe(200);
    });

    it("needs a reason to change clinical data", async () => {
      const subject = await firstSubject();
      const response = await investigator.json("PATCH", `/api/subjects/${subject.id}`, {
        version: subject.version,
        changes: { yearOfBirth: 1951 },
      });
      expect(response.status).toBe(400);
      expect(response.body.field).toBe("reason");
    });
  });

  describe("a bad CSV", () => {
    it("answers 422 listing every bad row and leaves the database unchanged", async () => {
      const subjectsBefore = (await investigator.json("GET", "/api/subjects")).body.items.length;
      const auditBefore = (await auditSince(0)).length;
      const csv = [
        "pseudonym,drawn_at,relation,analyte,value,unit",
        "PI-200,2024-03-10T08:00:00Z,pre,CEA,4.1,ng/mL",
        "PI-999,2024-03-10T08:00:00Z,pre,CEA,4.1,ng/mL",
        "PI-200,2024-03-10T08:00:00Z,pre,CEA,3.9,mg/dl",
        "PI-201,2023-01-01T08:00:00Z,pre,CA15-3,20,U/mL",
        "PI-201,2024-03-11T08:00:00Z,post,NOPE,1,U/mL",
      ].join("\n");
      const response = await investigator.request("POST", "/api/import/lab-results", csv, {
        "content-type": "text/csv",
      });
      expect(response.status).toBe(422);
      const body = await response.json();
      expect(body.code).toBe("import_rejected");
      const badRows = [...new Set(body.problems.map((problem: { row: number }) => problem.row))];
      expect(badRows).toEqual([3, 4, 5, 6]);
      for (const problem of body.problems) expect(problem.message.length).toBeGreaterThan(10);
      expect((await investigator.json("GET", "/api/subjects")).body.items.length).toBe(
        subjectsBefore,
      );
      expect(
        (await investigator.json("GET", "/api/lab-results?limit=1000")).body.items.every(
          (result: { analyte: string; value: number }) => result.value !== 4.1,
        ),
      ).toBe(true);
      expect((await auditSince(0)).length).toBe(auditBefore);
    });

    it("refuses rows of a site where the user may not write", async () => {
      const csv = "site_code,pseudonym,arm,enrolment_date\nSI,SI-300,control,2024-03-01\n";
      const response = await investigator.request("POST", "/api/import/subjects", csv, {
        "content-type": "text/csv",
      });
      expect(response.status).toBe(422);
      expect((await response.json()).problems[0].row).toBe(2);
    });

    it("exports what it imports, with a column dictionary", async () => {
      const exported = await investigator.request("GET", "/api/export/subjects");
      expect(exported.headers.get("content-type")).toContain("text/csv");
      const lines = (await exported.text()).trim().split("\n");
      expect(lines[0].split(",").slice(0, 3)).toEqual(["site_code", "pseudonym", "arm"]);
      expect(lines.some((line) => line.startsWith("PI,PI-200,control"))).toBe(true);
      const dictionary = await (
        await monitor.request("GET", "/api/export/lab-results/dictionary")
      ).text();
      expect(dictionary.split("\n")[0]).toBe("column,type,required,unit_or_values,meaning");
    });
  });

  describe("the API document", () => {
    it("is OpenAPI 3.1 with at least 20 paths", async () => {
      const response = await fixture.app.request("/api/openapi.json");
      const document = await response.json();
      expect(document.openapi).toBe("3.1.0");
      expect(Object.keys(document.paths).length).toBeGreaterThanOrEqual(20);
      expect(document.servers).toEqual([{ url: "/api" }]);
      expect(document.paths["/subjects/{id}"].patch.responses["409"].description).toContain(
        "stale",
      );
    });

    it("has a reference page served without the internet", async () => {
      const page = await fixture.app.request("/api/docs");
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('src="/api/docs/swagger-ui-bundle.js"');
      const bundle = await fixture.app.request("/api/docs/swagger-ui-bundle.js");
      expect(bundle.status).toBe(200);
      expect(bundle.headers.get("content-type")).toContain("javascript");
    });

    it("logged no bug", () => {
      expect(fixture.bugs).toEqual([]);
    });
  });
});
