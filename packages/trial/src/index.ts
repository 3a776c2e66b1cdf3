/**
 * @ciclo/trial — the trial's domain: protocol documents, the cycle scheduler, clinical rules and
 * derived outcomes. Pure: dates and clocks arrive as arguments.
 *
 * Failure contract: a rule that cannot apply to the data it is given (a missing origin date, a
 * bad protocol document) returns a message or problem list; a RangeError means the caller asked
 * for something the protocol does not define (an unknown arm or analyte), i.e. a bug upstream.
 */
export {
  type AnalyteDefinition,
  analytes,
  checkPhysiologicalLimits,
  type Normalized,
  normalizeUnit,
} from "./analytes";
export { ctcaeGrade, gradedAnalytes } from "./ctcae";
export { cycleWeek } from "./cycle-arithmetic";
export { planToICalendar } from "./icalendar";
export {
  absoluteCount,
  effectorTregRatio,
  monthsToTregIncrease,
  type TregDraw,
  type TregIncrease,
  tregIncrease,
} from "./immune";
export {
  isSignificantChange,
  type MarkerDraw,
  type MarkerSignal,
  markerLeadTimeMonths,
  markerSignal,
  type PostIl2Pair,
  pairPostIl2Samples,
  referenceChangeValue,
  standardizedValue,
} from "./markers";
export {
  type CountingProcessRow,
  deriveOutcome,
  immortalTimeWarning,
  impossibleEvents,
  landmarkDataset,
  originDateOf,
  type SubjectHistory,
  type SubjectOutcome,
  type TimeToEvent,
  timeVaryingTreatment,
} from "./outcomes";
export { addDays, daysBetween, daysPerMonth, type PlainDate } from "./plain-date";
export {
  cutoffOn,
  type Drug,
  type Protocol,
  type ProtocolProblem,
  parseProtocol,
  protocolSchema,
  seedProtocol,
  type TimeOrigin,
  timeOrigins,
} from "./protocol";
export {
  bestOverallResponse,
  hasClinicalBenefit,
  overallResponse,
  type Response,
  type TargetLesion,
  targetResponse,
  targetSum,
} from "./recist";
export type {
  FollowUpRecord,
  LabResultRecord,
  ProgressionRecord,
  ResponseAssessmentRecord,
  SubjectRecord,
} from "./records";
export {
  type AdministrationRecord,
  type ControlVisit,
  type CyclePlan,
  dueOn,
  type PlannedDose,
  type PlanRequest,
  planCycles,
  type SamplingWindow,
} from "./scheduler";
