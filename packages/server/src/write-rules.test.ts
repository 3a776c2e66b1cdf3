import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, type Client, engines, openApiFixture } from "../test/api-fixture";

/** Rules every path that writes follows alike: the API, the CSV import and the signatures. */
describe.each(engines)("write rules on %s", (engine) => {
  let fixture: ApiFixture;
  let investigator: Client;
  let dataManager: Client;
  const ids = {} as Record<string, string>;

  beforeAll(async () => {
    fixture = await openApiFixture(engine);
    investigator = await fixture.signIn("investigator.pisa");
    dataManager = await fixture.signIn("data-manager.pisa");
    ids.locked = await created(investigator, "subjects", subject("PI-201"));
    ids.signature = await created(dataManager, "signatures", {
      entity: "subject",
      recordId: ids.locked,
      meaning: "lock",
      password: "ciclo-demo",
    });
  });
  afterAll(() => fixture.close());

  describe("a signature lock holds for the CSV import as for the API", () => {
    it.each([
      ["visits", "pseudonym,visit_date,kind\nPI-201,2024-03-05,control\n"],
      [
        "lab-results",
        "pseudonym,drawn_at,relation,analyte,value,unit\nPI-201,2024-03-01T08:00:00Z,pre,CEA,4.1,ng/mL\n",
      ],
    ])("refuses the whole %s file with the row of the locked subject", async (kind, csv) => {
      const api = await investigator.json("POST", "/api/visits", {
        subjectId: ids.locked,
        visitDate: "2024-03-05",
        kind: "control",
      });
      expect(api.status).toBe(423);
      const response = await investigator.request("POST", `/api/import/${kind}`, csv, {
        "content-type": "text/csv",
      });
      expect(response.status).toBe(422);
      const answer = await response.json();
      expect(answer.problems).toEqual([
        {
          row: 2,
          field: "pseudonym",
          message: expect.stringMatching(/^subject 'PI-201' is locked by the signature of/),
        },
      ]);
      const stored = await investigator.json("GET", `/api/visits?subjectId=${ids.locked}`);
      expect(stored.body.items).toEqual([]);
    });
  });

  describe("signatures", () => {
    it("are removed only with a reason, which the audit trail keeps", async () => {
      const signature = await created(dataManager, "signatures", {
        entity: "subject",
        recordId: await created(investigator, "subjects", subject("PI-202")),
        meaning: "review",
        password: "ciclo-demo",
      });
      for (const body of [{ version: 1 }, { version: 1, reason: "  " }]) {
        const refused = await dataManager.json("DELETE", `/api/signatures/${signature}`, body);
        expect(refused.status).toBe(400);
        expect(refused.body.field).toBe("reason");
      }
      expect((await dataManager.json("GET", `/api/signatures/${signature}`)).status).toBe(200);
      const removed = await dataManager.json("DELETE", `/api/signatures/${signature}`, {
        version: 1,
        reason: "signed before the query on the dose was closed",
      });
      expect(removed.status).toBe(200);
      const audit = await dataManager.json(
        "GET",
        `/api/audit?entity=signature&recordId=${signature}`,
      );
      expect(
        audit.body.find((entry: { action: string }) => entry.action === "delete"),
      ).toMatchObject({ reason: "signed before the query on the dose was closed" });
    });

    it.each(["signature", "query"])("cannot be placed on a %s", async (entity) => {
      const query = await created(dataManager, "queries", {
        entity: "subject",
        recordId: ids.locked,
        text: "please check the year of birth",
      });
      const target = entity === "signature" ? ids.signature : query;
      const refused = await dataManager.json("POST", "/api/signatures", {
        entity,
        recordId: target,
        meaning: "review",
        password: "ciclo-demo",
      });
      expect(refused.status).toBe(400);
      expect(refused.body.field).toBe("entity");
    });
  });

  describe("coded values are the protocol's", () => {
    it("refuses an arm the protocol does not define, on enrolment and on a change", async () => {
      const enrolled = await investigator.json(
        "POST",
        "/api/subjects",
        subject("PI-203", "no-such-arm"),
      );
      expect(enrolled.status).toBe(400);
      expect(enrolled.body.field).toBe("arm");
      expect(enrolled.body.message).toContain("treated, control");
      const id = await created(investigator, "subjects", subject("PI-204"));
      const changed = await investigator.json("PATCH", `/api/subjects/${id}`, {
        version: 1,
        reason: "arm typo",
        changes: { arm: "no-such-arm" },
      });
      expect(changed.status).toBe(400);
      expect(changed.body.field).toBe("arm");
    });

    it("refuses an anti-estrogen agent the protocol does not list", async () => {
      const enrolled = await investigator.json("POST", "/api/subjects", {
        ...subject("PI-205"),
        hormoneTherapyAgent: "aspirin",
      });
      expect(enrolled.status).toBe(400);
      expect(enrolled.body.field).toBe("hormoneTherapyAgent");
    });

    it("refuses an unknown arm in a subjects file", async () => {
      const csv =
        "site_code,pseudonym,arm,hormone_therapy_agent,enrolment_date\nPI,PI-206,no-such-arm,aspirin,2024-02-01\n";
      const response = await investigator.request("POST", "/api/import/subjects", csv, {
        "content-type": "text/csv",
      });
      expect(response.status).toBe(422);
      const answer = await response.json();
      expect(answer.problems).toEqual([
        { row: 2, field: "arm", message: expect.stringContaining("use one of treated, control") },
        { row: 2, field: "hormone_therapy_agent", message: expect.stringContaining("tamoxifen") },
      ]);
    });
  });

  describe("role assignments", () => {
    it("refuses a site role without a site, through the users and the assignments", async () => {
      const admin = await fixture.signIn("admin");
      const user = await admin.json("POST", "/api/users", {
        username: "monitor.nowhere",
        displayName: "Monitor without a site",
        password: "ciclo-demo",
        roles: [{ role: "monitor", siteId: null }],
      });
      expect(user.status).toBe(400);
      expect(user.body.field).toBe("siteId");
      const userId = fixture.demo.userIds["monitor.pisa"];
      const assignment = await admin.json("POST", "/api/role-assignments", {
        userId,
        role: "investigator",
      });
      expect(assignment.status).toBe(400);
      expect(assignment.body.field).toBe("siteId");
      const statistician = await admin.json("POST", "/api/role-assignments", {
        userId,
        role: "statistician",
        siteId: null,
      });
      expect(statistician.status).toBe(201);
    });
  });

  it("logged no bug", () => {
    expect(fixture.bugs).toEqual([]);
  });

  function subject(pseudonym: string, arm = "treated") {
    return {
      studyId: fixture.demo.studyId,
      siteId: fixture.demo.siteIds.PI,
      pseudonym,
      arm,
      enrolmentDate: "2024-02-01",
    };
  }
});

async function created(client: Client, path: string, body: object): Promise<string> {
  const answer = await client.json("POST", `/api/${path}`, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.id;
}
