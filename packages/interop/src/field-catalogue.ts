import {
  type ColumnType,
  camel,
  csvFormats,
  type EntityName,
  entities,
  type ImportKind,
  importKinds,
} from "@ciclo/store";
import { type AnalyteDefinition, analytes, type Protocol } from "@ciclo/trial";
import type { z } from "zod";

/**
 * One field of a Ciclo form, described once for every standard Ciclo writes: ODM's ItemDef,
 * SDTM's variable, FHIR's coding and REDCap's mapping all read this description.
 *
 * Nothing here is a second list of fields. A form is a kind of the store's CSV registry
 * (`csvFormats`): its columns give the name, label, type and unit; the record registry's zod
 * schema (`entities`) gives the code list of an enumerated field; the trial's analyte catalogue
 * gives the LOINC codes and units of results; the protocol gives the visits. Only the standard
 * codes no registry holds (the SDTM variable a column maps to) are added, in `standardCodes`,
 * keyed by the registry's own column names (a test checks each key names a column).
 */
export interface FieldDescription {
  /** The form: the CSV kind the field is a column of, e.g. `lab-results`. */
  form: ImportKind;
  /** The record the field is kept on. */
  entity: EntityName;
  /** The column name, as the CSV file and the ODM ItemDef name it, e.g. `drawn_at`. */
  column: string;
  /** The record's field, e.g. `drawnAt`. */
  field: string;
  label: string;
  type: ColumnType;
  required: boolean;
  /** The unit of a measured field (months, mm); results carry their unit in the `unit` column. */
  unit?: string;
  /** The values an enumerated field may take, from the record registry. */
  codeList?: readonly string[];
  /** SDTM domain and variable the field maps to, e.g. `DM.BRTHDTC`. */
  sdtm?: string;
}

/** A form of the study: one kind of record, with the event it is recorded at. */
export interface FormDescription {
  form: ImportKind;
  entity: EntityName;
  label: string;
  /** One row per subject (the enrolment form), or any number. */
  repeating: boolean;
  /** The events (protocol visits or the study's logs) the form is recorded at. */
  events: readonly string[];
  fields: FieldDescription[];
}

/** An event of the study: a protocol visit, enrolment, or a log kept all along. */
export interface EventDescription {
  code: string;
  label: string;
  type: "Scheduled" | "Unscheduled" | "Common";
  repeating: boolean;
  /** Cycle week and weekday of a protocol visit. */
  cycleWeek?: number;
  weekday?: number;
  forms: ImportKind[];
}

/** Everything the standards need to know about the study's data, derived from one protocol. */
export interface StudyDescription {
  protocol: Protocol;
  events: EventDescription[];
  forms: FormDescription[];
  /** The analytes results may name, with LOINC codes and units. */
  analytes: AnalyteDefinition[];
}

/** The column that names the subject in every form: the ODM SubjectKey, not an item. */
export const subjectKeyColumn = "pseudonym";

/** The events Ciclo keeps besides the protocol's visits. */
export const enrolmentEvent = "ENROLMENT";
export const unscheduledEvent = "UNSCHEDULED";
export const onStudyEvent = "ON_STUDY";

const formLabels: Record<ImportKind, string> = {
  subjects: "Enrolment and baseline",
  administrations: "Drug administrations",
  visits: "Visits",
  "lab-results": "Laboratory results",
  progressions: "Progression",
  "response-assessments": "Tumour response (RECIST)",
  lesions: "Lesions",
  "adverse-events": "Adverse events (CTCAE v5)",
  "follow-up": "Follow-up",
};

/**
 * The SDTM variable (SDTMIG 3.4) each column maps to where the mapping is direct. Derived
 * variables (AGE, --SEQ, --DY, LBNRIND, EPOCH) are computed by the SDTM writer.
 */
const standardCodes: Record<string, string> = {
  "subjects.site_code": "DM.SITEID",
  "subjects.arm": "DM.ARMCD",
  "subjects.year_of_birth": "DM.BRTHDTC",
  "subjects.enrolment_date": "DM.RFICDTC",
  "subjects.first_ifn_date": "DM.RFXSTDTC",
  "subjects.menopausal_status": "SUPPDM.MENOSTAT",
  "subjects.er_status": "SUPPDM.ERSTAT",
  "subjects.pgr_status": "SUPPDM.PGRSTAT",
  "subjects.her2_status": "SUPPDM.HER2STAT",
  "subjects.dfi_months": "SUPPDM.DFIMO",
  "subjects.hormone_therapy_agent": "SUPPDM.HTAGENT",
  "subjects.status": "DS.DSDECOD",
  "administrations.drug": "EX.EXTRT",
  "administrations.given_at": "EX.EXSTDTC",
  "administrations.dose": "EX.EXDOSE",
  "administrations.unit": "EX.EXDOSU",
  "administrations.route": "EX.EXROUTE",
  "administrations.status": "EX.EXOCCUR",
  "administrations.reason": "EX.EXREASOC",
  "visits.visit_date": "SV.SVSTDTC",
  "visits.kind": "SV.VISIT",
  "lab-results.drawn_at": "LB.LBDTC",
  "lab-results.relation": "LB.LBTPT",
  "lab-results.analyte": "LB.LBTESTCD",
  "lab-results.code": "LB.LBLOINC",
  "lab-results.value": "LB.LBORRES",
  "lab-results.unit": "LB.LBORRESU",
  "lab-results.reference_low": "LB.LBORNRLO",
  "lab-results.reference_high": "LB.LBORNRHI",
  "lab-results.assay": "LB.LBMETHOD",
  "lab-results.missing_reason": "LB.LBREASND",
  "progressions.progressed_on": "DS.DSSTDTC",
  "response-assessments.assessed_on": "RS.RSDTC",
  "response-assessments.overall_response": "RS.RSORRES",
  "response-assessments.criteria": "RS.RSCAT",
  "response-assessments.method": "TR.TRMETHOD",
  "lesions.location": "TU.TULOC",
  "lesions.kind": "TU.TUORRES",
  "lesions.diameter_mm": "TR.TRORRES",
  "adverse-events.term": "AE.AETERM",
  "adverse-events.grade": "AE.AETOXGR",
  "adverse-events.onset_date": "AE.AESTDTC",
  "adverse-events.resolution_date": "AE.AEENDTC",
  "adverse-events.serious": "AE.AESER",
  "follow-up.contact_date": "DS.DSDTC",
  "follow-up.vital_status": "DS.DSTERM",
  "follow-up.death_date": "DM.DTHDTC",
};

/** The keys of `standardCodes`, for the test that each names a column of the registry. */
export const standardCodeKeys = Object.keys(standardCodes);

/** The record's field a column holds, and the entity it is kept on. */
function fieldOf(form: ImportKind, column: string): { entity: EntityName; field: string } {
  const entity = csvFormats[form].entity;
  const parent = entities[entity] as { parent?: { entity: string } };
  const field = camel(column);
  const own = (entities[entity].input as z.ZodObject).shape;
  if (field in own || !parent.parent) return { entity, field };
  return { entity: parent.parent.entity as EntityName, field };
}

/** The values of an enumerated field, from the record registry's zod schema. */
function codeListOf(entity: EntityName, field: string): readonly string[] | undefined {
  let schema = (entities[entity].input as z.ZodObject).shape[field] as z.ZodType | undefined;
  while (schema) {
    const def = schema.def as { type: string; innerType?: z.ZodType; entries?: object };
    if (def.type === "enum") return Object.values(def.entries ?? {}) as string[];
    schema = def.innerType;
  }
  return undefined;
}

/** A column's unit as the registry gives it, when it is a unit (not a list or a range). */
function unitOf(unit: string | undefined): string | undefined {
  if (!unit || unit.includes("|") || /^\d+–\d+$/.test(unit)) return undefined;
  return unit;
}

/**
 * The description of every form and field of a study run under `protocol`.
 *
 * @example
 * const study = describeStudy(seedProtocol);
 * study.forms.find((form) => form.form === "adverse-events")?.fields[1];
 * // => { form: "adverse-events", column: "grade", type: "integer", sdtm: "AE.AETOXGR", … }
 */
export function describeStudy(protocol: Protocol): StudyDescription {
  const forms = importKinds.map((form): FormDescription => {
    const format = csvFormats[form];
    const fields = format.columns
      .filter((column) => column.name !== subjectKeyColumn)
      .map((column): FieldDescription => {
        const { entity, field } = fieldOf(form, column.name);
        const codeList =
          column.name === "site_code"
            ? undefined
            : column.name === "arm"
              ? protocol.arms.map((arm) => arm.code)
              : column.name === "hormone_therapy_agent"
                ? protocol.antiEstrogen.agents.map((agent) => agent.code)
                : column.name === "analyte"
                  ? Object.keys(analytes)
                  : codeListOf(entity, field);
        return {
          form,
          entity,
          column: column.name,
          field,
          label: column.meaning,
          type: column.type,
          required: column.required === true,
          unit: unitOf(column.unit),
          codeList,
          sdtm: standardCodes[`${form}.${column.name}`],
        };
      });
    return {
      form,
      entity: format.entity,
      label: formLabels[form],
      repeating: form !== "subjects",
      events: [],
      fields,
    };
  });
  const events = studyEvents(protocol);
  for (const form of forms)
    form.events = events.filter((event) => event.forms.includes(form.form)).map((e) => e.code);
  return { protocol, events, forms, analytes: Object.values(analytes) };
}

/**
 * The study's events: enrolment, one per protocol visit (each arm's visits by code, once), an
 * unscheduled visit for any other kind of visit, and the on-study log of what happens between
 * visits (doses, draws, assessments, adverse events, follow-up).
 */
function studyEvents(protocol: Protocol): EventDescription[] {
  const visits = new Map<string, EventDescription>();
  for (const arm of protocol.arms)
    for (const visit of arm.visits)
      if (!visits.has(visit.code))
        visits.set(visit.code, {
          code: visitEventCode(visit.code),
          label: visit.label,
          type: "Scheduled",
          repeating: true,
          cycleWeek: visit.cycleWeek,
          weekday: visit.weekday,
          forms: ["visits"],
        });
  return [
    {
      code: enrolmentEvent,
      label: "Enrolment",
      type: "Scheduled",
      repeating: false,
      forms: ["subjects"],
    },
    ...visits.values(),
    {
      code: unscheduledEvent,
      label: "Other visit (screening, end of treatment, …)",
      type: "Unscheduled",
      repeating: true,
      forms: ["visits"],
    },
    {
      code: onStudyEvent,
      label: "On study: doses, draws, assessments, adverse events, follow-up",
      type: "Common",
      repeating: false,
      forms: importKinds.filter((kind) => kind !== "subjects" && kind !== "visits"),
    },
  ];
}

/** The event of a protocol visit, by the visit's code. */
export function visitEventCode(visitCode: string): string {
  return `V.${visitCode.toUpperCase()}`;
}

/**
 * A Ciclo unit in UCUM, as FHIR's Quantity.code wants it.
 *
 * @example
 * ucumUnit("10^9/L"); // => "10*9/L"
 * ucumUnit("cells/µL"); // => "/uL"
 */
export function ucumUnit(unit: string): string {
  const known: Record<string, string> = {
    "10^9/L": "10*9/L",
    "cells/µL": "/uL",
    IU: "[iU]",
    MIU: "10*6.[iU]",
    months: "mo",
  };
  return known[unit] ?? unit.replace(/µ/g, "u");
}
