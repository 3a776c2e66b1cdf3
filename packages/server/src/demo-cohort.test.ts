import { seededRandom, simulateCohort } from "@ciclo/sim";
import { cohortCsv, importCsv, openTestStore, seedTestStudy, systemActor } from "@ciclo/store";
import { seedProtocol } from "@ciclo/trial";
import { describe, expect, it } from "vitest";
import { importDemoCohort } from "./demo-cohort";
import { seedDemoStudy } from "./demo-study";

const cheap = { N: 2 ** 4, r: 1, p: 1 };

describe("demo cohort through the CSV import", () => {
  it("imports every simulated record into the demo study with no problem", async () => {
    const store = await openTestStore();
    try {
      const demo = await seedDemoStudy(store, { protocol: seedProtocol, passwordCost: cheap });
      const spec = {
        protocol: seedProtocol,
        studyId: demo.studyId,
        siteCodes: ["PI", "FI", "SI"],
        treated: 1,
        controls: 1,
        seed: 5,
      };
      const cohort = simulateCohort(
        seedProtocol,
        { treated: 1, controls: 1, sites: spec.siteCodes },
        seededRandom(5),
      );
      const imported = await importDemoCohort(store, spec);
      if (!imported.ok) throw new Error(JSON.stringify(imported.problem).slice(0, 2000));
      const rows = Object.fromEntries(imported.value.map((count) => [count.kind, count.rows]));
      expect(rows).toEqual({
        subjects: 2,
        administrations: cohort.administrations.length,
        visits: cohort.visits.length,
        "lab-results": cohort.labResults.length,
        progressions: cohort.progressions.length,
        "response-assessments": cohort.responseAssessments.length,
        lesions: cohort.responseAssessments.reduce((n, a) => n + (a.lesions?.length ?? 0), 0),
        "adverse-events": cohort.adverseEvents.length,
        "follow-up": cohort.followUps.length,
      });
      const stored = await store.transaction(systemActor, async (tx) => ({
        subjects: (await tx.records.list("subject", { limit: 1000 })).length,
        labResults: (await tx.records.list("labResult", { limit: 100_000 })).length,
        lesions: await tx.records.list("lesion", { limit: 100_000 }),
      }));
      expect({ subjects: stored.subjects, labResults: stored.labResults }).toEqual({
        subjects: 2,
        labResults: cohort.labResults.length,
      });
      // Non-target status and nodal flag survive the import, so RECIST reads the same.
      const simulatedLesions = cohort.responseAssessments.flatMap((a) => a.lesions ?? []);
      expect(stored.lesions.filter((l) => l.status === "present")).toHaveLength(
        simulatedLesions.filter((l) => l.status === "present").length,
      );
      expect(stored.lesions.length).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  it("writes subjects the import accepts for every seed, including 7 and 8 at 200 + 200", async () => {
    for (const seed of [3, 5, 7, 8, 11]) {
      const store = await openTestStore();
      try {
        const cohort = simulateCohort(
          seedProtocol,
          { treated: 200, controls: 200, sites: ["PI", "FI", "SI"], trajectories: false },
          seededRandom(seed),
        );
        const subjects = cohortCsv(cohort)[0];
        const imported = await store.transaction(systemActor, async (tx) => {
          const { studyId } = await seedTestStudy(tx, {
            sites: { PI: "Pisa", FI: "Firenze", SI: "Siena" },
            protocol: seedProtocol,
          });
          return importCsv(tx, { kind: "subjects", csv: subjects.csv, studyId });
        });
        expect(imported.ok ? imported.value.rows : imported.problem.rows, `seed ${seed}`).toBe(400);
      } finally {
        await store.close();
      }
    }
  });

  it("dates the cohort so that today falls inside its follow-up", async () => {
    const store = await openTestStore();
    try {
      const demo = await seedDemoStudy(store, { protocol: seedProtocol, passwordCost: cheap });
      const today = "2026-12-07";
      const imported = await importDemoCohort(store, {
        protocol: seedProtocol,
        studyId: demo.studyId,
        siteCodes: ["PI", "FI", "SI"],
        treated: 12,
        controls: 4,
        seed: 5,
        today,
      });
      if (!imported.ok) throw new Error(JSON.stringify(imported.problem).slice(0, 2000));
      const doses = await store.transaction(systemActor, (tx) =>
        tx.records.list("administration", { where: { status: "given" }, limit: 100_000 }),
      );
      const given = doses.map((dose) => new Date(String(dose.givenAt)).toISOString()).sort();
      // Nothing after today, and doses in the last ten weeks: treatment is running.
      expect(given.at(-1)! <= `${today}T23:59:59Z`).toBe(true);
      expect(given.at(-1)! >= "2026-09-28").toBe(true);
    } finally {
      await store.close();
    }
  });
});
