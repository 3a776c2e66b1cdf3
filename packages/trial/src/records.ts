import type { PlainDate } from "./plain-date";

/**
 * The records the rules read: plain data, as the store keeps them and the simulator makes them.
 * Dates are 'YYYY-MM-DD'; instants are ISO 8601 in UTC.
 */
export interface SubjectRecord {
  id: string;
  pseudonym: string;
  arm: string;
  siteId?: string;
  yearOfBirth?: number | null;
  erStatus?: string | null;
  pgrStatus?: string | null;
  her2Status?: string | null;
  dfiMonths?: number | null;
  visceralMetastases?: boolean | null;
  hormoneTherapyStart?: PlainDate | null;
  hormoneTherapyAgent?: string | null;
  biologicalTherapy?: boolean | null;
  metastasisMarkerDate?: PlainDate | null;
  metastasisImagingDate?: PlainDate | null;
  clinicalBenefitDate?: PlainDate | null;
  firstIfnDate?: PlainDate | null;
  enrolmentDate: PlainDate;
}

export interface ProgressionRecord {
  progressedOn: PlainDate;
  method: "imaging" | "clinical";
}

export interface FollowUpRecord {
  contactDate: PlainDate;
  vitalStatus: "alive" | "dead" | "lost";
  deathDate?: PlainDate | null;
}

export interface LabResultRecord {
  analyte: string;
  value: number | null;
  unit: string;
  drawnAt: string;
  relation: "pre" | "post" | "routine";
  cycle?: number | null;
  assay?: string | null;
  belowLimit?: boolean;
}

export interface ResponseAssessmentRecord {
  assessedOn: PlainDate;
  criteria: "RECIST1.1" | "WHO";
  overallResponse: "CR" | "PR" | "SD" | "PD" | "NE";
}
