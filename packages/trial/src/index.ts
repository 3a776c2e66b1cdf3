/**
 * @ciclo/trial — the trial's domain: protocol documents, the cycle scheduler, clinical rules and
 * derived outcomes. Pure: dates and clocks arrive as arguments.
 */
export {
  type AnalyteDefinition,
  analytes,
  checkPhysiologicalLimits,
  type Normalized,
  normalizeUnit,
} from "./analytes";
export { ctcaeGrade, gradedAnalytes } from "./ctcae";
export { type CycleWeek, cycleWeek, cycleWeekOfDate, dateOfCycleDay } from "./cycle-week";
export {
  formatPath,
  type ParsedProtocol,
  type ProtocolProblem,
  parseProtocol,
} from "./parse-protocol";
export {
  addDays,
  dateOfInstant,
  daysBetween,
  daysPerMonth,
  type PlainDate,
  weekdayOf,
} from "./plain-date";
export {
  type Arm,
  type Cutoff,
  type Drug,
  type Protocol,
  protocolSchema,
  type TimeOrigin,
  timeOrigins,
} from "./protocol-schema";
export type {
  FollowUpRecord,
  LabResultRecord,
  ProgressionRecord,
  ResponseAssessmentRecord,
  SubjectRecord,
} from "./records";
export { seedProtocol } from "./seed-protocol";
