import { seededRandom, seedProtocol } from "@ciclo/trial";
import { describe, expect, it } from "vitest";
import { simulateCohort } from "./simulate-cohort";

const spec = { treated: 4, controls: 4, sites: ["PI", "FI"] };

describe("simulateCohort", () => {
  it("gives identical records for the same seed and different ones for another", () => {
    const first = simulateCohort(seedProtocol, spec, seededRandom(11));
    const again = simulateCohort(seedProtocol, spec, seededRandom(11));
    const other = simulateCohort(seedProtocol, spec, seededRandom(12));
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(first));
  });

  it("records 12 IFN-β and 12 IL-2 doses per cycle for treated subjects, none for controls", () => {
    const cohort = simulateCohort(seedProtocol, spec, seededRandom(3));
    expect(cohort.subjects.map((s) => s.subjectId)).toEqual([
      "PI-T001",
      "FI-T001",
      "PI-T002",
      "FI-T002",
      "PI-C001",
      "FI-C001",
      "PI-C002",
      "FI-C002",
    ]);
    const controls = new Set(
      cohort.subjects.filter((s) => s.arm === "control").map((s) => s.subjectId),
    );
    expect(cohort.administrations.filter((a) => controls.has(a.subjectId))).toEqual([]);
    const cycle1 = cohort.administrations.filter(
      (a) => a.subjectId === "PI-T001" && a.cycle === 1 && a.status !== "delayed",
    );
    expect(cycle1.filter((a) => a.drug === "ifn-beta")).toHaveLength(12);
    expect(cycle1.filter((a) => a.drug === "il-2")).toHaveLength(12);
  });

  it("draws post-IL-2 samples 24–72 h after an IL-2 dose and flags cytokines below the limit", () => {
    const cohort = simulateCohort(seedProtocol, spec, seededRandom(5));
    const il2 = cohort.administrations.filter((a) => a.drug === "il-2" && a.givenAt);
    const post = cohort.labResults.filter((r) => r.relation === "post" && r.analyte === "CEA");
    expect(post.length).toBeGreaterThan(0);
    for (const sample of post) {
      const hours = il2
        .filter((a) => a.subjectId === sample.subjectId)
        .map((a) => (Date.parse(sample.drawnAt) - Date.parse(a.givenAt!)) / 3_600_000)
        .filter((h) => h >= 0);
      expect(Math.min(...hours)).toBeGreaterThanOrEqual(24);
      expect(Math.min(...hours)).toBeLessThanOrEqual(72);
    }
    const below = cohort.labResults.filter((r) => r.belowLimit);
    expect(below.length).toBeGreaterThan(0);
    expect(below.every((r) => r.value === null && r.analyte !== "CEA")).toBe(true);
  });

  it("dates first_ifn_date on the first IFN-β dose given, and varies imaging before hormone therapy", () => {
    const cohort = simulateCohort(
      seedProtocol,
      { treated: 12, controls: 12, sites: ["PI"] },
      seededRandom(21),
    );
    for (const subject of cohort.subjects.filter((s) => s.arm === "treated")) {
      const doses = cohort.administrations
        .filter((a) => a.subjectId === subject.subjectId && a.drug === "ifn-beta" && a.givenAt)
        .map((a) => (a.givenAt as string).slice(0, 10))
        .sort();
      expect(subject.firstIfnDate).toBe(doses[0]);
    }
    const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;
    const intervals = cohort.subjects.map((s) =>
      days(s.metastasisImagingDate as string, s.hormoneTherapyStart as string),
    );
    // 7 to 56 days, and not one fixed interval.
    expect(Math.min(...intervals)).toBeGreaterThanOrEqual(7);
    expect(Math.max(...intervals)).toBeLessThanOrEqual(56);
    expect(new Set(intervals).size).toBeGreaterThan(5);
  });

  it("never records a dose, draw or event after the last contact", () => {
    const cohort = simulateCohort(seedProtocol, spec, seededRandom(9));
    const last = new Map(cohort.followUps.map((f) => [f.subjectId, f.contactDate]));
    for (const dose of cohort.administrations)
      expect(
        (dose.givenAt ?? dose.scheduledDate ?? "").slice(0, 10) <= last.get(dose.subjectId)!,
      ).toBe(true);
    for (const result of cohort.labResults)
      expect(result.drawnAt.slice(0, 10) <= last.get(result.subjectId)!).toBe(true);
  });
});
