import { coxPh } from "@ciclo/stats";
import { immortalTimeWarning } from "../immortal-time-warning";
import { immuneProfilesBySubject } from "../immune-profile";
import { landmark } from "../landmark";
import type { Protocol, TimeOrigin } from "../protocol-schema";
import type { SubjectRecord } from "../records";
import { deriveOutcomes, type SubjectOutcome } from "../subject-outcomes";
import { timeVaryingTreatment } from "../time-varying-treatment";
import { analysisFlow } from "./analysis-flow";
import { firstProgressions } from "./first-progressions";
import { immuneAtProgression } from "./immune-at-progression";
import { leadTimeByArm } from "./marker-lead-time";
import { markerResponse } from "./marker-response";
import { markerTrajectories } from "./marker-trajectories";
import { medianFollowUp } from "./median-follow-up";
import { methodsFacts } from "./methods-facts";
import { multiplicity } from "./multiplicity";
import { resultsByPanel } from "./panel-results";
import {
  covariateBalance,
  prognosticCovariateNames,
  prognosticCovariates,
  prognosticTerms,
} from "./prognostic-covariates";
import { type ArmSurvivalRow, type HazardRatio, survivalByArm } from "./survival-by-arm";
import type { BiasCheckOptions } from "./treg-bias-check";
import { tregSurvival } from "./treg-survival";
import type { NotComputed, SurvivalComparisonOrNot, TrialAnalyses } from "./trial-analyses";
import type { TrialRecords } from "./trial-records";

export interface AnalyzeTrialOptions {
  /** Time origin of PFS and OS; default the protocol's `outcomes.defaultOrigin`. */
  origin?: TimeOrigin;
  /** Landmark in months; default the protocol's first `outcomes.landmarkMonths`, null for none. */
  landmarkMonths?: number | null;
  /** Arm the hazard ratios are relative to; default the first arm that is not the control. */
  referenceArm?: string;
  /** SHA-256 of the records (the report computes it; see `dataSnapshotHash`). */
  dataSnapshot: string;
  software: { name: string; version: string }[];
  title?: string;
  /** Replicates and seed of the bias check (default 200 replicates, seed 20260101). */
  biasCheck?: BiasCheckOptions;
}

/**
 * The trial's analyses (domain.md §5) from its records: PFS and OS by arm with Kaplan–Meier,
 * log-rank and Cox (unadjusted and adjusted for the prognostic covariates), the landmark and
 * time-varying-treatment versions with the immortal-time warning, and the methods facts.
 * immune parameters in clinical benefit vs at progression, the marker response to IL-2, Treg
 * increase and survival, and the marker lead time. An analysis the data cannot support comes
 * back as `notComputed` with the reason, so the report says so instead of leaving a gap.
 *
 * @example
 * const analyses = analyzeTrial(records, seedProtocol, { dataSnapshot, software: [] });
 * analyses.pfs; // => { endpoint: "PFS", curves: [...], logRank: {...}, hazardRatios: [...] }
 */
export function analyzeTrial(
  records: TrialRecords,
  protocol: Protocol,
  options: AnalyzeTrialOptions,
): TrialAnalyses {
  const origin = options.origin ?? protocol.outcomes.defaultOrigin;
  const landmarkMonths =
    options.landmarkMonths === undefined
      ? (protocol.outcomes.landmarkMonths[0] ?? null)
      : options.landmarkMonths;
  const referenceArm =
    options.referenceArm ??
    protocol.arms.find((arm) => !arm.control)?.code ??
    protocol.arms[0].code;
  const { outcomes, problems } = deriveOutcomes(
    records.subjects,
    records.progressions,
    records.followUps,
    { origin },
  );
  const subjectsById = new Map(records.subjects.map((s) => [s.subjectId, s]));
  // Warnings name subjects as the sites know them: by pseudonym, never by the database id.
  const nameOf = (subjectId: string) => subjectsById.get(subjectId)?.pseudonym ?? subjectId;
  const warnings = [
    immortalTimeWarning(protocol, origin),
    problems.length > 0
      ? `${problems.length} subject(s) left out of the survival analyses: ${problems
          .slice(0, 3)
          .map((p) => `${nameOf(p.subjectId)}: ${p.message}`)
          .join("; ")}${problems.length > 3 ? "; …" : ""}`
      : null,
  ].filter((warning): warning is string => warning !== null);
  // One pass over the lab results and one set of immune profiles serve every analysis.
  const panels = resultsByPanel(records.labResults, protocol);
  const immuneProfiles = immuneProfilesBySubject(panels.immune);
  // Four analyses split each subject's course at her first progression: read it once.
  const progressionOf = firstProgressions(records);
  const adjustFor = [...prognosticCovariateNames];
  const compare = (endpoint: "pfs" | "os", rows: ArmSurvivalRow[]) =>
    toSection(
      survivalByArm(rows, {
        endpoint: endpoint.toUpperCase(),
        referenceArm,
        adjustFor,
        terms: prognosticTerms,
      }),
    );
  const armRows = (endpoint: "pfs" | "os") =>
    outcomes.map((o) => survivalRow(o, endpoint, subjectsById, protocol));
  const osRows = armRows("os");
  const arms = [
    referenceArm,
    ...protocol.arms.map((a) => a.code).filter((a) => a !== referenceArm),
  ];
  const balance = covariateBalance(osRows, arms);
  warnings.push(...balance.warnings);
  const analyses = {
    title: options.title ?? `Trial report: ${protocol.id}, protocol version ${protocol.version}`,
    dataSnapshot: options.dataSnapshot,
    subjects: records.subjects.length,
    methods: methodsFacts(protocol, {
      origin,
      referenceArm,
      landmarkMonths,
      adjustedFor: adjustFor,
      software: options.software,
    }),
    warnings,
    pfs: compare("pfs", armRows("pfs")),
    os: compare("os", osRows),
    followUp: medianFollowUp(osRows),
    balance: balance.rows,
    landmark: landmarkSection(outcomes, records.subjects, protocol, landmarkMonths, referenceArm),
    timeVarying: timeVaryingSection(outcomes, records.subjects),
    immune: immuneAtProgression(records, {}, immuneProfiles, progressionOf),
    markerResponse: markerResponse(records, protocol, panels.markers, progressionOf),
    markerTrajectories: markerTrajectories(records, protocol, 2, panels.markers, progressionOf),
    tregIncrease: tregSurvival(
      records,
      protocol,
      outcomes,
      panels.immune,
      immuneProfiles,
      options.biasCheck,
    ),
    leadTime: leadTimeByArm(records, protocol, panels.markers, progressionOf),
  };
  return {
    ...analyses,
    flow: analysisFlow(records.subjects, problems, analyses),
    multiplicity: multiplicity(analyses, protocol.outcomes.primaryEndpoint),
  };
}

function toSection(result: ReturnType<typeof survivalByArm>): SurvivalComparisonOrNot {
  return result.ok ? result.value : { notComputed: result.problem.message };
}

function survivalRow(
  outcome: SubjectOutcome,
  endpoint: "pfs" | "os",
  subjects: Map<string, SubjectRecord>,
  protocol: Protocol,
): ArmSurvivalRow {
  const subject = subjects.get(outcome.subjectId);
  return {
    subjectId: outcome.subjectId,
    arm: outcome.arm,
    time: outcome[endpoint].time,
    event: outcome[endpoint].event ? 1 : 0,
    covariates: subject ? prognosticCovariates(subject, protocol) : {},
  };
}

/**
 * Landmark comparison: subjects event-free at the landmark, timed from it, compared by arm. A
 * subject of a cytokine arm enters only if her first IFN-β dose came by the landmark, so that
 * the arm she is compared in is known at the landmark (no look into the future); how many were
 * left out for a later start is said in the section's warnings.
 */
function landmarkSection(
  outcomes: SubjectOutcome[],
  subjects: SubjectRecord[],
  protocol: Protocol,
  landmarkMonths: number | null,
  referenceArm: string,
): TrialAnalyses["landmark"] {
  if (landmarkMonths === null) return { notComputed: "no landmark chosen (--landmark months)" };
  const controlArms = new Set(protocol.arms.filter((arm) => arm.control).map((arm) => arm.code));
  const section = (endpoint: "pfs" | "os") => {
    const atRisk = landmark(outcomes, subjects, { landmark: landmarkMonths, endpoint });
    const rows = atRisk
      .filter((row) => controlArms.has(row.arm) || row.treatedByLandmark)
      .map(
        (row): ArmSurvivalRow => ({
          subjectId: row.subjectId,
          arm: row.arm,
          time: row.time,
          event: row.event ? 1 : 0,
        }),
      );
    const result = survivalByArm(rows, {
      endpoint: `${endpoint.toUpperCase()} from the ${landmarkMonths}-month landmark`,
      referenceArm,
    });
    const late = atRisk.length - rows.length;
    if (result.ok && late > 0)
      result.value.warnings.push(
        `${late} subject(s) event-free at the landmark left out: their first IFN-β dose came after it; a later landmark keeps them`,
      );
    return { result, late };
  };
  const { result: pfs, late: pfsLate } = section("pfs");
  const { result: os, late: osLate } = section("os");
  if (!pfs.ok)
    return {
      notComputed: `landmark PFS at ${landmarkMonths} months: ${pfs.problem.message}; choose a landmark after the first IFN-β doses`,
    };
  if (!os.ok)
    return { notComputed: `landmark OS at ${landmarkMonths} months: ${os.problem.message}` };
  return { pfs: pfs.value, os: os.value, startedAfter: { pfs: pfsLate, os: osLate } };
}

/**
 * Cox models of PFS and OS with cytokine treatment as a time-varying covariate, robust errors
 * clustered by subject. Coded as "not yet on cytokines" so that the hazard ratio points the same
 * way as "control vs treated" in the forest plot.
 */
function timeVaryingSection(
  outcomes: SubjectOutcome[],
  subjects: SubjectRecord[],
): HazardRatio[] | NotComputed {
  const ratios: HazardRatio[] = [];
  for (const endpoint of ["pfs", "os"] as const) {
    const rows = timeVaryingTreatment(outcomes, subjects, { endpoint });
    const fit = coxPh({
      start: rows.map((r) => r.start),
      time: rows.map((r) => r.stop),
      status: rows.map((r) => (r.event ? 1 : 0)),
      covariates: [rows.map((r) => 1 - r.treated)],
      names: ["not on cytokines"],
      cluster: rows.map((r) => r.subjectId),
    });
    if (!fit.ok)
      return { notComputed: `time-varying ${endpoint.toUpperCase()}: ${fit.problem.message}` };
    ratios.push({
      model: "time-varying",
      term: `${endpoint.toUpperCase()}: before vs after the first IFN-β dose`,
      hazardRatio: fit.value.hazardRatio[0],
      lower: fit.value.hazardRatioLower[0],
      upper: fit.value.hazardRatioUpper[0],
      p: fit.value.p[0],
      n: new Set(rows.map((r) => r.subjectId)).size,
      events: fit.value.nEvent,
    });
  }
  return ratios;
}
