import {
  type EntityName,
  entities,
  entityNames,
  identifyingFields,
  importKinds,
} from "@ciclo/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, type Client, engines, openApiFixture } from "../test/api-fixture";
import { inputSchema, textFields } from "../test/endpoint-fields";
import { recordResources } from "./routes/record-routes";

// A patient's name and phone number, written where a site should never write them.
const patient = "Maria Rossi 333 1234567";

const pathOf = (entity: EntityName) => {
  const resource = recordResources.find((each) => each.entity === entity);
  if (!resource) throw new Error(`no resource serves ${entity}`);
  return `/api/${resource.path}`;
};

describe("the registry's free text", () => {
  it("leaves visible to a statistician only the coded texts an analysis reads", () => {
    // A new text field of subject data lands here until it is declared `freeText` in the
    // registry or recognized as a code that analyses read.
    const visible = Object.fromEntries(
      entityNames
        .filter((entity) => entities[entity].scope !== "study")
        .map((entity) => [
          entity,
          textFields(inputSchema(entities[entity].input))
            .filter((field) => !field.coded && field.pattern === undefined)
            .map((field) => field.path.join("."))
            .filter(
              (field) => !/(Id|At)$/.test(field) && !identifyingFields(entity).includes(field),
            ),
        ]),
    );
    expect(visible).toEqual({
      subject: ["pseudonym", "arm", "hormoneTherapyAgent"],
      administration: ["unit"],
      visit: ["kind"],
      sample: [],
      labResult: ["analyte", "code", "unit", "assay", "gating"],
      responseAssessment: ["method"],
      lesion: ["location"],
      progression: [],
      adverseEvent: ["term"],
      followUp: [],
      query: ["entity", "field"],
      signature: ["entity"],
    });
  });
});

describe.each(engines)("a statistician reads no free text, on %s", (engine) => {
  let fixture: ApiFixture;
  let investigator: Client;
  let monitor: Client;
  let statistician: Client;
  let subjectId: string;
  /** One record of every entity with identifying fields, each such field holding `patient`. */
  const written = new Map<EntityName, string>();

  /** Valid records of each entity, with `text` in the free-text fields the registry declares. */
  const recordsWith: Partial<Record<EntityName, (text: string) => Promise<string>>> = {
    visit: (text) =>
      create(investigator, "visit", {
        subjectId,
        visitDate: "2024-03-01",
        kind: "control",
        notes: text,
      }),
    administration: (text) =>
      create(investigator, "administration", {
        subjectId,
        drug: "il-2",
        scheduledDate: "2024-03-04",
        status: "skipped",
        reason: text,
      }),
    labResult: async (text) => {
      const sampleId = await create(investigator, "sample", {
        subjectId,
        drawnAt: "2024-03-04T08:00:00Z",
        relation: "pre",
      });
      return create(investigator, "labResult", {
        sampleId,
        analyte: "CEA",
        unit: "ng/mL",
        value: null,
        missingReason: text,
      });
    },
    progression: (text) =>
      create(investigator, "progression", {
        subjectId,
        progressedOn: "2024-09-01",
        method: "imaging",
        notes: text,
      }),
    followUp: (text) =>
      create(investigator, "followUp", {
        subjectId,
        contactDate: "2024-10-01",
        vitalStatus: "dead",
        deathDate: "2024-09-30",
        deathCause: text,
      }),
    query: async (text) => {
      const id = await create(monitor, "query", { entity: "subject", recordId: subjectId, text });
      const answered = await investigator.json("POST", `/api/queries/${id}/answer`, {
        version: 1,
        answer: text,
      });
      expect(answered.status, JSON.stringify(answered.body)).toBe(200);
      return id;
    },
    signature: async () => {
      const signed = await investigator.json("POST", "/api/signatures", {
        entity: "subject",
        recordId: subjectId,
        meaning: "author",
        password: "ciclo-demo",
      });
      expect(signed.status, JSON.stringify(signed.body)).toBe(201);
      return signed.body.id;
    },
  };

  async function create(client: Client, entity: EntityName, body: object): Promise<string> {
    const created = await client.json("POST", pathOf(entity), body);
    expect(created.status, `${entity}: ${JSON.stringify(created.body)}`).toBe(201);
    return created.body.id;
  }

  beforeAll(async () => {
    fixture = await openApiFixture(engine);
    investigator = await fixture.signIn("investigator.pisa");
    monitor = await fixture.signIn("monitor.pisa");
    statistician = await fixture.signIn("statistician");
    subjectId = await create(investigator, "subject", {
      studyId: fixture.demo.studyId,
      siteId: fixture.demo.siteIds.PI,
      pseudonym: "PI-001",
      arm: "treated",
      enrolmentDate: "2024-02-01",
    });
    // The signature locks the subject, so it comes last.
    const order = entityNames.filter((entity) => identifyingFields(entity).length > 0);
    order.sort((a, b) => Number(a === "signature") - Number(b === "signature"));
    for (const entity of order) {
      const write = recordsWith[entity];
      if (!write) throw new Error(`add a record of ${entity} to this test: it has free text`);
      written.set(entity, await write(patient));
    }
  });
  afterAll(() => fixture.close());

  it("the registry declares the free text of lab results, visits, queries and the rest", () => {
    expect(identifyingFields("labResult")).toContain("missingReason");
    expect(identifyingFields("visit")).toContain("notes");
    expect(identifyingFields("query")).toEqual(expect.arrayContaining(["text", "answer"]));
    expect(identifyingFields("signature")).toContain("signerName");
    expect(identifyingFields("subject")).toEqual([]);
  });

  it("the missing reason of a lab result never reaches the statistician", async () => {
    const id = written.get("labResult");
    const seen = await statistician.json("GET", `/api/lab-results/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.missingReason).toBeNull();
    expect(seen.body.analyte).toBe("CEA");
    const exported = await statistician.request("GET", "/api/export/lab-results");
    expect(exported.status).toBe(200);
    const csv = await exported.text();
    expect(csv).toContain("PI-001");
    expect(csv).not.toContain("Rossi");
  });

  it("every identifying field of every entity is null for her, in one record and in lists", async () => {
    for (const [entity, id] of written) {
      const own = await investigator.json("GET", `${pathOf(entity)}/${id}`);
      const seen = await statistician.json("GET", `${pathOf(entity)}/${id}`);
      const listed = await statistician.json("GET", `${pathOf(entity)}?subjectId=${subjectId}`);
      expect(seen.status).toBe(200);
      for (const field of identifyingFields(entity)) {
        expect(own.body[field], `${entity}.${field} as written`).not.toBeNull();
        expect(seen.body[field], `${entity}.${field}`).toBeNull();
      }
      expect(JSON.stringify(seen.body)).not.toContain("Rossi");
      expect(JSON.stringify(listed.body)).not.toContain("Rossi");
      expect(listed.body.items.length).toBeGreaterThan(0);
    }
  });

  it("no CSV export carries the name to her, while the site's export does", async () => {
    let siteSees = 0;
    for (const kind of importKinds) {
      const seen = await statistician.request("GET", `/api/export/${kind}`);
      expect(seen.status).toBe(200);
      expect(await seen.text(), kind).not.toContain("Rossi");
      const own = await investigator.request("GET", `/api/export/${kind}`);
      if ((await own.text()).includes("Rossi")) siteSees += 1;
    }
    expect(siteSees).toBeGreaterThanOrEqual(5);
  });

  it("logged no bug", () => {
    expect(fixture.bugs).toEqual([]);
  });
});
