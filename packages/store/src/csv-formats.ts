import { type EntityDefinition, type EntityName, entities } from "./entities";

/** The type of a CSV column, which decides how its text is read. */
export type ColumnType = "text" | "integer" | "number" | "boolean" | "date" | "instant";

export interface Column {
  name: string;
  type: ColumnType;
  required?: boolean;
  /** The unit of a measured column, or the allowed values. */
  unit?: string;
  meaning: string;
}

/** A CSV file kind: its columns, the entity it fills, and the rules an import checks. */
export interface CsvFormat {
  kind: ImportKind;
  entity: EntityName;
  columns: Column[];
  /** Columns whose values together identify a row; a repeat is a duplicate. */
  key: string[];
  /** The date or date-time columns that may not precede the subject's enrolment. */
  notBeforeEnrolment?: string[];
}

export const importKinds = [
  "subjects",
  "administrations",
  "visits",
  "lab-results",
  "progressions",
  "response-assessments",
  "lesions",
  "adverse-events",
  "follow-up",
] as const;
export type ImportKind = (typeof importKinds)[number];

/**
 * The columns of an entity's dates that may not precede the enrolment: the entity's own rule,
 * named as the file names them (a lab-result file's draw time is its sample's).
 */
function enrolmentBoundColumns(entity: EntityName): string[] {
  const fields = (entities[entity] as EntityDefinition).notBeforeEnrolment ?? [];
  return fields.map(snake);
}

/** A record field's name as a CSV column names it: `drawnAt` → `drawn_at`. */
export const snake = (name: string) =>
  name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** A column's name as a record field names it: `drawn_at` → `drawnAt`. */
export const camel = (name: string) =>
  name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

const pseudonym: Column = {
  name: "pseudonym",
  type: "text",
  required: true,
  meaning: "The subject's pseudonym, as enrolled",
};

export const csvFormats: Record<ImportKind, CsvFormat> = {
  subjects: {
    kind: "subjects",
    entity: "subject",
    key: ["pseudonym"],
    columns: [
      { name: "site_code", type: "text", required: true, meaning: "Code of the enrolling site" },
      pseudonym,
      {
        name: "arm",
        type: "text",
        required: true,
        meaning: "Arm code from the protocol (treated, control)",
      },
      { name: "year_of_birth", type: "integer", meaning: "Year of birth (no full date is kept)" },
      {
        name: "menopausal_status",
        type: "text",
        unit: "pre|peri|post|unknown",
        meaning: "Menopausal status",
      },
      {
        name: "er_status",
        type: "text",
        unit: "positive|negative|unknown",
        meaning: "Estrogen receptor",
      },
      {
        name: "pgr_status",
        type: "text",
        unit: "positive|negative|unknown",
        meaning: "Progesterone receptor",
      },
      { name: "her2_status", type: "text", unit: "positive|negative|unknown", meaning: "HER2" },
      { name: "dfi_months", type: "number", unit: "months", meaning: "Disease-free interval" },
      { name: "bone_metastases", type: "boolean", meaning: "Bone metastases present" },
      {
        name: "soft_tissue_metastases",
        type: "boolean",
        meaning: "Soft-tissue metastases present",
      },
      { name: "visceral_metastases", type: "boolean", meaning: "Visceral metastases present" },
      { name: "metastatic_site_count", type: "integer", meaning: "Number of metastatic sites" },
      { name: "primary_diagnosis_date", type: "date", meaning: "Primary diagnosis" },
      {
        name: "metastasis_marker_date",
        type: "date",
        meaning: "Metastatic diagnosis by marker signal",
      },
      {
        name: "metastasis_imaging_date",
        type: "date",
        meaning: "Metastatic diagnosis confirmed by imaging",
      },
      {
        name: "hormone_therapy_start",
        type: "date",
        meaning: "Start of first-line hormone therapy",
      },
      {
        name: "hormone_therapy_agent",
        type: "text",
        meaning: "Anti-estrogen agent (tamoxifen, letrozole, …)",
      },
      {
        name: "biological_therapy",
        type: "boolean",
        meaning: "Also on a biological drug (e.g. CDK4/6 inhibitor)",
      },
      { name: "clinical_benefit_date", type: "date", meaning: "Clinical benefit confirmed" },
      { name: "first_ifn_date", type: "date", meaning: "First IFN-β dose" },
      { name: "enrolment_date", type: "date", required: true, meaning: "Enrolment" },
      { name: "eligible", type: "boolean", meaning: "Eligibility confirmed (default true)" },
      {
        name: "status",
        type: "text",
        unit: "active|progressed|withdrawn|dead|completed",
        meaning: "Subject status",
      },
    ],
  },
  administrations: {
    kind: "administrations",
    entity: "administration",
    key: ["pseudonym", "drug", "scheduled_date", "given_at"],
    notBeforeEnrolment: enrolmentBoundColumns("administration"),
    columns: [
      pseudonym,
      {
        name: "drug",
        type: "text",
        required: true,
        unit: "ifn-beta|il-2|anti-estrogen",
        meaning: "Drug",
      },
      { name: "scheduled_date", type: "date", meaning: "Planned date" },
      { name: "given_at", type: "instant", meaning: "When given (UTC, ISO 8601)" },
      { name: "dose", type: "number", meaning: "Dose given" },
      { name: "unit", type: "text", meaning: "Dose unit, e.g. MIU" },
      { name: "route", type: "text", unit: "im|sc|oral|iv", meaning: "Route" },
      {
        name: "status",
        type: "text",
        required: true,
        unit: "given|skipped|delayed",
        meaning: "What happened",
      },
      { name: "reason", type: "text", meaning: "Why skipped or delayed" },
      { name: "cycle", type: "integer", meaning: "Cycle number" },
      { name: "week", type: "integer", meaning: "Week in cycle" },
    ],
  },
  visits: {
    kind: "visits",
    entity: "visit",
    key: ["pseudonym", "visit_date", "kind"],
    columns: [
      pseudonym,
      {
        name: "visit_date",
        type: "date",
        required: true,
        meaning: "Date of the visit (screening visits may precede enrolment)",
      },
      {
        name: "kind",
        type: "text",
        required: true,
        meaning: "Kind of visit, e.g. screening, control, end of treatment",
      },
      { name: "notes", type: "text", meaning: "Notes" },
    ],
  },
  "lab-results": {
    kind: "lab-results",
    entity: "labResult",
    key: ["pseudonym", "drawn_at", "analyte"],
    notBeforeEnrolment: enrolmentBoundColumns("sample"),
    columns: [
      pseudonym,
      {
        name: "drawn_at",
        type: "instant",
        required: true,
        meaning: "Draw time (UTC, ISO 8601); rows with the same draw time share one sample",
      },
      {
        name: "relation",
        type: "text",
        required: true,
        unit: "pre|post|routine",
        meaning: "Relation to the nearest IL-2 dose",
      },
      { name: "cycle", type: "integer", meaning: "Cycle of the draw" },
      {
        name: "analyte",
        type: "text",
        required: true,
        meaning: "Analyte code from the catalogue (CEA, CA15-3, TPA, CD4, TREG, …)",
      },
      {
        name: "code",
        type: "text",
        meaning: "LOINC or local code (default: the catalogue's code for the analyte)",
      },
      {
        name: "value",
        type: "number",
        meaning: "Result; empty when missing (then give missing_reason)",
      },
      {
        name: "unit",
        type: "text",
        required: true,
        meaning: "Unit of the value; converted to the catalogue's unit",
      },
      { name: "reference_low", type: "number", meaning: "Lower reference limit, in the same unit" },
      {
        name: "reference_high",
        type: "number",
        meaning: "Upper reference limit, in the same unit",
      },
      { name: "assay", type: "text", meaning: "Assay or method" },
      { name: "gating", type: "text", meaning: "Flow-cytometry gating (Treg, NK)" },
      {
        name: "below_limit",
        type: "boolean",
        meaning: "Below the limit of detection or quantification",
      },
      { name: "missing_reason", type: "text", meaning: "Why the value is missing" },
    ],
  },
  progressions: {
    kind: "progressions",
    entity: "progression",
    key: ["pseudonym", "progressed_on"],
    notBeforeEnrolment: enrolmentBoundColumns("progression"),
    columns: [
      pseudonym,
      {
        name: "progressed_on",
        type: "date",
        required: true,
        meaning: "Adjudicated date of progression",
      },
      {
        name: "method",
        type: "text",
        required: true,
        unit: "imaging|clinical",
        meaning: "How it was established",
      },
      { name: "notes", type: "text", meaning: "Notes" },
    ],
  },
  "response-assessments": {
    kind: "response-assessments",
    entity: "responseAssessment",
    key: ["pseudonym", "assessed_on"],
    columns: [
      pseudonym,
      { name: "assessed_on", type: "date", required: true, meaning: "Assessment date" },
      {
        name: "criteria",
        type: "text",
        required: true,
        unit: "RECIST1.1|WHO",
        meaning: "Criteria used",
      },
      {
        name: "overall_response",
        type: "text",
        required: true,
        unit: "CR|PR|SD|PD|NE",
        meaning: "Overall response",
      },
      { name: "method", type: "text", meaning: "Imaging method" },
    ],
  },
  lesions: {
    kind: "lesions",
    entity: "lesion",
    key: ["pseudonym", "assessed_on", "kind", "location"],
    columns: [
      pseudonym,
      {
        name: "assessed_on",
        type: "date",
        required: true,
        meaning: "Date of the stored response assessment the lesion belongs to",
      },
      {
        name: "kind",
        type: "text",
        required: true,
        unit: "target|non-target|new",
        meaning: "RECIST role of the lesion",
      },
      {
        name: "location",
        type: "text",
        required: true,
        meaning: "Organ and site, the same text at every assessment",
      },
      {
        name: "diameter_mm",
        type: "number",
        unit: "mm",
        meaning: "Longest diameter (short axis for lymph nodes); target lesions",
      },
      {
        name: "status",
        type: "text",
        unit: "present|absent|progressed",
        meaning: "Non-target lesions: present, absent, or unequivocally progressed",
      },
      { name: "lymph_node", type: "boolean", meaning: "A lymph node (measured by its short axis)" },
    ],
  },
  "adverse-events": {
    kind: "adverse-events",
    entity: "adverseEvent",
    key: ["pseudonym", "term", "onset_date"],
    notBeforeEnrolment: enrolmentBoundColumns("adverseEvent"),
    columns: [
      pseudonym,
      { name: "term", type: "text", required: true, meaning: "CTCAE v5 term" },
      { name: "grade", type: "integer", required: true, unit: "1–5", meaning: "CTCAE grade" },
      { name: "onset_date", type: "date", required: true, meaning: "Onset" },
      { name: "resolution_date", type: "date", meaning: "Resolution" },
      { name: "serious", type: "boolean", meaning: "Serious (apart from severity)" },
      { name: "relation_ifn", type: "text", meaning: "Relation to IFN-β" },
      { name: "relation_il2", type: "text", meaning: "Relation to IL-2" },
      { name: "relation_anti_estrogen", type: "text", meaning: "Relation to the anti-estrogen" },
    ],
  },
  "follow-up": {
    kind: "follow-up",
    entity: "followUp",
    key: ["pseudonym", "contact_date"],
    notBeforeEnrolment: enrolmentBoundColumns("followUp"),
    columns: [
      pseudonym,
      { name: "contact_date", type: "date", required: true, meaning: "Date of last contact" },
      {
        name: "vital_status",
        type: "text",
        required: true,
        unit: "alive|dead|lost",
        meaning: "Vital status",
      },
      { name: "death_date", type: "date", meaning: "Date of death" },
      { name: "death_cause", type: "text", meaning: "Cause of death" },
    ],
  },
};
