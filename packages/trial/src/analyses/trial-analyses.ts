import type { AnalysisFlow } from "./analysis-flow";
import type { LeadTimeAnalysis } from "./marker-lead-time";
import type { MedianFollowUp } from "./median-follow-up";
import type { Multiplicity } from "./multiplicity";
import type { BalanceRow } from "./prognostic-covariates";
import type { SurvivalComparison } from "./survival-by-arm";
import type { BiasCheck } from "./treg-bias-check";
import type { TregPublishedSplit, TregTimeVaryingModel } from "./treg-survival";

/**
 * Per subject, one parameter in two states (clinical benefit vs progression, or pre vs post
 * IL-2), compared with the paired Wilcoxon signed-rank test.
 */
export interface PairedComparison {
  parameter: string;
  /** Labels of the two states, e.g. ['clinical benefit', 'progression']. */
  states: [string, string];
  pairs: { subjectId: string; first: number; second: number }[];
  medianFirst: number;
  medianSecond: number;
  /** Wilcoxon signed-rank V (sum of positive ranks of first − second), as R's wilcox.test. */
  statistic: number;
  p: number;
  /** Effect size r = z/√n of the signed-rank test (Rosenthal), as @ciclo/stats gives it. */
  effectSize: number;
  /** Hodges–Lehmann pseudomedian of first − second with its interval; null when undefined. */
  shift: LocationShift | null;
}

/**
 * A Hodges–Lehmann location shift with its confidence interval, as R's
 * `wilcox.test(conf.int = TRUE)` gives `estimate` and `conf.int` (exact or normal, as R chooses).
 */
export interface LocationShift {
  estimate: number;
  lower: number;
  upper: number;
  /** The level achieved (R lowers it when the requested 95% cannot be reached). */
  confLevel: number;
  exact: boolean;
}

/** Two independent groups compared with the Mann–Whitney (Wilcoxon rank-sum) test. */
export interface GroupComparison {
  parameter: string;
  groups: { label: string; values: number[]; median: number; mean: number; sd: number }[];
  /** W as R's wilcox.test reports it (first group's rank sum minus n₁(n₁+1)/2). */
  statistic: number;
  p: number;
  /** Hodges–Lehmann shift of the first group against the second; null when undefined. */
  shift: LocationShift | null;
}

/** One subject's standardized marker values over time, with the IL-2 windows to shade. */
export interface MarkerTrajectory {
  subjectId: string;
  /** How the report names her: the pseudonym when recorded, else the subject id. */
  label: string;
  arm: string;
  points: { months: number; marker: string; standardized: number }[];
  il2Windows: { start: number; end: number }[];
  progressionMonths: number | null;
}

/** A section that could not be computed, with the reason in the trial's words. */
export interface NotComputed {
  notComputed: string;
}

/** The time-origin rows the methods section prints. */
export interface MethodsFacts {
  protocolId: string;
  protocolVersion: string;
  protocolTitle: string;
  origin: string;
  landmarkMonths: number | null;
  referenceArm: string;
  arms: { code: string; label: string; control: boolean }[];
  cutoffs: {
    analyte: string;
    value: number;
    unit: string;
    assay: string;
    site: string;
    validFrom: string;
  }[];
  rcv: { analyte: string; belowCutoff: string; aboveCutoff: string }[];
  rcvZ: number;
  standardization: string;
  signalRule: string;
  tregRule: string;
  clinicalBenefitRule: string;
  adjustedFor: string[];
  /** The protocol's primary endpoint, e.g. "PFS". */
  primaryEndpoint: string;
  software: { name: string; version: string }[];
}

/**
 * Every number of the trial report: the five analyses of domain.md §5, the methods facts, and
 * what makes the report reproducible (data snapshot hash and protocol version). The report
 * renders exactly this object; `ciclo analyze --json` prints it.
 */
export interface TrialAnalyses {
  title: string;
  /** SHA-256 of the records used, in canonical order. */
  dataSnapshot: string;
  subjects: number;
  methods: MethodsFacts;
  /** Warnings the reader must see, e.g. immortal-time bias. */
  warnings: string[];
  pfs: SurvivalComparison | NotComputed;
  os: SurvivalComparison | NotComputed;
  /** Median follow-up by reverse Kaplan–Meier of OS, for all subjects and per arm. */
  followUp: MedianFollowUp[];
  /** The prognostic covariates by arm, with standardized differences. */
  balance: BalanceRow[];
  landmark:
    | {
        pfs: SurvivalComparison;
        os: SurvivalComparison;
        /** Subjects event-free at the landmark left out: first IFN-β dose after it. */
        startedAfter: { pfs: number; os: number };
      }
    | NotComputed;
  timeVarying: SurvivalComparison["hazardRatios"] | NotComputed;
  immune: PairedComparison[] | NotComputed;
  markerResponse: PairedComparison[] | NotComputed;
  markerTrajectories: MarkerTrajectory[];
  /**
   * The headline time-varying Treg model, the published split kept as a labelled reproduction,
   * and the bias check of both under the simulated null.
   */
  tregIncrease:
    | {
        timeVaryingOs: TregTimeVaryingModel | NotComputed;
        interval: TregPublishedSplit | NotComputed;
        biasCheck: BiasCheck | NotComputed;
      }
    | NotComputed;
  leadTime: LeadTimeAnalysis | NotComputed;
  /** Subjects from enrolment into each analysis set, with every exclusion and its reason. */
  flow: AnalysisFlow;
  /** The primary analysis named by the protocol and the Holm-adjusted secondary P-values. */
  multiplicity: Multiplicity;
}

/** A survival comparison, or the reason it could not be made. */
export type SurvivalComparisonOrNot = SurvivalComparison | NotComputed;

/** True when an analysis section holds a reason instead of results. */
export function isNotComputed(section: unknown): section is NotComputed {
  return typeof section === "object" && section !== null && "notComputed" in section;
}
