import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { openStore, seedTestStudy, systemActor } from "@ciclo/store";
import { seedProtocol } from "@ciclo/trial";
import { beforeAll, describe, expect, it } from "vitest";

const main = resolve(import.meta.dirname, "../../../../bin/main.ts");
const ciclo = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", main, ...args], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "" },
  });

// pseudonym, arm, progression day, last contact day, dead — from hormone therapy on 2024-01-01.
const plan: [string, string, number, number, boolean][] = [
  ["PI-001", "treated", 900, 2000, true],
  ["PI-002", "treated", 1100, 1900, false],
  ["PI-003", "control", 200, 800, true],
  ["PI-004", "control", 450, 1200, true],
];
const day = (offset: number) =>
  new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);

describe("ciclo analyze", () => {
  const dir = mkdtempSync(join(tmpdir(), "ciclo-analyze-"));
  const dataDir = join(dir, "data");
  beforeAll(async () => {
    const store = await openStore({ dataDir });
    await store.transaction(systemActor, async (tx) => {
      const { studyId, siteIds } = await seedTestStudy(tx, { protocol: seedProtocol });
      for (const [pseudonym, arm, progression, last, dead] of plan) {
        const subject = await tx.records.create("subject", {
          studyId,
          siteId: siteIds.PI,
          pseudonym,
          arm,
          enrolmentDate: day(0),
          hormoneTherapyStart: day(0),
        });
        if (!subject.ok) throw new Error(subject.problem.message);
        const subjectId = subject.value.id;
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
    await store.close();
  });

  it("writes the report, prints its numbers as JSON, and gives the same bytes on a rerun", () => {
    const out = join(dir, "report.html");
    const run = ciclo("analyze", "--out", out, "--json", "--data-dir", dataDir);
    expect(run.status).toBe(0);
    const analyses = JSON.parse(run.stdout);
    // Control PFS ends on days 200 and 450: S = 0.5 from day 200 to 450, so the median is their
    // midpoint (R's rule), 325 days = 10.68 months of 365.25/12 days.
    expect(analyses.pfs.curves[0].arm).toBe("control");
    expect(analyses.pfs.curves[0].median).toBeCloseTo(325 / (365.25 / 12), 9);
    expect(run.stderr).toMatch(/^wrote .*report\.html: 4 subjects, data snapshot [0-9a-f]{12}…/);
    const html = readFileSync(out, "utf8");
    expect(html).toContain("Data snapshot (SHA-256 of the records used)");
    const again = join(dir, "again.html");
    expect(ciclo("analyze", "--out", again, "--data-dir", dataDir).status).toBe(0);
    expect(readFileSync(again, "utf8")).toBe(html);
  });

  it("names the arms when the reference arm is unknown", () => {
    const run = ciclo("analyze", "--json", "--reference-arm", "cases", "--data-dir", dataDir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      "--reference-arm 'cases' is not an arm of the protocol; use one of treated, control",
    );
  });
});
