import {
  csvFormats,
  findStudy,
  type ImportCounts,
  type ImportKind,
  importKinds,
  type Problem,
  type Result,
  type RowProblem,
  type Tx,
} from "@ciclo/store";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { type ForeignRow, importForeignRows } from "./form-import";

/**
 * How a REDCap project maps into Ciclo: a JSON file a data manager edits. Each form names the
 * REDCap instrument, the Ciclo kind it fills, which REDCap field fills each Ciclo column, and
 * how coded answers translate (REDCap stores the code of a radio or dropdown choice, `1` or `0`
 * for yes/no and for each box of a checkbox field `field___code`).
 *
 * @example
 * { "forms": [{ "instrument": "enrolment", "kind": "subjects",
 *   "columns": { "site_code": "site", "arm": "arm", "bone_metastases": "met_sites___1" },
 *   "values": { "arm": { "1": "treated", "2": "control" } } }] }
 */
export const redcapMapping = z.strictObject({
  /** The REDCap field that names the subject (record_id by default): her pseudonym. */
  recordId: z.string().min(1).default("record_id"),
  /** Time zone offset of REDCap's local date-times, e.g. "+01:00" (UTC by default). */
  timeOffset: z
    .string()
    .regex(/^(Z|[+-]\d{2}:\d{2})$/, "use Z or an offset like +01:00")
    .default("Z"),
  forms: z
    .array(
      z.strictObject({
        instrument: z.string().min(1),
        kind: z.enum(importKinds),
        /** Only rows of this REDCap event (longitudinal projects), e.g. "baseline_arm_1". */
        event: z.string().min(1).optional(),
        /** Ciclo column → REDCap field (a checkbox box as `field___code`). */
        columns: z.record(z.string(), z.string().min(1)),
        /** Ciclo column → (REDCap code → Ciclo value). */
        values: z.record(z.string(), z.record(z.string(), z.string())).default({}),
        /** Ciclo column → fixed value for every row (e.g. relation: routine). */
        constants: z.record(z.string(), z.string()).default({}),
      }),
    )
    .min(1, "map at least one REDCap instrument to a Ciclo kind"),
});
export type RedcapMapping = z.infer<typeof redcapMapping>;

/** A field of the REDCap data dictionary, as far as the import reads it. */
interface DictionaryField {
  name: string;
  form: string;
  type: string;
  validation: string;
  /** The codes of a radio, dropdown or checkbox field. */
  choices: string[];
}

const dictionaryColumns = {
  name: "Variable / Field Name",
  form: "Form Name",
  type: "Field Type",
  choices: "Choices, Calculations, OR Slider Labels",
  validation: "Text Validation Type OR Show Slider Number",
};

/**
 * Imports a REDCap project: its data dictionary (CSV as REDCap exports it), its records (the
 * flat CSV export: `record_id`, `redcap_event_name`, `redcap_repeat_instrument`,
 * `redcap_repeat_instance`, one column per field, `field___code` per checkbox box, dates
 * Y-M-D) and the mapping file, into the study, all or nothing. Every row that does not fit is
 * reported with its line in the records file: a field the dictionary lacks, a code the mapping
 * does not translate, a repeating instrument no form maps, and every rule of the store's import.
 *
 * @example
 * const imported = await store.transaction(actor, (tx) =>
 *   importRedcap(tx, { dictionary, records, mapping }, { reason: "moved from REDCap" }));
 * imported.ok || imported.problem.rows; // => [{ row: 7, field: "ae_grade", message: "…" }]
 */
export async function importRedcap(
  tx: Tx,
  files: { dictionary: string; records: string; mapping: unknown },
  { studyId, siteIds, reason }: { studyId?: string; siteIds?: string[]; reason: string },
): Promise<Result<ImportCounts[]>> {
  const study = await findStudy(tx, studyId === undefined ? {} : { id: studyId });
  if (!study.ok) return study;
  const mapping = redcapMapping.safeParse(files.mapping);
  if (!mapping.success)
    return refuse(
      mapping.error.issues.map((issue) => ({
        row: 0,
        field: `mapping.${issue.path.join(".")}`,
        message: issue.message,
      })),
    );
  const dictionary = readDictionary(files.dictionary);
  if (!dictionary.ok) return dictionary;
  const rows = foreignRows(files.records, dictionary.value, mapping.data);
  if (!rows.ok) return rows;
  return importForeignRows(tx, rows.value, { studyId: study.value.id, siteIds, reason });
}

function refuse(rows: RowProblem[]): { ok: false; problem: Problem } {
  return {
    ok: false,
    problem: {
      code: "import_rejected",
      message: `the REDCap export was not imported: ${rows.length} problem(s), the first: ${rows[0].message}`,
      rows,
    },
  };
}

function readCsv(text: string): Record<string, string>[] | string {
  try {
    return parse(text, { columns: true, bom: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    return (error as Error).message;
  }
}

function readDictionary(text: string): Result<Map<string, DictionaryField>> {
  const rows = readCsv(text);
  if (typeof rows === "string")
    return refuse([{ row: 1, field: "(dictionary)", message: `not a CSV file: ${rows}` }]);
  const missing = Object.values(dictionaryColumns).filter((column) => !(column in (rows[0] ?? {})));
  if (missing.length > 0)
    return refuse([
      {
        row: 1,
        field: "(dictionary)",
        message: `the data dictionary lacks the column(s) ${missing.join(", ")}; export it from REDCap's Dictionary page`,
      },
    ]);
  const fields = new Map<string, DictionaryField>();
  for (const row of rows) {
    const type = row[dictionaryColumns.type];
    const choices =
      type === "radio" || type === "dropdown" || type === "checkbox"
        ? row[dictionaryColumns.choices]
            .split("|")
            .map((choice) => choice.split(",")[0].trim())
            .filter(Boolean)
        : type === "yesno" || type === "truefalse"
          ? ["1", "0"]
          : [];
    fields.set(row[dictionaryColumns.name], {
      name: row[dictionaryColumns.name],
      form: row[dictionaryColumns.form],
      type,
      validation: row[dictionaryColumns.validation] ?? "",
      choices,
    });
  }
  return { ok: true, value: fields };
}

/** A REDCap answer as the Ciclo column's text: yes/no and checkboxes as booleans, date-times in ISO. */
function cicloValue(
  raw: string,
  field: DictionaryField,
  checkboxCode: string | undefined,
  mapping: RedcapMapping,
): string {
  if (raw === "") return "";
  if (checkboxCode !== undefined || field.type === "yesno" || field.type === "truefalse")
    return raw === "1" ? "true" : raw === "0" ? "false" : raw;
  if (field.validation.startsWith("datetime")) {
    const [date, time = "00:00"] = raw.split(" ");
    const seconds = time.length === 5 ? `${time}:00` : time;
    return `${date}T${seconds}${mapping.timeOffset}`;
  }
  return raw;
}

function foreignRows(
  text: string,
  dictionary: Map<string, DictionaryField>,
  mapping: RedcapMapping,
): Result<ForeignRow[]> {
  const records = readCsv(text);
  if (typeof records === "string")
    return refuse([{ row: 1, field: "(records)", message: `not a CSV file: ${records}` }]);
  const header = Object.keys(records[0] ?? {});
  const problems: RowProblem[] = [];
  if (!header.includes(mapping.recordId))
    problems.push({
      row: 1,
      field: mapping.recordId,
      message: `the records have no column '${mapping.recordId}'; export them with the record ID field, or set recordId in the mapping`,
    });
  // Every mapped field must be in the dictionary and in the records' header.
  for (const form of mapping.forms)
    for (const [column, redcapField] of Object.entries(form.columns)) {
      if (!csvFormats[form.kind].columns.some((each) => each.name === column))
        problems.push({
          row: 0,
          field: `mapping.${form.instrument}.${column}`,
          message: `'${column}' is not a column of Ciclo's ${form.kind}; use one of ${csvFormats[form.kind].columns.map((each) => each.name).join(", ")}`,
        });
      const [name, code] = redcapField.split("___");
      const field = dictionary.get(name);
      if (!field)
        problems.push({
          row: 0,
          field: `mapping.${form.instrument}.${column}`,
          message: `REDCap field '${name}' is not in the data dictionary`,
        });
      else if (code !== undefined && !field.choices.includes(code))
        problems.push({
          row: 0,
          field: `mapping.${form.instrument}.${column}`,
          message: `'${code}' is not a choice of checkbox field '${name}'; its choices are ${field.choices.join(", ")}`,
        });
      if (!header.includes(redcapField))
        problems.push({
          row: 1,
          field: redcapField,
          message: `the records have no column '${redcapField}'; export every field of instrument '${form.instrument}'`,
        });
    }
  if (problems.length > 0) return refuse(problems);
  const repeating = new Set(mapping.forms.map((form) => form.instrument));
  const rows: ForeignRow[] = [];
  records.forEach((record, index) => {
    const line = index + 2;
    const instrument = record.redcap_repeat_instrument ?? "";
    if (instrument && !repeating.has(instrument)) {
      problems.push({
        row: line,
        field: "redcap_repeat_instrument",
        message: `instrument '${instrument}' is not mapped to a Ciclo kind; add it to the mapping's forms or leave its rows out`,
      });
      return;
    }
    for (const form of mapping.forms) {
      if (form.event && record.redcap_event_name !== form.event) continue;
      const fields = Object.entries(form.columns);
      const ofForm = instrument
        ? instrument === form.instrument
        : dictionaryFormOf(fields, dictionary) === form.instrument &&
          fields.some(([, redcapField]) => (record[redcapField] ?? "") !== "");
      if (!ofForm) continue;
      const values: Record<string, string> = {
        pseudonym: record[mapping.recordId] ?? "",
        ...form.constants,
      };
      for (const [column, redcapField] of fields) {
        const [name, code] = redcapField.split("___");
        const field = dictionary.get(name) as DictionaryField;
        const raw = record[redcapField] ?? "";
        const translate = form.values[column];
        if (translate && raw !== "") {
          if (!(raw in translate)) {
            problems.push({
              row: line,
              field: redcapField,
              message: `code '${raw}' of '${redcapField}' has no Ciclo value for ${column}; add it to the mapping's values (${Object.keys(translate).join(", ")} are mapped)`,
            });
            continue;
          }
          values[column] = translate[raw];
          continue;
        }
        if (
          raw !== "" &&
          code === undefined &&
          field.choices.length > 0 &&
          !field.choices.includes(raw)
        ) {
          problems.push({
            row: line,
            field: redcapField,
            message: `'${raw}' is not a choice of '${name}'; its choices are ${field.choices.join(", ")}`,
          });
          continue;
        }
        values[column] = cicloValue(raw, field, code, mapping);
      }
      const instance = record.redcap_repeat_instance ? `#${record.redcap_repeat_instance}` : "";
      rows.push({
        kind: form.kind as ImportKind,
        values,
        line,
        origin: `line ${line} (record ${values.pseudonym}, ${form.instrument}${instance})`,
      });
    }
  });
  if (problems.length > 0) return refuse(problems);
  return { ok: true, value: rows };
}

/** The REDCap instrument the mapped fields of a form belong to. */
function dictionaryFormOf(
  fields: [string, string][],
  dictionary: Map<string, DictionaryField>,
): string | undefined {
  const [, first] = fields[0] ?? [];
  return first ? dictionary.get(first.split("___")[0])?.form : undefined;
}
