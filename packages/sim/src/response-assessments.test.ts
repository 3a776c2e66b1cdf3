import { evaluateRecist, seededRandom, seedProtocol, timePointResponses } from "@ciclo/trial";
import { describe, expect, it } from "vitest";
import { simulateCohort } from "./simulate-cohort";

describe("simulated RECIST assessments", () => {
  const cohort = simulateCohort(
    seedProtocol,
    { treated: 30, controls: 30, sites: ["PI", "FI"] },
    seededRandom(21),
  );
  const progressionOf = new Map(cohort.progressions.map((p) => [p.subjectId, p.progressedOn]));

  it("give, through the trial engine's RECIST rules, PD first on the simulated progression date", () => {
    expect(cohort.progressions.length).toBeGreaterThan(20);
    for (const subject of cohort.subjects) {
      const assessments = cohort.responseAssessments.filter(
        (a) => a.subjectId === subject.subjectId,
      );
      const series = evaluateRecist(assessments);
      if (!series.ok) throw new Error(series.message);
      const firstPd = series.evaluations.find((e) => e.overallResponse === "PD");
      expect(firstPd?.assessedOn ?? null).toBe(progressionOf.get(subject.subjectId) ?? null);
      // The recorded overall responses are the derived ones (the baseline is recorded as NE).
      expect(assessments.slice(1).map((a) => a.overallResponse)).toEqual(
        series.evaluations.map((e) => e.overallResponse),
      );
    }
  });

  it("measure target lesions at baseline, add a new lesion or grow the targets at PD, and include responses", () => {
    const baselines = cohort.subjects.map(
      (s) => cohort.responseAssessments.find((a) => a.subjectId === s.subjectId)!,
    );
    expect(
      baselines.every(
        (a) =>
          a.assessedOn === cohort.subjects.find((s) => s.subjectId === a.subjectId)!.enrolmentDate,
      ),
    ).toBe(true);
    for (const lesion of baselines.flatMap((a) => a.lesions ?? []))
      if (lesion.kind === "target") expect(lesion.diameterMm).toBeGreaterThanOrEqual(10);
    const responses = cohort.subjects.flatMap(
      (s) =>
        timePointResponses(cohort.responseAssessments.filter((a) => a.subjectId === s.subjectId))
          .responses,
    );
    const kinds = new Set(responses.map((r) => r.overallResponse));
    expect([...kinds].sort()).toEqual(["PD", "PR", "SD"]);
    const atPd = cohort.responseAssessments.filter((a) => a.overallResponse === "PD");
    expect(atPd.some((a) => a.lesions?.some((l) => l.kind === "new"))).toBe(true);
  });
});
