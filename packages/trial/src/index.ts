/**
 * @ciclo/trial — the trial's domain: protocol documents, the cycle scheduler, clinical rules and
 * derived outcomes. Pure: dates and clocks arrive as arguments.
 *
 * Failure contract: a problem a user can cause (a bad protocol document, an unknown unit, an
 * impossible event sequence) comes back as a value with a message that says what to change; a
 * thrown Error means a bug.
 */

export { type AnalyzeTrialOptions, analyzeTrial } from "./analyses/analyze-trial";
export { type MethodsChoices, methodsFacts } from "./analyses/methods-facts";
export {
  prognosticCovariateNames,
  prognosticCovariates,
} from "./analyses/prognostic-covariates";
// The trial's analyses (domain.md §5), composed from derived outcomes and @ciclo/stats.
export {
  type ArmCurve,
  type ArmSurvivalRow,
  type CurveStep,
  type HazardRatio,
  type SurvivalByArmOptions,
  type SurvivalByArmResult,
  type SurvivalComparison,
  survivalByArm,
} from "./analyses/survival-by-arm";
export {
  type GroupComparison,
  isNotComputed,
  type MarkerTrajectory,
  type MethodsFacts,
  type NotComputed,
  type PairedComparison,
  type SurvivalComparisonOrNot,
  type TrialAnalyses,
} from "./analyses/trial-analyses";
export type { TrialRecords } from "./analyses/trial-records";
export {
  type AnalyteDefinition,
  analytes,
  checkPhysiologicalLimits,
  type Normalized,
  normalizeUnit,
} from "./analytes";
export {
  type BestOverallResponse,
  bestOverallResponse,
  type TimePointResponse,
} from "./best-overall-response";
export { type ClinicalBenefit, clinicalBenefit } from "./clinical-benefit";
export { type CtcaeGrading, ctcaeGrade, gradedAnalytes, gradeLabResult } from "./ctcae";
export { type CycleWeek, cycleWeek, cycleWeekOfDate, dateOfCycleDay } from "./cycle-week";
export { type DoneSoFar, type DueItem, type DueList, dueOn } from "./due-on";
export { immortalTimeWarning } from "./immortal-time-warning";
export {
  absoluteCount,
  effectorTregRatio,
  type ImmuneProfile,
  immuneProfiles,
} from "./immune-profile";
export { type LandmarkRow, landmark } from "./landmark";
export { type MarkerCutoff, markerCutoff } from "./marker-cutoff";
export {
  type MarkerSignal,
  type MarkerSignals,
  markerLeadTime,
  markerSignals,
} from "./marker-signal";
export { markerValue } from "./marker-value";
export { originDate, originLabels } from "./origin-date";
export {
  formatPath,
  type ParsedProtocol,
  type ProtocolProblem,
  parseProtocol,
} from "./parse-protocol";
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
export { type PostIl2Sample, pairPostIl2Samples } from "./post-il2-sample";
export {
  type Arm,
  type Cutoff,
  type Drug,
  type Protocol,
  protocolSchema,
  type TimeOrigin,
  timeOrigins,
} from "./protocol-schema";
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
export {
  type MarkerChange,
  referenceChangeValue,
  significantChange,
} from "./reference-change-value";
export { seedProtocol } from "./seed-protocol";
export { type Standardized, standardizedValue } from "./standardized-value";
export {
  deriveOutcomes,
  type OutcomeOptions,
  type OutcomeProblem,
  type SubjectOutcome,
  type TimeToEvent,
} from "./subject-outcomes";
export { timePointResponses } from "./time-point-responses";
export { type CountingProcessRow, timeVaryingTreatment } from "./time-varying-treatment";
export { type TregIncrease, type TregIncreaseResult, tregIncrease } from "./treg-increase";
export { type EventProblem, type SubjectEvents, validateEvents } from "./validate-events";
