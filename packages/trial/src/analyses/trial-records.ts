import type {
  AdministrationRecord,
  FollowUpRecord,
  LabResultRecord,
  ProgressionRecord,
  ResponseAssessmentRecord,
  SubjectRecord,
} from "../records";

/**
 * The records an analysis of the whole trial reads, as flat arrays: what the store returns for
 * a study and what the simulator produces for a cohort.
 */
export interface TrialRecords {
  subjects: SubjectRecord[];
  administrations: AdministrationRecord[];
  labResults: LabResultRecord[];
  progressions: ProgressionRecord[];
  followUps: FollowUpRecord[];
  responseAssessments?: ResponseAssessmentRecord[];
}
