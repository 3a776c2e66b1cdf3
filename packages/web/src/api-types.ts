/** The shapes the web application reads from the API (see /api/openapi.json). */

/** A role code, one of the catalogue's `roles`. */
export type Role = string;

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
  /** Records in the whole list, all pages. */
  total: number;
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
  /** Why nothing is due and no alert is computed (the current protocol), or null. */
  protocolProblem: string | null;
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

/** GET /api/catalogue: the choices the pages offer, from the trial engine, protocol and store. */
export interface Catalogue {
  analytes: {
    code: string;
    label: string;
    group: "marker" | "immune" | "cytokine" | "chemistry";
    unit: string;
    units: string[];
  }[];
  markers: string[];
  immunePanel: string[];
  drugs: string[];
  tregAnalyte: string;
  arms: { code: string; label: string; control: boolean }[];
  analysis: {
    origins: { code: string; label: string }[];
    defaultOrigin: string;
    landmarkMonths: number[];
  };
  roles: { role: Role; trialWide: boolean }[];
  /** The CTCAE v5 terms the adverse-event form offers, with each grade's definition. */
  adverseEventTerms: { term: string; soc: string; grades: Record<string, string> }[];
}

/** GET /api/subjects/{id}/charts: what the subject page draws, computed by the trial engine. */
export interface SubjectCharts {
  markers: {
    standardization: "cutoff" | "baseline";
    points: {
      analyte: string;
      drawnAt: string;
      relation: "pre" | "post" | "routine" | null;
      cycle: number | null;
      value: number;
      unit: string;
      standardized: number;
      cutoff: {
        value: number;
        unit: string;
        site: string;
        assay: string;
        validFrom: string;
      } | null;
    }[];
    postIl2Windows: { cycle: number; il2At: string; opensAt: string; closesAt: string }[];
    problems: string[];
  };
  cycles: {
    startDate: string;
    lengthDays: number;
    phases: { name: string; fromDay: number; toDay: number; drugs: string[] }[];
  };
  response: SubjectResponse;
}

/** Each assessment's recorded and RECIST 1.1 response, the best overall response, clinical benefit. */
export interface SubjectResponse {
  assessments: {
    assessedOn: string;
    recorded: string | null;
    recist: string | null;
    targetSum: number | null;
  }[];
  best: { response: string; assessedOn: string | null } | null;
  clinicalBenefit: { value: boolean; reason: string } | null;
  problems: string[];
}
