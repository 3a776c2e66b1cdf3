/**
 * @ciclo/trial — the trial's domain: protocol documents, the cycle scheduler, clinical rules and
 * derived outcomes. Pure: dates and clocks arrive as arguments.
 *
 * Failure contract: a problem a user can cause (an unknown unit, a missing value, a cut-off the
 * protocol lacks) comes back as a `TrialProblem`, `{ ok: false, code, message }`: a stable code to
 * match on and a message that says what to change. A bad protocol document lists every problem
 * with its path (`parseProtocol`); a thrown Error means a bug.
 */

// The protocol document: its schema, its parser, the seed protocol of the Pisa pilot.

export {
  formatPath,
  type ParsedProtocol,
  type ProtocolProblem,
  parseProtocol,
} from "./parse-protocol";
export {
  type Arm,
  type Cutoff,
  type Drug,
  type Protocol,
  protocolSchema,
  type TimeOrigin,
  timeOrigins,
} from "./protocol-schema";
export { seedProtocol } from "./seed-protocol";

// Plain dates and instants, and the cycle arithmetic on them.

export { type CycleWeek, cycleWeek, cycleWeekOfDate, dateOfCycleDay } from "./cycle-week";
export {
  addDays,
  addHours,
  dateOfInstant,
  daysBetween,
  daysPerMonth,
  hoursBetween,
  instantAt,
  inTimeOrder,
  isPlainDate,
  type PlainDate,
  weekdayOf,
} from "./plain-date";

// The records the rules read, grouped by subject and checked for impossible sequences.

export type {
  AdministrationRecord,
  AdministrationStatus,
  FollowUpRecord,
  HoldRecord,
  Instant,
  LabResultRecord,
  LesionRecord,
  OverallResponse,
  ProgressionRecord,
  ReceptorStatus,
  ResponseAssessmentRecord,
  ResponseCriteria,
  SampleRelation,
  SubjectRecord,
  WithdrawalRecord,
} from "./records";
export { maxDfiMonths } from "./records";
export { recordsBySubject } from "./records-by-subject";
export { type EventProblem, type SubjectEvents, validateEvents } from "./validate-events";

// Edit checks: what a site's entry must pass (hard) or confirm (soft) before it is stored.

export {
  type EditCheckContext,
  type EditCheckFinding,
  type EditCheckSeverity,
  editChecks,
  fieldLabels,
  recistDisagreement,
} from "./edit-checks";
export { plausibleLimits } from "./plausible-limits";

// The schedule: the plan of cycles, doses, visits and sampling windows, and what is due.

export { cyclesBeforeWindow, dueLookBack } from "./due-look-back";
export { type DoneSoFar, type DueItem, type DueList, dueOn } from "./due-on";
export {
  type CyclePlan,
  type PlannedAdministration,
  type PlannedStatus,
  type PlannedVisit,
  type PlanRequest,
  type PlanStop,
  planCycles,
  type SamplingWindow,
} from "./plan-cycles";
export { planForSubject } from "./plan-for-subject";
export { type ICalendarOptions, planToICalendar } from "./plan-to-icalendar";

// The analyte catalogue, CTCAE grades and the immune panel.

export {
  type AnalyteDefinition,
  analytes,
  checkPhysiologicalLimits,
  type Normalized,
  normalizeUnit,
} from "./analytes";
export { type CtcaeGrading, ctcaeGrade, gradedAnalytes, gradeLabResult } from "./ctcae";
export { type CtcaeTerm, ctcaeTerm, ctcaeTermOfAnalyte, ctcaeTerms } from "./ctcae-terms";
export {
  absoluteCount,
  effectorTregRatio,
  type ImmuneProfile,
  immuneComparisonAnalytes,
  immuneProfiles,
} from "./immune-profile";

// Tumor markers (domain.md §4): value, cut-off, standardized value, RCV, signal, IL-2 response, chart.

export { type CutoffRatio, cutoffRatio } from "./cutoff-ratio";
export {
  type CycleLayout,
  cycleLayout,
  type MarkerChart,
  type MarkerChartPoint,
  markerChart,
  type PostIl2Window,
} from "./marker-chart";
export { type MarkerCutoff, markerCutoff } from "./marker-cutoff";
export {
  type MarkerSignal,
  type MarkerSignals,
  markerLeadTime,
  markerSignals,
} from "./marker-signal";
export { markerValue } from "./marker-value";
export { type PostIl2Sample, pairPostIl2Samples } from "./post-il2-sample";
export { type PostIl2SamplingWindow, postIl2Windows } from "./post-il2-window";
export {
  type MarkerChange,
  referenceChangeValue,
  significantChange,
} from "./reference-change-value";
export { type Standardized, standardizedValue } from "./standardized-value";

// Treg increase and the dashboard's alerts.

export {
  type AlertKind,
  alertAnalytes,
  type DashboardAlert,
  dashboardAlerts,
} from "./dashboard-alerts";
export {
  type TregIncrease,
  type TregIncreaseResult,
  type TregRise,
  type TregRiseResult,
  tregIncrease,
  tregRise,
} from "./treg-increase";

// Response and outcomes: RECIST, clinical benefit, time origins, survival times, landmark.

export {
  type BestOverallResponse,
  bestOverallResponse,
  type TimePointResponse,
} from "./best-overall-response";
export { type ClinicalBenefit, clinicalBenefit } from "./clinical-benefit";
export { immortalTimeWarning } from "./immortal-time-warning";
export { type LandmarkRow, landmark } from "./landmark";
export { originDate, originLabels } from "./origin-date";
export {
  combineResponses,
  evaluateRecist,
  type NonTargetResponse,
  nonTargetResponse,
  type RecistEvaluation,
  type RecistSeries,
  type TargetResponse,
  targetResponse,
  targetSum,
} from "./recist-response";
export {
  deriveOutcomes,
  type OutcomeOptions,
  type OutcomeProblem,
  type SubjectOutcome,
  type TimeToEvent,
} from "./subject-outcomes";
export {
  type AssessedResponse,
  type SubjectResponse,
  subjectResponse,
} from "./subject-response";
export { timePointResponses } from "./time-point-responses";
export { type CountingProcessRow, timeVaryingTreatment } from "./time-varying-treatment";

// The trial's analyses (domain.md §5), composed from derived outcomes and @ciclo/stats.

export { type AnalysisFlow, type AnalysisSet, analysisFlow } from "./analyses/analysis-flow";
export { type AnalyzeTrialOptions, analyzeTrial } from "./analyses/analyze-trial";
export {
  type LeadTimeAnalysis,
  leadTimeByArm,
  leadTimeDetectionBias,
} from "./analyses/marker-lead-time";
export { type MedianFollowUp, medianFollowUp } from "./analyses/median-follow-up";
export { type MethodsChoices, methodsFacts } from "./analyses/methods-facts";
export { type Multiplicity, multiplicity } from "./analyses/multiplicity";
export {
  type BalanceRow,
  covariateBalance,
  type PrognosticCovariateName,
  prognosticCovariateNames,
  prognosticCovariates,
  prognosticTerms,
} from "./analyses/prognostic-covariates";
export {
  type ArmCurve,
  type ArmSurvivalRow,
  type CurveStep,
  finiteOrNull,
  type HazardRatio,
  type SurvivalByArmOptions,
  type SurvivalByArmResult,
  type SurvivalComparison,
  survivalByArm,
} from "./analyses/survival-by-arm";
export {
  type BiasCheck,
  type BiasCheckOptions,
  type BiasCheckRow,
  canonicalNullCohort,
  rejectionRow,
  type TregNullModel,
  type TregNullSubject,
  tregBiasCheck,
  tregBiasReplicate,
  tregNullModel,
} from "./analyses/treg-bias-check";
export { type TregModelRow, tregCoxFit, tregRows } from "./analyses/treg-model";
export {
  type TregPublishedSplit,
  type TregTimeVaryingModel,
  tregSplitBias,
} from "./analyses/treg-survival";
export {
  type GroupComparison,
  isNotComputed,
  type LocationShift,
  type MarkerTrajectory,
  type MethodsFacts,
  type NotComputed,
  type PairedComparison,
  type SurvivalComparisonOrNot,
  type TrialAnalyses,
} from "./analyses/trial-analyses";
export type { TrialRecords } from "./analyses/trial-records";

// The one failure shape of the derivations.

export {
  type Derived,
  type TrialProblem,
  type TrialProblemCode,
  trialProblem,
} from "./trial-problem";

// Randomization of the phase II (domain.md §6): the seeded generator, eligibility, allocation,
// the stage gate and the properties of each method.

export {
  type Allocation,
  type AllocationProblem,
  type Allocator,
  allocator,
  stratumOf,
} from "./allocate";
export {
  checkEligibility,
  type EligibilityAnswers,
  type EligibilityVerdict,
  type StageGateState,
  stageGateState,
} from "./eligibility";
export { type Random, seededRandom } from "./random";
export {
  type ImbalanceSummary,
  type LevelFrequencies,
  type RandomizationProperties,
  randomizationProperties,
} from "./randomization-properties";
export {
  type Eligibility,
  type EligibilityCriterion,
  type RandomizationDesign,
  type RandomizationMethod,
  randomizationMethods,
  randomizationSchema,
  type StageGate,
  type StratificationFactor,
} from "./randomization-schema";
