/**
 * @ciclo/sim — virtual patients and cohorts of the hormone-immunotherapy trial, calibrated to
 * the published figures (domain.md §5), and power by simulation. Pure and seeded: every
 * function takes its generator (`seededRandom(seed)`) as an argument.
 *
 * Failure contract: nothing here reads user input except the power design, whose problems come
 * back as values with a message; a thrown Error means a bug.
 */

export { type Random, seededRandom } from "@ciclo/trial";
export {
  type CalibrationFigure,
  type CalibrationStatistics,
  calibrationStatistics,
  publishedFigures,
  type ReplicateSummary,
  replicateSummary,
} from "./calibration-statistics";
export { calibratedModel, type PatientModel, type SimulatedArm } from "./patient-model";
export {
  type AdverseEventRecord,
  type PatientRecords,
  patientRecords,
  type VisitRecord,
} from "./patient-records";
export { responseAssessments } from "./response-assessments";
export { type CohortSpec, type SimulatedCohort, simulateCohort } from "./simulate-cohort";
export { type PowerDesign, type PowerEstimate, simulatePower } from "./simulate-power";
export { drawVirtualPatient, type VirtualPatient } from "./virtual-patient";
