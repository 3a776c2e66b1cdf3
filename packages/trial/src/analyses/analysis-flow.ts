import type { OutcomeProblem } from "../subject-outcomes";
import type { TrialAnalyses } from "./trial-analyses";

/** One analysis set: who entered it, and who did not and why. */
export interface AnalysisSet {
  analysis: string;
  included: number;
  excluded: { reason: string; subjects: number }[];
}

/** A CONSORT-style flow: enrolled by arm, then each analysis set with its exclusions. */
export interface AnalysisFlow {
  enrolled: { arm: string; subjects: number }[];
  sets: AnalysisSet[];
}

/**
 * The flow of subjects from enrolment into each analysis set, with the reason and count of every
 * exclusion, read from the analyses themselves so that the counts are those the models used.
 *
 * @example
 * analysisFlow(subjects, problems, analyses).sets[0];
 * // => { analysis: "PFS and OS by arm", included: 137, excluded: [] }
 */
export function analysisFlow(
  subjects: readonly { arm: string }[],
  problems: readonly OutcomeProblem[],
  analyses: Omit<TrialAnalyses, "multiplicity" | "flow">,
): AnalysisFlow {
  const arms = [...new Set(subjects.map((s) => s.arm))].sort();
  const enrolled = arms.map((arm) => ({
    arm,
    subjects: subjects.filter((s) => s.arm === arm).length,
  }));
  const total = subjects.length;
  const sets: AnalysisSet[] = [];
  const byReason = new Map<string, number>();
  for (const problem of problems) {
    // A problem's message names the subject's own dates; the flow counts the kind of problem.
    const reason = problem.message.startsWith("no date of")
      ? problem.message
      : "an event or contact precedes the time origin; check the dates";
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  }
  const survivalN = total - problems.length;
  sets.push({
    analysis: "PFS and OS by arm (Kaplan–Meier, log-rank, unadjusted Cox)",
    included: survivalN,
    excluded: [...byReason].map(([reason, count]) => ({ reason, subjects: count })),
  });
  if (!("notComputed" in analyses.pfs) && analyses.pfs.adjustedFor.length > 0)
    sets.push({
      analysis: "Adjusted Cox models",
      included: analyses.pfs.adjustedN,
      excluded: nonZero([
        {
          reason: "a prognostic covariate not recorded",
          subjects: survivalN - analyses.pfs.adjustedN,
        },
      ]),
    });
  const landmarkSets = analyses.landmark;
  if (!("notComputed" in landmarkSets))
    for (const endpoint of ["pfs", "os"] as const) {
      const section = landmarkSets[endpoint];
      const included = section.curves.reduce((sum, c) => sum + c.n, 0);
      const lateCount = landmarkSets.startedAfter[endpoint];
      sets.push({
        analysis: section.endpoint,
        included,
        excluded: nonZero([
          {
            reason: "event or end of follow-up by the landmark",
            subjects: survivalN - included - lateCount,
          },
          { reason: "first IFN-β dose after the landmark", subjects: lateCount },
        ]),
      });
    }
  const treg = analyses.tregIncrease;
  if (!("notComputed" in treg) && !("notComputed" in treg.timeVaryingOs)) {
    const model = treg.timeVaryingOs;
    const withDraws =
      model.hazardRatio.n + model.excluded.reduce((sum, row) => sum + row.subjects, 0);
    sets.push({
      analysis: "Treg increase as a time-varying covariate of OS",
      included: model.hazardRatio.n,
      excluded: nonZero([
        { reason: "no Treg draws", subjects: total - withDraws },
        ...model.excluded,
      ]),
    });
  }
  if (!("notComputed" in analyses.immune)) {
    const included = Math.max(...analyses.immune.map((c) => c.pairs.length));
    sets.push({
      analysis: "Immune parameters in clinical benefit vs at progression",
      included,
      excluded: nonZero([
        {
          reason: "no progression, or no immune draw both in clinical benefit and at progression",
          subjects: total - included,
        },
      ]),
    });
  }
  const lead = analyses.leadTime;
  if (!("notComputed" in lead)) {
    const evaluable = lead.detection.reduce((sum, d) => sum + d.evaluable, 0);
    const detected = lead.detection.reduce((sum, d) => sum + d.detected, 0);
    sets.push(
      {
        analysis: "Marker lead time, every progression",
        included: evaluable,
        excluded: nonZero([
          { reason: "no progression, or no marker draws", subjects: total - evaluable },
        ]),
      },
      {
        analysis: "Marker lead time, detected progressions",
        included: detected,
        excluded: nonZero([
          { reason: "no progression, or no marker draws", subjects: total - evaluable },
          {
            reason: "no marker signal in the window before progression",
            subjects: evaluable - detected,
          },
        ]),
      },
    );
  }
  return { enrolled, sets };
}

function nonZero(rows: { reason: string; subjects: number }[]) {
  return rows.filter((row) => row.subjects > 0);
}
