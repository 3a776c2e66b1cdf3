import { maxDfiMonths, seededRandom, seedProtocol } from "@ciclo/trial";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calibratedModel } from "./patient-model";
import { simulateCohort } from "./simulate-cohort";
import { drawVirtualPatient } from "./virtual-patient";

/** The youngest age at which the model lets the primary tumour be diagnosed. */
const youngestAtDiagnosis = 20;

describe("a virtual patient's disease-free interval", () => {
  it("is never above what the import accepts, nor before the age of 20, for any seed", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.constantFrom("treated", "control"),
        (seed, arm) => {
          const rng = seededRandom(seed);
          for (let i = 0; i < 50; i++) {
            const patient = drawVirtualPatient(
              calibratedModel,
              arm as "treated",
              rng.split(),
              "1995-03-01",
            );
            expect(patient.dfiMonths).toBeGreaterThanOrEqual(0);
            expect(patient.dfiMonths).toBeLessThanOrEqual(maxDfiMonths);
            expect(patient.dfiMonths).toBeLessThanOrEqual((patient.age - youngestAtDiagnosis) * 12);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it.each([7, 8])("stays within the import's limit for seed %i at 200 + 200 patients", (seed) => {
    const cohort = simulateCohort(
      seedProtocol,
      { treated: 200, controls: 200, sites: ["PI", "FI", "SI"], trajectories: false },
      seededRandom(seed),
    );
    const longest = Math.max(...cohort.subjects.map((subject) => subject.dfiMonths ?? 0));
    expect(longest).toBeLessThanOrEqual(maxDfiMonths);
  });
});
