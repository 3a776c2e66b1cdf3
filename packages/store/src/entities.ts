import { isPlainDate, maxDfiMonths } from "@ciclo/trial";
import { z } from "zod";
import { readInstant } from "./calendar-date";
import { checkLabResult } from "./check-lab-result";
import { checkProtocolDocument } from "./check-protocol-document";
import type { EntityTable } from "./entity-rows";
import type { RecordCheck } from "./record-check";
import { checkStoredJson, storedText } from "./stored-text";

/**
 * The registry of the records Ciclo keeps. Each entry names its table, the zod schema of what a
 * client may write, and how the record reaches a site (directly, or through its subject), so the
 * one generic repository can create, change, delete, version, lock and audit every entity alike.
 */
const isoDate = storedText()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "use a date as YYYY-MM-DD")
  .refine(isPlainDate, "not a calendar date");
const isoInstant = storedText()
  .refine(
    (text) => readInstant(text) !== undefined,
    "use an ISO 8601 date-time on a calendar date, e.g. 2024-03-01T09:30:00Z",
  )
  .transform((text) => readInstant(text) as string);
// Ids, codes and names are keys of unique indexes: bounded, since an index entry has a size limit.
const id = storedText()
  .min(1, "give the id of an existing record")
  .max(100, "give the id of an existing record");
const receptor = z.enum(["positive", "negative", "unknown"]);

/** The fields declared free text by `freeText`. */
const freeTextFields = z.registry<{ freeText: true }>();

/**
 * Declares a field free text: prose a site writes (notes, reasons, answers) that no analysis
 * reads and that may name or describe a person. Readers without identifying access (the
 * statistician) get it empty, in records and in CSV exports alike (see `identifyingFields`).
 * A coded text an analysis reads (an analyte, a CTCAE term, a lesion's location) is not free text.
 */
function freeText<T extends z.ZodType>(schema: T): T {
  freeTextFields.add(schema, { freeText: true });
  return schema;
}

export const studyInput = z.object({
  code: storedText().min(1).max(40).describe("Short unique study code, e.g. CICLO-PILOT"),
  title: storedText().min(1).describe("Full title of the study"),
});

export const protocolVersionInput = z.object({
  studyId: id,
  number: z.number().int().positive().describe("Protocol version number, 1, 2, …"),
  effectiveDate: isoDate.describe("Date from which this version applies"),
  document: z
    .record(storedText(), z.unknown())
    .check(checkStoredJson)
    .describe("The protocol document, validated by the trial engine"),
});

export const siteInput = z.object({
  studyId: id,
  code: storedText().min(1).max(40).describe("Short site code, e.g. PI"),
  name: storedText().min(1).max(200).describe("Site name, e.g. Pisa"),
});

export const roles = [
  "investigator",
  "coordinator",
  "data_manager",
  "monitor",
  "statistician",
  "admin",
  "randomization_manager",
] as const;
export type Role = (typeof roles)[number];

/**
 * Roles held for the whole study (the statistician, the administrator, the randomization
 * manager); every other role is held at a site and names it.
 */
export const studyWideRoles: readonly Role[] = ["statistician", "admin", "randomization_manager"];

/** A site role names its site: without one it would grant nothing, or be read as study-wide. */
const checkRoleAssignment: RecordCheck = (record) =>
  studyWideRoles.includes(record.role as Role) || record.siteId
    ? { ok: true, record }
    : {
        ok: false,
        problems: [
          {
            field: "siteId",
            message: `a ${String(record.role)} works at a site: give its siteId (only ${studyWideRoles.join(" and ")} are study-wide)`,
          },
        ],
      };

export const userInput = z.object({
  username: storedText().regex(
    /^[a-z0-9._-]{3,40}$/,
    "use 3–40 lower-case letters, digits, dots, dashes or underscores",
  ),
  displayName: storedText().min(1).describe("Name shown with signatures and audit records"),
  passwordHash: storedText()
    .min(1)
    .describe("Set by the server from a password; never a plain password"),
  active: z.boolean().default(true),
});

export const roleAssignmentInput = z.object({
  userId: id,
  siteId: id.nullable().default(null).describe("The site; null for a study-wide role"),
  role: z.enum(roles),
});

export const subjectInput = z.object({
  studyId: id,
  siteId: id,
  pseudonym: storedText()
    .min(1)
    .max(40)
    .describe("Pseudonym; the key to the person stays at the site"),
  arm: storedText()
    .min(1)
    .nullable()
    .optional()
    .describe(
      "Arm code from the protocol, e.g. treated or control; left out in a randomized protocol, where randomization gives it",
    ),
  yearOfBirth: z.number().int().min(1900).max(2100).nullable().optional(),
  menopausalStatus: z.enum(["pre", "peri", "post", "unknown"]).nullable().optional(),
  erStatus: receptor.nullable().optional(),
  pgrStatus: receptor.nullable().optional(),
  her2Status: receptor.nullable().optional(),
  dfiMonths: z
    .number()
    .min(0)
    .max(maxDfiMonths, "a disease-free interval above 50 years (600 months) is not plausible")
    .nullable()
    .optional()
    .describe("Disease-free interval, months"),
  boneMetastases: z.boolean().nullable().optional(),
  softTissueMetastases: z.boolean().nullable().optional(),
  visceralMetastases: z.boolean().nullable().optional(),
  metastaticSiteCount: z.number().int().min(0).max(20).nullable().optional(),
  primaryDiagnosisDate: isoDate.nullable().optional(),
  metastasisMarkerDate: isoDate
    .nullable()
    .optional()
    .describe("Metastatic diagnosis: marker signal"),
  metastasisImagingDate: isoDate.nullable().optional().describe("Metastatic diagnosis: imaging"),
  hormoneTherapyStart: isoDate.nullable().optional(),
  hormoneTherapyAgent: storedText().nullable().optional(),
  biologicalTherapy: z.boolean().nullable().optional(),
  clinicalBenefitDate: isoDate.nullable().optional(),
  firstIfnDate: isoDate.nullable().optional(),
  enrolmentDate: isoDate,
  eligible: z.boolean().default(true),
  status: z.enum(["active", "progressed", "withdrawn", "dead", "completed"]).default("active"),
});

export const drugs = ["ifn-beta", "il-2", "anti-estrogen"] as const;

export const administrationInput = z.object({
  subjectId: id,
  drug: z.enum(drugs),
  scheduledDate: isoDate.nullable().optional(),
  givenAt: isoInstant.nullable().optional().describe("When it was given, UTC"),
  dose: z.number().positive().nullable().optional(),
  unit: storedText().nullable().optional(),
  route: z.enum(["im", "sc", "oral", "iv"]).nullable().optional(),
  status: z.enum(["given", "skipped", "delayed"]),
  reason: freeText(storedText().nullable().optional().describe("Why skipped or delayed")),
  cycle: z.number().int().positive().nullable().optional(),
  week: z.number().int().positive().nullable().optional(),
});

export const visitInput = z.object({
  subjectId: id,
  visitDate: isoDate,
  kind: storedText().min(1).describe("e.g. control, screening, end of treatment"),
  notes: freeText(storedText().nullable().optional()),
});

export const sampleInput = z.object({
  subjectId: id,
  drawnAt: isoInstant.describe("Draw time, UTC"),
  relation: z.enum(["pre", "post", "routine"]).describe("Relation to the nearest IL-2 dose"),
  cycle: z.number().int().positive().nullable().optional(),
});

export const labResultInput = z.object({
  sampleId: id,
  analyte: storedText().min(1).max(40).describe("Analyte code from the catalogue, e.g. CEA"),
  code: storedText().nullable().optional().describe("LOINC or local code"),
  value: z.number().finite().nullable().optional(),
  unit: storedText().min(1),
  referenceLow: z.number().nullable().optional(),
  referenceHigh: z.number().nullable().optional(),
  assay: storedText().nullable().optional(),
  gating: storedText().nullable().optional(),
  belowLimit: z.boolean().default(false),
  missingReason: freeText(
    storedText().nullable().optional().describe("Why the value is missing; kept apart from it"),
  ),
});

export const responseAssessmentInput = z.object({
  subjectId: id,
  assessedOn: isoDate,
  criteria: z.enum(["RECIST1.1", "WHO"]),
  overallResponse: z.enum(["CR", "PR", "SD", "PD", "NE"]),
  method: storedText().nullable().optional(),
});

export const lesionInput = z.object({
  assessmentId: id,
  kind: z.enum(["target", "non-target", "new"]),
  location: storedText().min(1),
  diameterMm: z.number().min(0).max(500).nullable().optional(),
  status: z
    .enum(["present", "absent", "progressed"])
    .nullable()
    .optional()
    .describe("Non-target lesions: present, absent, or unequivocally progressed"),
  lymphNode: z.boolean().default(false).describe("A lymph node: measured by its short axis"),
});

export const progressionInput = z.object({
  subjectId: id,
  progressedOn: isoDate,
  method: z.enum(["imaging", "clinical"]),
  notes: freeText(storedText().nullable().optional()),
});

const relation = z.enum(["unrelated", "unlikely", "possible", "probable", "definite"]);
export const adverseEventInput = z.object({
  subjectId: id,
  term: storedText().min(1).describe("CTCAE v5 term"),
  grade: z.number().int().min(1).max(5),
  onsetDate: isoDate,
  resolutionDate: isoDate.nullable().optional(),
  serious: z.boolean().default(false),
  relationIfn: relation.nullable().optional(),
  relationIl2: relation.nullable().optional(),
  relationAntiEstrogen: relation.nullable().optional(),
});

export const followUpInput = z.object({
  subjectId: id,
  contactDate: isoDate,
  vitalStatus: z.enum(["alive", "dead", "lost"]),
  deathDate: isoDate.nullable().optional(),
  deathCause: freeText(storedText().nullable().optional()),
});

export const queryInput = z.object({
  entity: storedText().min(1).max(40).describe("Entity of the record queried, e.g. labResult"),
  recordId: id,
  field: storedText().nullable().optional(),
  text: freeText(storedText().min(1).describe("The question to the site")),
  status: z.enum(["open", "answered", "closed"]).default("open"),
  answer: freeText(storedText().nullable().optional()),
});

export const signatureInput = z.object({
  entity: storedText().min(1).max(40),
  recordId: id,
  meaning: z.enum(["author", "review", "approval", "lock"]).describe("What the signature means"),
});

/** How a record's site is found: on the row itself, or through its subject. */
type Scope = "study" | "site" | "subject";

export interface EntityDefinition {
  /** Its table, named as the query builder names it (camelCase). */
  table: EntityTable;
  input: z.ZodObject;
  scope: Scope;
  /** Clinical data: edits need a reason, signatures lock them. */
  clinical: boolean;
  /**
   * The parent whose subject a new record inherits, e.g. a lab result from its sample. A change
   * may name another parent of the same subject only: the record never leaves its subject.
   */
  parent?: { field: string; entity: string };
  /**
   * References set at creation that no change may alter: a record does not move to another
   * subject or study, and a query or signature keeps its target. (A subject's site is not among
   * them: moving a subject between sites is allowed to a user who may write at both.)
   */
  fixed?: readonly string[];
  /**
   * Removing one needs a reason although it is not clinical data: removing a signature unlocks
   * the signed record, and the audit trail must say why.
   */
  reasonToRemove?: boolean;
  /** A rule over the whole record, run on every create and on every edit with its changes applied. */
  check?: RecordCheck;
  /**
   * Date or date-time fields that may not precede the subject's enrolment. Visits and response
   * assessments are not among them: screening and the baseline scan come before enrolment.
   */
  notBeforeEnrolment?: string[];
  /**
   * Fields the store fills with who did it (a query's author, a signer): identifying like free
   * text, but not part of what a client writes.
   */
  recordedBy?: string[];
}

export const entities = {
  study: { table: "study", input: studyInput, scope: "study", clinical: false },
  protocolVersion: {
    table: "protocolVersion",
    input: protocolVersionInput,
    scope: "study",
    clinical: false,
    check: checkProtocolDocument,
    fixed: ["studyId"],
  },
  site: {
    table: "site",
    input: siteInput,
    scope: "study",
    clinical: false,
    fixed: ["studyId"],
  },
  user: { table: "appUser", input: userInput, scope: "study", clinical: false },
  roleAssignment: {
    table: "roleAssignment",
    input: roleAssignmentInput,
    scope: "study",
    clinical: false,
    check: checkRoleAssignment,
    fixed: ["userId"],
  },
  subject: {
    table: "subject",
    input: subjectInput,
    scope: "site",
    clinical: true,
    fixed: ["studyId"],
  },
  administration: {
    table: "administration",
    input: administrationInput,
    scope: "subject",
    clinical: true,
    notBeforeEnrolment: ["scheduledDate", "givenAt"],
    fixed: ["subjectId"],
  },
  visit: {
    table: "visit",
    input: visitInput,
    scope: "subject",
    clinical: true,
    fixed: ["subjectId"],
  },
  sample: {
    table: "sample",
    input: sampleInput,
    scope: "subject",
    clinical: true,
    notBeforeEnrolment: ["drawnAt"],
    fixed: ["subjectId"],
  },
  labResult: {
    table: "labResult",
    input: labResultInput,
    scope: "subject",
    clinical: true,
    parent: { field: "sampleId", entity: "sample" },
    check: checkLabResult,
  },
  responseAssessment: {
    table: "responseAssessment",
    input: responseAssessmentInput,
    scope: "subject",
    clinical: true,
    fixed: ["subjectId"],
  },
  lesion: {
    table: "lesion",
    input: lesionInput,
    scope: "subject",
    clinical: true,
    parent: { field: "assessmentId", entity: "responseAssessment" },
  },
  progression: {
    table: "progression",
    input: progressionInput,
    scope: "subject",
    clinical: true,
    notBeforeEnrolment: ["progressedOn"],
    fixed: ["subjectId"],
  },
  adverseEvent: {
    table: "adverseEvent",
    input: adverseEventInput,
    scope: "subject",
    clinical: true,
    notBeforeEnrolment: ["onsetDate"],
    fixed: ["subjectId"],
  },
  followUp: {
    table: "followUp",
    input: followUpInput,
    scope: "subject",
    clinical: true,
    notBeforeEnrolment: ["contactDate"],
    fixed: ["subjectId"],
  },
  query: {
    table: "query",
    input: queryInput,
    scope: "subject",
    clinical: false,
    fixed: ["entity", "recordId"],
    recordedBy: ["raisedBy"],
  },
  signature: {
    table: "signature",
    input: signatureInput,
    scope: "subject",
    clinical: false,
    fixed: ["entity", "recordId"],
    reasonToRemove: true,
    recordedBy: ["signerId", "signerName"],
  },
} satisfies Record<string, EntityDefinition>;

export type EntityName = keyof typeof entities;
export const entityNames = Object.keys(entities) as EntityName[];

export function isEntityName(name: string): name is EntityName {
  return Object.hasOwn(entities, name);
}

/**
 * The fields of an entity that may name or describe a person: its free text (declared with
 * `freeText` on the field) and who recorded it. Readers without identifying access get them
 * empty, in records and in CSV exports alike.
 *
 * @example
 * identifyingFields("labResult"); // => ["missingReason"]
 * identifyingFields("signature"); // => ["signerId", "signerName"]
 */
export function identifyingFields(entity: EntityName): string[] {
  const definition: EntityDefinition = entities[entity];
  const written = Object.entries(definition.input.shape)
    .filter(([, schema]) => freeTextFields.has(schema as z.ZodType))
    .map(([field]) => field);
  return [...written, ...(definition.recordedBy ?? [])];
}

/** Fields a client can never set: the store owns them. */
export const systemFields = ["id", "version", "createdAt", "updatedAt"] as const;
