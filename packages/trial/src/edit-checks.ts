import { analytes, normalizeUnit } from "./analytes";
import { ctcaeTerm } from "./ctcae-terms";
import { cycleWeekOfDate } from "./cycle-week";
import { dateOfInstant, hoursBetween, type PlainDate } from "./plain-date";
import { plausibleLimits } from "./plausible-limits";
import type { Drug, Protocol } from "./protocol-schema";

/**
 * The edit checks a site's entry passes before it is stored (ICH E6 data validation), as rules
 * over one record and what the protocol and the subject's other records say:
 *
 * - a **hard** check refuses the entry: the value cannot be right (an impossible order of dates,
 *   a unit the drug is not dosed in, a dose outside the drug's protocol weeks with no deviation
 *   reason, a CTCAE grade the term does not have);
 * - a **soft** check warns: the value is possible but unusual (beyond the plausible clinical
 *   range, a dose differing from the protocol dose, a date in the future, a draw outside its
 *   window, an enrolment the arm's entry rule does not expect). The site confirms it with a
 *   reason, which the audit trail keeps.
 *
 * Every message names the field by the label the form shows and says what to do.
 */
export type EditCheckSeverity = "hard" | "soft";

export interface EditCheckFinding {
  /** A stable name of the rule, e.g. `dose_outside_weeks`. */
  check: string;
  severity: EditCheckSeverity;
  /** The record's field at fault. */
  field: string;
  message: string;
}

/** What the checks read besides the record itself. */
export interface EditCheckContext {
  protocol: Protocol;
  /** Today at the site: a date after it lies in the future. */
  today: PlainDate;
  /** Now, UTC: an instant after it lies in the future. */
  now: string;
  /** The record's subject, for the checks that depend on her arm and dates. */
  subject?: {
    arm?: string | null;
    enrolmentDate?: PlainDate | null;
    firstIfnDate?: PlainDate | null;
  };
  /** When the subject's IL-2 doses were given (UTC), for the sampling windows. */
  il2GivenAt?: readonly string[];
}

/** The labels the forms show, by entity and field; the messages use them. */
export const fieldLabels: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  subject: {
    enrolmentDate: "Enrolment date",
    primaryDiagnosisDate: "Primary diagnosis",
    metastasisMarkerDate: "Metastases by marker signal",
    metastasisImagingDate: "Metastases by imaging",
    hormoneTherapyStart: "Start of first-line hormone therapy",
    clinicalBenefitDate: "Clinical benefit confirmed on",
    firstIfnDate: "First IFN-β dose",
    yearOfBirth: "Year of birth",
  },
  administration: {
    givenAt: "Given at",
    dose: "Dose",
    unit: "Unit",
    reason: "Reason (skip, delay or deviation)",
  },
  visit: { visitDate: "Visit date" },
  sample: { drawnAt: "Drawn at" },
  labResult: { value: "Value" },
  responseAssessment: { assessedOn: "Assessed on" },
  progression: { progressedOn: "Progression date" },
  adverseEvent: {
    term: "CTCAE v5 term",
    grade: "CTCAE grade",
    onsetDate: "Onset",
    resolutionDate: "Resolution",
  },
  followUp: {
    contactDate: "Date of last contact",
    deathDate: "Date of death",
    vitalStatus: "Vital status",
  },
};

/** Date (D) or date-time (I) fields that cannot lie in the future without a confirmation. */
const notInFuture: Record<string, Record<string, "D" | "I">> = {
  subject: {
    enrolmentDate: "D",
    primaryDiagnosisDate: "D",
    metastasisMarkerDate: "D",
    metastasisImagingDate: "D",
    hormoneTherapyStart: "D",
    clinicalBenefitDate: "D",
    firstIfnDate: "D",
  },
  administration: { givenAt: "I" },
  visit: { visitDate: "D" },
  sample: { drawnAt: "I" },
  responseAssessment: { assessedOn: "D" },
  progression: { progressedOn: "D" },
  adverseEvent: { onsetDate: "D", resolutionDate: "D" },
  followUp: { contactDate: "D", deathDate: "D" },
};

/** Pairs of dates of one record that must come in this order: [earlier, later]. */
const dateOrder: Record<string, [string, string][]> = {
  subject: [
    ["primaryDiagnosisDate", "metastasisMarkerDate"],
    ["primaryDiagnosisDate", "metastasisImagingDate"],
    ["hormoneTherapyStart", "clinicalBenefitDate"],
  ],
  adverseEvent: [["onsetDate", "resolutionDate"]],
  followUp: [["deathDate", "contactDate"]],
};

/**
 * The findings of every edit check on one record as it would be stored.
 *
 * @example
 * editChecks("labResult", { analyte: "CA15-3", value: 99_999, unit: "U/mL" }, { protocol, today: "2025-03-03", now: "2025-03-03T09:00:00Z" });
 * // => [{ check: "implausible_value", severity: "soft", field: "value", message: "Value 99,999 U/mL of CA 15-3 is beyond the plausible range (up to 5,000 U/mL); check it against the laboratory report" }]
 */
export function editChecks(
  entity: string,
  record: Readonly<Record<string, unknown>>,
  context: EditCheckContext,
): EditCheckFinding[] {
  const findings: EditCheckFinding[] = [];
  const label = (field: string) => fieldLabels[entity]?.[field] ?? field;
  for (const [earlier, later] of dateOrder[entity] ?? []) {
    const first = record[earlier];
    const second = record[later];
    if (typeof first === "string" && typeof second === "string" && second < first)
      findings.push({
        check: "dates_out_of_order",
        severity: "hard",
        field: later,
        message: `${label(later)} (${second}) must be on or after ${label(earlier)} (${first}); correct one of the two dates`,
      });
  }
  for (const [field, kind] of Object.entries(notInFuture[entity] ?? {})) {
    const value = record[field];
    if (typeof value !== "string") continue;
    const future =
      kind === "D" ? value > context.today : Date.parse(value) > Date.parse(context.now);
    if (future)
      findings.push({
        check: "date_in_future",
        severity: "soft",
        field,
        message: `${label(field)} (${kind === "D" ? value : value.replace("T", " ").slice(0, 16)}) lies in the future; check the date, or confirm why it is right`,
      });
  }
  if (entity === "subject") findings.push(...subjectChecks(record, context, label));
  if (entity === "administration") findings.push(...administrationChecks(record, context, label));
  if (entity === "sample") findings.push(...sampleChecks(record, context, label));
  if (entity === "labResult") findings.push(...labResultChecks(record, label));
  if (entity === "adverseEvent") findings.push(...adverseEventChecks(record, label));
  if (entity === "followUp") findings.push(...followUpChecks(record, label));
  return findings;
}

type Label = (field: string) => string;

function subjectChecks(
  record: Readonly<Record<string, unknown>>,
  context: EditCheckContext,
  label: Label,
): EditCheckFinding[] {
  const findings: EditCheckFinding[] = [];
  const arm = context.protocol.arms.find((each) => each.code === record.arm);
  const { clinicalBenefitDate, enrolmentDate, yearOfBirth, primaryDiagnosisDate } = record;
  if (
    arm?.requiresClinicalBenefitAtEntry &&
    typeof clinicalBenefitDate === "string" &&
    typeof enrolmentDate === "string" &&
    clinicalBenefitDate > enrolmentDate
  )
    findings.push({
      check: "enrolment_before_clinical_benefit",
      severity: "soft",
      field: "enrolmentDate",
      message: `the ${arm.label} arm enrols subjects already in clinical benefit, but ${label("clinicalBenefitDate")} (${clinicalBenefitDate}) is after the ${label("enrolmentDate")} (${enrolmentDate}); check both dates, or confirm why she was enrolled early`,
    });
  if (
    typeof yearOfBirth === "number" &&
    typeof primaryDiagnosisDate === "string" &&
    Number(primaryDiagnosisDate.slice(0, 4)) < yearOfBirth
  )
    findings.push({
      check: "dates_out_of_order",
      severity: "hard",
      field: "primaryDiagnosisDate",
      message: `${label("primaryDiagnosisDate")} (${primaryDiagnosisDate}) is before the ${label("yearOfBirth").toLowerCase()} (${yearOfBirth}); correct one of the two`,
    });
  return findings;
}

/** The protocol's planned drug of that code, in the subject's arm when it is known. */
function protocolDrug(context: EditCheckContext, code: unknown): Drug | undefined {
  const arms = context.protocol.arms;
  const arm = arms.find((each) => each.code === context.subject?.arm);
  return (arm ? [arm] : arms).flatMap((each) => each.drugs).find((drug) => drug.code === code);
}

function administrationChecks(
  record: Readonly<Record<string, unknown>>,
  context: EditCheckContext,
  label: Label,
): EditCheckFinding[] {
  const findings: EditCheckFinding[] = [];
  const drug = protocolDrug(context, record.drug);
  const anywhere = context.protocol.arms
    .flatMap((arm) => arm.drugs)
    .find((each) => each.code === record.drug);
  if (!anywhere) return findings;
  const name = anywhere.name;
  const { unit, dose, givenAt, status } = record;
  const reason = typeof record.reason === "string" && record.reason.trim() !== "";
  const factor = typeof unit === "string" && drug ? unitFactor(unit, drug.unit) : 1;
  const unitMatches = factor !== undefined;
  if (!unitMatches && drug)
    findings.push({
      check: "unit_not_of_drug",
      severity: "hard",
      field: "unit",
      message: `${label("unit")} '${unit}' is not how ${name} is dosed; record the dose in ${drug.unit}`,
    });
  if (status !== "given") return findings;
  if (!drug) {
    if (!reason)
      findings.push({
        check: "dose_outside_weeks",
        severity: "hard",
        field: "reason",
        message: `the ${context.subject?.arm ?? ""} arm receives no ${name}; give the deviation in ${label("reason")}, or correct the drug`,
      });
    return findings;
  }
  if (typeof dose === "number" && factor !== undefined && dose * factor !== drug.dose)
    findings.push({
      check: "dose_differs",
      severity: "soft",
      field: "dose",
      message: `${label("dose")} ${dose.toLocaleString("en")} ${String(unit ?? drug.unit)} differs from the protocol dose of ${name}, ${drug.dose.toLocaleString("en")} ${drug.unit}; check it, or confirm why`,
    });
  const start = context.subject?.firstIfnDate;
  if (typeof givenAt === "string" && start) {
    const date = dateOfInstant(givenAt);
    const where = cycleWeekOfDate(start, date, context.protocol.cycle.lengthDays);
    const outside = where.cycle < 1 || !drug.weeks.includes(where.week);
    if (outside && !reason) {
      const when =
        where.cycle < 1
          ? `before cycle 1 day 1 (${start})`
          : `in week ${where.week} of cycle ${where.cycle}`;
      findings.push({
        check: "dose_outside_weeks",
        severity: "hard",
        field: "givenAt",
        message: `${name} is given in weeks ${weekRange(drug.weeks)} of a cycle, and ${date} falls ${when}; correct ${label("givenAt")}, or give the deviation in ${label("reason")}`,
      });
    }
  }
  return findings;
}

function sampleChecks(
  record: Readonly<Record<string, unknown>>,
  context: EditCheckContext,
  label: Label,
): EditCheckFinding[] {
  const { drawnAt, relation } = record;
  if (typeof drawnAt !== "string") return [];
  const doses = (context.il2GivenAt ?? []).filter((at) => at <= drawnAt).sort();
  const { minHoursAfter, maxHoursAfter } = context.protocol.sampling.post;
  if (relation === "post") {
    const last = doses.at(-1);
    const hours = last ? hoursBetween(last, drawnAt) : undefined;
    if (hours === undefined || hours < minHoursAfter || hours > maxHoursAfter)
      return [
        {
          check: "draw_outside_window",
          severity: "soft",
          field: "drawnAt",
          message: `a post-IL-2 sample is drawn ${minHoursAfter}–${maxHoursAfter} h after an IL-2 dose, and this ${label("drawnAt").toLowerCase()} ${
            hours === undefined
              ? "follows no recorded IL-2 dose"
              : `is ${Math.round(hours)} h after the last one`
          }; check the time and the relation, or confirm why`,
        },
      ];
  }
  const start = context.subject?.firstIfnDate;
  if (relation === "pre" && start) {
    const length = context.protocol.cycle.lengthDays;
    const cycle = cycleWeekOfDate(start, dateOfInstant(drawnAt), length).cycle;
    const earlier = doses.filter(
      (at) => cycleWeekOfDate(start, dateOfInstant(at), length).cycle === cycle,
    );
    if (earlier.length > 0)
      return [
        {
          check: "draw_outside_window",
          severity: "soft",
          field: "drawnAt",
          message: `a pre-IL-2 sample is drawn before the cycle's first IL-2 dose, and cycle ${cycle} had its first on ${earlier[0].replace("T", " ").slice(0, 16)}; check the time and the relation, or confirm why`,
        },
      ];
  }
  return [];
}

function labResultChecks(
  record: Readonly<Record<string, unknown>>,
  label: Label,
): EditCheckFinding[] {
  const { analyte, value, unit } = record;
  if (typeof analyte !== "string" || typeof value !== "number" || typeof unit !== "string")
    return [];
  const limits = plausibleLimits[analyte];
  const normalized = normalizeUnit(analyte, value, unit);
  if (!limits || !normalized.ok) return [];
  const [low, high] = limits;
  if (normalized.value >= low && normalized.value <= high) return [];
  const name = analytes[analyte]?.label ?? analyte;
  return [
    {
      check: "implausible_value",
      severity: "soft",
      field: "value",
      message: `${label("value")} ${value.toLocaleString("en")} ${unit} of ${name} is beyond the plausible range (${
        low > 0 ? `${low.toLocaleString("en")}–` : "up to "
      }${high.toLocaleString("en")} ${normalized.unit}); check it against the laboratory report`,
    },
  ];
}

function adverseEventChecks(
  record: Readonly<Record<string, unknown>>,
  label: Label,
): EditCheckFinding[] {
  const term = typeof record.term === "string" ? ctcaeTerm(record.term) : undefined;
  const grade = record.grade as 1 | 2 | 3 | 4 | 5 | undefined;
  if (!term || grade === undefined || term.grades[grade]) return [];
  const grades = Object.keys(term.grades).map(Number);
  return [
    {
      check: "grade_not_of_term",
      severity: "hard",
      field: "grade",
      message: `${term.term} has no ${label("grade")} ${grade} in CTCAE v5; choose one of grades ${grades.join(", ")}`,
    },
  ];
}

function followUpChecks(
  record: Readonly<Record<string, unknown>>,
  label: Label,
): EditCheckFinding[] {
  const { vitalStatus, deathDate } = record;
  if (vitalStatus === "dead" && !deathDate)
    return [
      {
        check: "death_without_date",
        severity: "hard",
        field: "deathDate",
        message: `${label("vitalStatus")} is dead: give the ${label("deathDate").toLowerCase()}`,
      },
    ];
  if (vitalStatus !== "dead" && deathDate)
    return [
      {
        check: "death_date_of_living",
        severity: "hard",
        field: "vitalStatus",
        message: `a ${label("deathDate").toLowerCase()} is given, but ${label("vitalStatus").toLowerCase()} is ${String(vitalStatus)}; set it to dead, or clear the date`,
      },
    ];
  return [];
}

/**
 * The factor that brings a dose in `unit` to the protocol's `drugUnit`, or undefined when the
 * unit cannot be one of that drug: units are compared ignoring case, spaces and dots (IU, iu and
 * I.U. name the same), and kIU and MIU are thousands and millions of IU.
 */
function unitFactor(unit: string, drugUnit: string): number | undefined {
  const key = (text: string) => text.toLowerCase().replace(/[\s.]/g, "");
  const [given, wanted] = [key(unit), key(drugUnit)];
  if (given === wanted) return 1;
  const prefixes: Record<string, number> = { k: 1e3, m: 1e6 };
  const prefix = given.slice(0, -wanted.length);
  return given.endsWith(wanted) && wanted === "iu" ? prefixes[prefix] : undefined;
}

/** Weeks as a range when they follow each other: [5, 6, 7, 8] → "5–8". */
function weekRange(weeks: readonly number[]): string {
  const sorted = [...weeks].sort((a, b) => a - b);
  const consecutive = sorted.every((week, i) => i === 0 || week === sorted[i - 1] + 1);
  return consecutive && sorted.length > 1 ? `${sorted[0]}–${sorted.at(-1)}` : sorted.join(", ");
}

/**
 * The soft check of a recorded overall response against the RECIST 1.1 response its lesions
 * give: the investigator may judge otherwise, with a reason the monitor then reviews.
 *
 * @example
 * recistDisagreement("SD", "PR")?.message;
 * // => "Overall response SD differs from PR, the RECIST 1.1 response computed from the lesions; correct it, or give the reason (a query goes to the monitor)"
 */
export function recistDisagreement(
  recorded: string | null,
  recist: string | null,
): EditCheckFinding | undefined {
  if (!recorded || !recist || recorded === recist) return undefined;
  return {
    check: "response_differs_from_recist",
    severity: "soft",
    field: "overallResponse",
    message: `Overall response ${recorded} differs from ${recist}, the RECIST 1.1 response computed from the lesions; correct it, or give the reason (a query goes to the monitor)`,
  };
}
