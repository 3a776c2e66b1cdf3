import { systemActor } from "@ciclo/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, openApiFixture } from "../../test/api-fixture";

// Six subjects at Pisa and Siena, timed from hormone-therapy start on 2024-01-01.
const plan: [string, string, string, number | null, number, boolean][] = [
  // pseudonym, arm, site, progression day, last contact day, dead
  ["PI-001", "treated", "PI", 900, 2000, true],
  ["PI-002", "treated", "PI", 1100, 1900, false],
  ["SI-001", "treated", "SI", 600, 1500, true],
  ["PI-003", "control", "PI", 200, 800, true],
  ["SI-002", "control", "SI", 450, 1200, true],
  ["SI-003", "control", "SI", 300, 1000, false],
];

function day(offset: number): string {
  return new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
}

describe("report routes", () => {
  let fixture: ApiFixture;
  beforeAll(async () => {
    fixture = await openApiFixture();
    await fixture.store.transaction(systemActor, async (tx) => {
      for (const [pseudonym, arm, site, progression, last, dead] of plan) {
        const subject = await tx.records.create("subject", {
          studyId: fixture.demo.studyId,
          siteId: fixture.demo.siteIds[site],
          pseudonym,
          arm,
          enrolmentDate: day(0),
          hormoneTherapyStart: day(0),
          firstIfnDate: arm === "treated" ? day(200) : null,
          dfiMonths: 24,
        });
        if (!subject.ok) throw new Error(subject.problem.message);
        const subjectId = subject.value.id;
        if (progression !== null)
          await tx.records.create("progression", {
            subjectId,
            progressedOn: day(progression),
            method: "imaging",
          });
        await tx.records.create("followUp", {
          subjectId,
          contactDate: day(last),
          vitalStatus: dead ? "dead" : "alive",
          deathDate: dead ? day(last) : null,
        });
      }
    });
  });
  afterAll(() => fixture.close());

  it("gives the statistician every number as JSON, over all sites", async () => {
    const statistician = await fixture.signIn("statistician");
    const { status, body } = await statistician.json("GET", "/api/analyses");
    expect(status).toBe(200);
    expect(body.subjects).toBe(6);
    expect(body.pfs.curves.map((c: { arm: string; n: number }) => [c.arm, c.n])).toEqual([
      ["control", 3],
      ["treated", 3],
    ]);
    expect(body.dataSnapshot).toMatch(/^[0-9a-f]{64}$/);
    expect(body.warnings[0]).toMatch(/^immortal-time bias/);
  });

  it("serves the same self-contained HTML report twice, byte for byte", async () => {
    const statistician = await fixture.signIn("statistician");
    const first = await statistician.request("GET", "/api/report.html");
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await first.text();
    expect(html).toContain('<figure class="km">');
    expect(html).not.toMatch(/<script|<link/);
    const second = await statistician.request("GET", "/api/report.html");
    expect(await second.text()).toBe(html);
  });

  it("limits a data manager's report to her site", async () => {
    const dataManager = await fixture.signIn("data-manager.pisa");
    const { status, body } = await dataManager.json("GET", "/api/analyses");
    expect(status).toBe(200);
    expect(body.subjects).toBe(3);
  });

  it("refuses a monitor and the admin, and asks for a known reference arm", async () => {
    expect((await (await fixture.signIn("monitor.pisa")).json("GET", "/api/analyses")).status).toBe(
      403,
    );
    expect((await (await fixture.signIn("admin")).json("GET", "/api/report.html")).status).toBe(
      403,
    );
    const statistician = await fixture.signIn("statistician");
    const wrong = await statistician.json("GET", "/api/analyses?referenceArm=cases");
    expect(wrong).toEqual({
      status: 400,
      body: {
        code: "invalid",
        message: "referenceArm 'cases' is not an arm of the protocol; use one of treated, control",
        field: "referenceArm",
      },
    });
    expect(fixture.bugs).toEqual([]);
  });

  it("flips the hazard ratio with the reference arm", async () => {
    const statistician = await fixture.signIn("statistician");
    const { body } = await statistician.json(
      "GET",
      "/api/analyses?referenceArm=control&landmark=12",
    );
    expect(body.pfs.hazardRatios[0].term).toBe("treated vs control");
    expect(body.methods.landmarkMonths).toBe(12);
  });
});
