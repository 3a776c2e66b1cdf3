/** The shapes the web application reads from the API (see /api/openapi.json). */

export type Role =
  | "investigator"
  | "coordinator"
  | "data_manager"
  | "monitor"
  | "statistician"
  | "admin"
  | "randomization_manager";

export interface Me {
  userId: string;
  username: string;
  displayName: string;
  roles: { role: Role; siteId: string | null }[];
  csrfToken: string;
  sessionExpiresAt: string;
}

/** Every stored record carries these; the rest are its entity's fields. */
export interface StoredRecord {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  // biome-ignore lint/suspicious/noExplicitAny: fields differ by entity and are read by name
  [field: string]: any;
}

export interface Page<T> {
  items: T[];
  limit: number;
  offset: number;
}

export interface DueRow {
  subjectId: string;
  pseudonym: string;
  kind: "administration" | "visit" | "sample";
  what: string;
  date: string;
}

export interface DashboardAlert {
  kind: "markerSignal" | "tregIncrease" | "postIl2Rise";
  subjectId: string;
  pseudonym: string;
  analyte: string;
  drawnAt: string;
  message: string;
}

export interface SiteAccess {
  id: string;
  studyId: string;
  code: string;
  name: string;
  actions: string[];
}

export interface Dashboard {
  today: string;
  sites: SiteAccess[];
  enrolment: { siteId: string; arm: string; subjects: number }[];
  subjectsInClinicalBenefit: number;
  subjects: number;
  dueToday: DueRow[];
  overdue: DueRow[];
  openQueries: number;
  alerts: DashboardAlert[];
}

export interface AuditEntry {
  [field: string]: unknown;
}

/** A subject's allocation as a site sees it once made (POST/GET /api/subjects/{id}/randomization). */
export interface Randomization {
  arm: string;
  stratum: string;
  sequence: number;
  randomizedAt: string;
}
