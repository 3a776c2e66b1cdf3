/** How one field of a record is entered: its label, control and choices. */
export interface FieldSpec {
  name: string;
  label: string;
  type: "text" | "number" | "date" | "datetime" | "select" | "checkbox" | "textarea";
  options?: readonly (string | { value: string; label: string })[];
  required?: boolean;
  /** A hint shown under the control, e.g. the unit. */
  hint?: string;
}

/** A kind of record the site enters, with its API path and fields. */
export interface RecordKind {
  entity: string;
  path: string;
  /** Name of the form, in the trial's words. */
  title: string;
  fields: FieldSpec[];
}

const relation = ["", "unrelated", "unlikely", "possible", "probable", "definite"];

export const administrationKind: RecordKind = {
  entity: "administration",
  path: "administrations",
  title: "Administration",
  fields: [
    // Its choices are the catalogue's drugs (GET /api/catalogue).
    { name: "drug", label: "Drug", type: "select", required: true },
    {
      name: "status",
      label: "Status",
      type: "select",
      options: ["given", "skipped", "delayed"],
      required: true,
    },
    { name: "scheduledDate", label: "Scheduled date", type: "date" },
    { name: "givenAt", label: "Given at (UTC)", type: "datetime" },
    { name: "dose", label: "Dose", type: "number", hint: "IU for IFN-β and IL-2" },
    { name: "unit", label: "Unit", type: "text" },
    { name: "route", label: "Route", type: "select", options: ["", "sc", "im", "oral", "iv"] },
    // The cycle and week are computed from the date and the subject's cycle 1 day 1.
    {
      name: "reason",
      label: "Reason (skip, delay or deviation)",
      type: "text",
      hint: "why it was skipped or delayed, or given outside its protocol weeks",
    },
  ],
};

export const visitKind: RecordKind = {
  entity: "visit",
  path: "visits",
  title: "Visit",
  fields: [
    { name: "visitDate", label: "Visit date", type: "date", required: true },
    // Its choices are the protocol's visits, with screening and end of treatment.
    { name: "kind", label: "Kind of visit", type: "select", required: true },
    { name: "notes", label: "Notes", type: "textarea" },
  ],
};

export const progressionKind: RecordKind = {
  entity: "progression",
  path: "progressions",
  title: "Progression",
  fields: [
    { name: "progressedOn", label: "Progression date", type: "date", required: true },
    {
      name: "method",
      label: "Method",
      type: "select",
      options: [
        { value: "imaging", label: "imaging (new lesions or RECIST progression)" },
        { value: "clinical", label: "clinical" },
      ],
      required: true,
    },
    {
      name: "notes",
      label: "Notes (new lesions, sites)",
      type: "textarea",
      hint: "a marker signal alone is not a progression",
    },
  ],
};

/** The subject's baseline facts, changed on her record (with a reason, like every change). */
export const baselineKind: RecordKind = {
  entity: "subject",
  path: "subjects",
  title: "Baseline facts",
  fields: [
    { name: "yearOfBirth", label: "Year of birth", type: "number" },
    {
      name: "menopausalStatus",
      label: "Menopausal status",
      type: "select",
      options: ["", "pre", "peri", "post", "unknown"],
    },
    {
      name: "erStatus",
      label: "Estrogen receptors",
      type: "select",
      options: ["", "positive", "negative", "unknown"],
    },
    {
      name: "pgrStatus",
      label: "Progesterone receptors",
      type: "select",
      options: ["", "positive", "negative", "unknown"],
    },
    {
      name: "her2Status",
      label: "HER2",
      type: "select",
      options: ["", "positive", "negative", "unknown"],
    },
    { name: "dfiMonths", label: "Disease-free interval", type: "number", hint: "months" },
    { name: "boneMetastases", label: "Bone metastases", type: "checkbox" },
    { name: "softTissueMetastases", label: "Soft-tissue metastases", type: "checkbox" },
    { name: "visceralMetastases", label: "Visceral metastases", type: "checkbox" },
    { name: "metastaticSiteCount", label: "Number of metastatic sites", type: "number" },
    { name: "primaryDiagnosisDate", label: "Primary diagnosis", type: "date" },
    { name: "metastasisMarkerDate", label: "Metastases by marker signal", type: "date" },
    { name: "metastasisImagingDate", label: "Metastases by imaging", type: "date" },
    { name: "hormoneTherapyStart", label: "Start of first-line hormone therapy", type: "date" },
    { name: "hormoneTherapyAgent", label: "Anti-estrogen agent", type: "text" },
    { name: "biologicalTherapy", label: "Biological therapy", type: "checkbox" },
    { name: "clinicalBenefitDate", label: "Clinical benefit confirmed on", type: "date" },
    { name: "firstIfnDate", label: "First IFN-β dose", type: "date", hint: "cycle 1 day 1" },
  ],
};

export const sampleKind: RecordKind = {
  entity: "sample",
  path: "samples",
  title: "Sample",
  fields: [
    { name: "drawnAt", label: "Drawn at (UTC)", type: "datetime", required: true },
    {
      name: "relation",
      label: "Relation to IL-2",
      type: "select",
      options: [
        { value: "pre", label: "pre (before the cycle's first IL-2 dose)" },
        { value: "post", label: "post (24–72 h after an IL-2 dose)" },
        { value: "routine", label: "routine" },
      ],
      required: true,
    },
  ],
};

export const labResultKind: RecordKind = {
  entity: "labResult",
  path: "lab-results",
  title: "Lab result",
  fields: [
    { name: "sampleId", label: "Sample", type: "select", required: true },
    // Its choices and units come from GET /api/catalogue.
    { name: "analyte", label: "Analyte", type: "select", required: true },
    { name: "value", label: "Value", type: "number" },
    {
      name: "unit",
      label: "Unit",
      type: "text",
      required: true,
      hint: "the catalogue unit is filled in; another convertible unit is accepted",
    },
    { name: "referenceLow", label: "Reference range low", type: "number" },
    { name: "referenceHigh", label: "Reference range high", type: "number" },
    { name: "belowLimit", label: "Below the limit of detection", type: "checkbox" },
    { name: "missingReason", label: "Reason the value is missing", type: "text" },
    { name: "assay", label: "Assay / method", type: "text" },
    { name: "gating", label: "Gating (cells)", type: "text" },
  ],
};

export const responseAssessmentKind: RecordKind = {
  entity: "responseAssessment",
  path: "response-assessments",
  title: "Response assessment",
  fields: [
    { name: "assessedOn", label: "Assessed on", type: "date", required: true },
    {
      name: "criteria",
      label: "Criteria",
      type: "select",
      options: ["RECIST1.1", "WHO"],
      required: true,
    },
    {
      name: "overallResponse",
      label: "Overall response",
      type: "select",
      options: ["CR", "PR", "SD", "PD", "NE"],
      required: true,
    },
    { name: "method", label: "Method", type: "text" },
  ],
};

export const lesionKind: RecordKind = {
  entity: "lesion",
  path: "lesions",
  title: "Lesion",
  fields: [
    { name: "assessmentId", label: "Assessment", type: "select", required: true },
    {
      name: "kind",
      label: "Lesion",
      type: "select",
      options: ["target", "non-target", "new"],
      required: true,
    },
    { name: "location", label: "Location", type: "text", required: true },
    { name: "diameterMm", label: "Diameter (mm)", type: "number" },
    {
      name: "status",
      label: "Non-target status",
      type: "select",
      options: ["present", "absent", "progressed"],
    },
    { name: "lymphNode", label: "Lymph node (short axis)", type: "checkbox" },
  ],
};

export const adverseEventKind: RecordKind = {
  entity: "adverseEvent",
  path: "adverse-events",
  title: "Adverse event",
  fields: [
    // Its choices are the CTCAE v5 terms of the catalogue; each grade shows its definition.
    { name: "term", label: "CTCAE v5 term", type: "select", required: true },
    {
      name: "grade",
      label: "CTCAE grade",
      type: "select",
      options: ["1", "2", "3", "4", "5"],
      required: true,
    },
    { name: "onsetDate", label: "Onset", type: "date", required: true },
    { name: "resolutionDate", label: "Resolution", type: "date" },
    {
      name: "serious",
      label: "Serious",
      type: "checkbox",
      hint: "seriousness (hospitalization, life-threatening…) is apart from the grade",
    },
    { name: "relationIfn", label: "Related to IFN-β", type: "select", options: relation },
    { name: "relationIl2", label: "Related to IL-2", type: "select", options: relation },
    {
      name: "relationAntiEstrogen",
      label: "Related to the anti-estrogen",
      type: "select",
      options: relation,
    },
  ],
};

export const followUpKind: RecordKind = {
  entity: "followUp",
  path: "follow-ups",
  title: "Follow-up",
  fields: [
    { name: "contactDate", label: "Date of last contact", type: "date", required: true },
    {
      name: "vitalStatus",
      label: "Vital status",
      type: "select",
      options: ["alive", "dead", "lost"],
      required: true,
    },
    { name: "deathDate", label: "Date of death", type: "date" },
    { name: "deathCause", label: "Cause of death", type: "text" },
  ],
};

export const subjectKind: RecordKind = {
  entity: "subject",
  path: "subjects",
  title: "Enrol a subject",
  fields: [
    { name: "siteId", label: "Site", type: "select", required: true },
    {
      name: "pseudonym",
      label: "Pseudonym",
      type: "text",
      required: true,
      hint: "the key to the person stays at the site",
    },
    // Its choices are the current protocol's arms (GET /api/catalogue).
    { name: "arm", label: "Arm", type: "select", required: true },
    { name: "enrolmentDate", label: "Enrolment date", type: "date", required: true },
    { name: "yearOfBirth", label: "Year of birth", type: "number" },
    {
      name: "menopausalStatus",
      label: "Menopausal status",
      type: "select",
      options: ["", "pre", "peri", "post", "unknown"],
    },
    { name: "hormoneTherapyStart", label: "Start of first-line hormone therapy", type: "date" },
    { name: "hormoneTherapyAgent", label: "Anti-estrogen agent", type: "text" },
    { name: "clinicalBenefitDate", label: "Clinical benefit confirmed on", type: "date" },
    { name: "firstIfnDate", label: "First IFN-β dose", type: "date" },
    { name: "visceralMetastases", label: "Visceral metastases", type: "checkbox" },
  ],
};

/**
 * The enrolment form of a study's protocol: the arm is chosen among the protocol's arms, or, in
 * a protocol that randomizes, left out (randomization gives it) while the record asks for what
 * eligibility and stratification read from it (receptor status, disease-free interval).
 *
 * @example
 * subjectKindFor({ arms: [{ code: "control" }], randomization: { … } }).fields.some((f) => f.name === "arm"); // => false
 */
export function subjectKindFor(
  protocol: { arms?: { code: string; label?: string }[]; randomization?: unknown } | undefined,
): RecordKind {
  if (!protocol) return subjectKind;
  const arms = (protocol.arms ?? []).map((arm) => ({
    value: arm.code,
    label: arm.label ?? arm.code,
  }));
  if (!protocol.randomization) {
    return {
      ...subjectKind,
      fields: subjectKind.fields.map((field) =>
        field.name === "arm" ? { ...field, options: arms } : field,
      ),
    };
  }
  return {
    ...subjectKind,
    fields: [
      ...subjectKind.fields.filter((field) => field.name !== "arm"),
      {
        name: "erStatus",
        label: "Estrogen receptors",
        type: "select",
        options: ["", "positive", "negative", "unknown"],
      },
      {
        name: "dfiMonths",
        label: "Disease-free interval",
        type: "number",
        hint: "months from the primary diagnosis to the metastases",
      },
    ],
  };
}
