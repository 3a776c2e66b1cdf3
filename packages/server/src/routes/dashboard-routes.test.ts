import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, type Client, openApiFixture } from "../../test/api-fixture";

let fixture: ApiFixture;
let pisa: Client;
let siena: Client;
let subjectId: string;

// The fixture's clock stands at 2025-03-03T09:00Z (a Monday).
beforeAll(async () => {
  fixture = await openApiFixture();
  pisa = await fixture.signIn("investigator.pisa");
  siena = await fixture.signIn("investigator.siena");
  const subject = await pisa.json("POST", "/api/subjects", {
    studyId: fixture.demo.studyId,
    siteId: fixture.demo.siteIds.PI,
    pseudonym: "PI-001",
    arm: "treated",
    enrolmentDate: "2025-01-06",
    firstIfnDate: "2025-01-06",
    clinicalBenefitDate: "2024-12-20",
  });
  subjectId = subject.body.id;
  const dose = await pisa.json("POST", "/api/administrations", {
    subjectId,
    drug: "il-2",
    givenAt: "2025-02-03T08:00:00Z",
    dose: 3_000_000,
    unit: "IU",
    route: "sc",
    status: "given",
    cycle: 1,
    week: 5,
  });
  expect(dose.status).toBe(201);
  const sample = await pisa.json("POST", "/api/samples", {
    subjectId,
    drawnAt: "2025-02-04T09:00:00Z",
    relation: "post",
    cycle: 1,
  });
  const result = await pisa.json("POST", "/api/lab-results", {
    sampleId: sample.body.id,
    analyte: "CEA",
    value: 9,
    unit: "ng/mL",
  });
  expect(result.status, JSON.stringify(result.body)).toBe(201);
});
afterAll(() => fixture.close());

describe("GET /api/dashboard", () => {
  it("counts enrolment by site and arm and subjects in clinical benefit", async () => {
    const { status, body } = await pisa.json("GET", "/api/dashboard");
    expect(status).toBe(200);
    expect(body.today).toBe("2025-03-03");
    expect(body.enrolment).toEqual([
      { siteId: fixture.demo.siteIds.PI, arm: "treated", subjects: 1 },
    ]);
    expect(body.subjectsInClinicalBenefit).toBe(1);
    expect(body.sites.map((site: { code: string }) => site.code)).toEqual(["PI"]);
    expect(body.sites[0].actions).toContain("write");
  });

  it("shows a post-IL-2 CEA above the cut-off as an alert", async () => {
    const { body } = await pisa.json("GET", "/api/dashboard");
    expect(body.alerts).toHaveLength(1);
    expect(body.alerts[0]).toMatchObject({
      kind: "postIl2Rise",
      pseudonym: "PI-001",
      analyte: "CEA",
      // 9 ng/mL ÷ the seed protocol's cut-off 5 ng/mL = 1.80
      message: "CEA 9 ng/mL after IL-2 is 1.80× its cut-off 5 ng/mL",
    });
  });

  it("lists nothing due on a rest-phase day and the unrecorded IL-2 doses as overdue", async () => {
    const { body } = await pisa.json("GET", "/api/dashboard");
    // 2025-03-03 is day 56 from 2025-01-06: cycle 1 week 9, the rest phase; nothing is given.
    expect(body.dueToday.filter((row: { kind: string }) => row.kind === "administration")).toEqual(
      [],
    );
    // IFN-β of weeks 1–4 and IL-2 of weeks 5–8 were not recorded; those of the last 28 days are overdue.
    expect(body.overdue.some((row: { what: string }) => row.what.startsWith("il-2"))).toBe(true);
  });

  it("shows another site nothing of Pisa", async () => {
    const { body } = await siena.json("GET", "/api/dashboard");
    expect(body.enrolment).toEqual([]);
    expect(body.alerts).toEqual([]);
    expect(body.sites.map((site: { code: string }) => site.code)).toEqual(["SI"]);
  });
});

describe("GET /api/dashboard for a subject treated for two years", () => {
  it("labels the overdue doses with their cycle counted from the first IFN-β dose", async () => {
    const firenze = await fixture.signIn("investigator.firenze");
    const subject = await firenze.json("POST", "/api/subjects", {
      studyId: fixture.demo.studyId,
      siteId: fixture.demo.siteIds.FI,
      pseudonym: "FI-001",
      arm: "treated",
      enrolmentDate: "2023-01-02",
      firstIfnDate: "2023-01-02",
    });
    expect(subject.status).toBe(201);
    const { body } = await firenze.json("GET", "/api/dashboard");
    // 2023-01-02 (a Monday) to 2025-03-03 is 791 days: cycle 12 began on day 770, 2025-02-10.
    // IFN-β Mon/Wed/Fri of weeks 1–3 before today: 9 doses, none recorded.
    const ifn = body.overdue.filter((row: { what: string }) => row.what.startsWith("ifn-beta"));
    expect(ifn).toHaveLength(9);
    expect(ifn[0]).toMatchObject({
      pseudonym: "FI-001",
      what: "ifn-beta 3000000 IU, cycle 12 week 1",
      date: "2025-02-10",
    });
    expect(ifn[8]).toMatchObject({
      what: "ifn-beta 3000000 IU, cycle 12 week 3",
      date: "2025-02-28",
    });
  });
});

describe("GET /api/dashboard for subjects on and off study", () => {
  it("counts every subject by arm but alerts and counts clinical benefit only for those on study", async () => {
    const dataManager = await fixture.signIn("data-manager.siena");
    const enrol = async (pseudonym: string, status: string) => {
      const subject = await siena.json("POST", "/api/subjects", {
        studyId: fixture.demo.studyId,
        siteId: fixture.demo.siteIds.SI,
        pseudonym,
        arm: "treated",
        enrolmentDate: "2025-01-06",
        firstIfnDate: "2025-01-06",
        clinicalBenefitDate: "2024-12-20",
        status,
      });
      expect(subject.status, JSON.stringify(subject.body)).toBe(201);
      return subject.body.id as string;
    };
    const onStudy = await enrol("SI-001", "active");
    const progressed = await enrol("SI-002", "progressed");
    // The progressed subject's post-IL-2 CEA of 9 is above the cut-off, but she is off study.
    const sample = await siena.json("POST", "/api/samples", {
      subjectId: progressed,
      drawnAt: "2025-02-04T09:00:00Z",
      relation: "post",
      cycle: 1,
      // No IL-2 dose is recorded before it: the edit checks ask why it is a post-IL-2 draw.
      confirmationReason: "IL-2 given the day before, recorded at the other hospital",
    });
    expect(sample.status, JSON.stringify(sample.body)).toBe(201);
    const result = await siena.json("POST", "/api/lab-results", {
      sampleId: sample.body.id,
      analyte: "CEA",
      value: 9,
      unit: "ng/mL",
    });
    expect(result.status).toBe(201);
    for (const [recordId, text] of [
      [onStudy, "year of birth?"],
      [progressed, "menopausal status?"],
    ]) {
      const raised = await dataManager.json("POST", "/api/queries", {
        entity: "subject",
        recordId,
        field: "yearOfBirth",
        text,
      });
      expect(raised.status, JSON.stringify(raised.body)).toBe(201);
      if (text === "menopausal status?") {
        const closed = await dataManager.json("POST", `/api/queries/${raised.body.id}/close`, {
          version: raised.body.version,
        });
        expect(closed.status, JSON.stringify(closed.body)).toBe(200);
      }
    }
    const { body } = await siena.json("GET", "/api/dashboard");
    expect(body.enrolment).toEqual([
      { siteId: fixture.demo.siteIds.SI, arm: "treated", subjects: 2 },
    ]);
    expect(body.subjects).toBe(2);
    expect(body.subjectsInClinicalBenefit).toBe(1);
    expect(body.openQueries).toBe(1);
    expect(body.alerts).toEqual([]);
    // Pisa's open queries are not Siena's, and Siena's are not Pisa's.
    expect((await pisa.json("GET", "/api/dashboard")).body.openQueries).toBe(0);
  });
});
