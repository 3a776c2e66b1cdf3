import type { PlainDate } from "./plain-date";

/**
 * The plain records the trial's rules read. They mirror the store's rows (camelCase, nullable
 * where the store allows null) so that a query result and a simulated cohort feed the same
 * functions. Every record carries `subjectId`, so a cohort's records can be passed as flat
 * arrays. Dates are 'YYYY-MM-DD'; draw and dose times are ISO instants in UTC.
 */

/** An ISO 8601 instant in UTC, e.g. '2024-03-01T09:30:00Z'. */
export type Instant = string;

export type ReceptorStatus = "positive" | "negative" | "unknown";

/**
 * One subject's baseline: arm, prognostic factors and the key dates that time origins use.
 *
 * @example
 * const subject: SubjectRecord = { subjectId: "PI-001", arm: "treated", enrolmentDate: "1993-02-01", firstIfnDate: "1993-02-01" };
 */
export interface SubjectRecord {
  subjectId: string;
  /** Arm code from the protocol, e.g. 'treated' or 'control'. */
  arm: string;
  siteId?: string | null;
  pseudonym?: string | null;
  yearOfBirth?: number | null;
  menopausalStatus?: "pre" | "peri" | "post" | "unknown" | null;
  erStatus?: ReceptorStatus | null;
  pgrStatus?: ReceptorStatus | null;
  her2Status?: ReceptorStatus | null;
  /** Disease-free interval, months (0 to `maxDfiMonths`). */
  dfiMonths?: number | null;
  boneMetastases?: boolean | null;
  softTissueMetastases?: boolean | null;
  visceralMetastases?: boolean | null;
  metastaticSiteCount?: number | null;
  primaryDiagnosisDate?: PlainDate | null;
  /** Metastatic diagnosis by marker signal. */
  metastasisMarkerDate?: PlainDate | null;
  /** Metastatic diagnosis confirmed by imaging. */
  metastasisImagingDate?: PlainDate | null;
  /** Start of first-line hormone therapy. */
  hormoneTherapyStart?: PlainDate | null;
  /** Anti-estrogen agent code from the protocol, e.g. 'tamoxifen', 'letrozole'. */
  hormoneTherapyAgent?: string | null;
  biologicalTherapy?: boolean | null;
  /** Date clinical benefit was confirmed. */
  clinicalBenefitDate?: PlainDate | null;
  /** First IFN-β dose (cycle 1 day 1); none for controls. */
  firstIfnDate?: PlainDate | null;
  enrolmentDate: PlainDate;
}

export type AdministrationStatus = "given" | "skipped" | "delayed";

/**
 * One recorded administration: the truth the plan is recomputed from. A 'delayed' record names
 * the planned date it moves (`scheduledDate`); the dose itself is recorded as 'given' on the
 * day it was given.
 *
 * @example
 * const dose: AdministrationRecord = { subjectId: "PI-001", drug: "il-2", scheduledDate: "1993-03-08", givenAt: "1993-03-08T09:00:00Z", status: "given" };
 */
export interface AdministrationRecord {
  subjectId: string;
  /** Drug code from the protocol, e.g. 'ifn-beta', 'il-2'. */
  drug: string;
  scheduledDate?: PlainDate | null;
  givenAt?: Instant | null;
  dose?: number | null;
  unit?: string | null;
  route?: string | null;
  status: AdministrationStatus;
  reason?: string | null;
  cycle?: number | null;
  week?: number | null;
}

export type SampleRelation = "pre" | "post" | "routine";

/**
 * One result of one sample, with the sample's draw time and its relation to IL-2 copied in so
 * that the marker and immune rules need no join. Values are in the catalogue's unit (see
 * `normalizeUnit`).
 *
 * @example
 * const cea: LabResultRecord = { subjectId: "PI-001", sampleId: "S1", drawnAt: "1993-03-08T08:00:00Z", relation: "pre", analyte: "CEA", value: 4.2, unit: "ng/mL" };
 */
export interface LabResultRecord {
  subjectId: string;
  sampleId?: string | null;
  drawnAt: Instant;
  relation?: SampleRelation | null;
  cycle?: number | null;
  /** Analyte code from the catalogue, e.g. 'CEA', 'TREG'. */
  analyte: string;
  /** Null when missing; the reason is in `missingReason`. */
  value: number | null;
  unit: string;
  referenceLow?: number | null;
  referenceHigh?: number | null;
  assay?: string | null;
  gating?: string | null;
  belowLimit?: boolean | null;
  missingReason?: string | null;
  /** Site of the laboratory, for site-specific cut-offs. */
  siteId?: string | null;
}

export type ResponseCriteria = "RECIST1.1" | "WHO";
export type OverallResponse = "CR" | "PR" | "SD" | "PD" | "NE";

/** A lesion measured at one assessment. A lymph node is measured on its short axis (RECIST 1.1). */
export interface LesionRecord {
  /** Stable across assessments, e.g. 'liver-1'. */
  location: string;
  kind: "target" | "non-target" | "new";
  /** Longest diameter (short axis for a lymph node), mm; null when not measurable. */
  diameterMm?: number | null;
  lymphNode?: boolean | null;
  /** Non-target lesions: 'present', 'absent' (disappeared) or 'progressed' (unequivocal). */
  status?: "present" | "absent" | "progressed" | null;
}

/**
 * One tumor assessment with the criteria used. `overallResponse` is the one recorded; the
 * RECIST rules can derive it from `lesions`.
 */
export interface ResponseAssessmentRecord {
  subjectId: string;
  assessedOn: PlainDate;
  criteria: ResponseCriteria;
  overallResponse?: OverallResponse | null;
  method?: string | null;
  lesions?: LesionRecord[] | null;
}

/** An adjudicated progression. A marker signal is never one. */
export interface ProgressionRecord {
  subjectId: string;
  progressedOn: PlainDate;
  method: "imaging" | "clinical";
}

/** A contact: vital status and, for a death, its date and cause. */
export interface FollowUpRecord {
  subjectId: string;
  contactDate: PlainDate;
  vitalStatus: "alive" | "dead" | "lost";
  deathDate?: PlainDate | null;
  deathCause?: string | null;
}

/** The end of a subject's treatment for a reason other than progression or death. */
export interface WithdrawalRecord {
  subjectId: string;
  withdrawnOn: PlainDate;
  reason?: string | null;
}

/** A hold of all cytokines from `from` until `to` (exclusive); open while `to` is missing. */
export interface HoldRecord {
  subjectId: string;
  from: PlainDate;
  to?: PlainDate | null;
  reason?: string | null;
}

/**
 * The longest disease-free interval a record may hold, in months: 50 years. A longer interval
 * between a primary breast cancer and its metastasis is not clinically plausible, so it is
 * refused as a typing error; the simulator never draws one.
 */
export const maxDfiMonths = 600;
