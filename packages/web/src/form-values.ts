import type { StoredRecord } from "./api-types";
import type { FieldSpec } from "./record-fields";

/** What a form holds while it is edited: text for inputs, booleans for checkboxes. */
export type FormValues = Record<string, string | boolean>;

/**
 * The form's starting values: a stored record's values, or empty ones for a new record.
 *
 * @example
 * formValuesOf(fields, { drawnAt: "2025-02-04T09:00:00.000Z" }).drawnAt; // => "2025-02-04T09:00"
 */
export function formValuesOf(fields: FieldSpec[], record?: Partial<StoredRecord>): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const value = record?.[field.name];
    if (field.type === "checkbox") values[field.name] = value === true;
    else if (value === null || value === undefined) values[field.name] = "";
    else if (field.type === "datetime") values[field.name] = String(value).slice(0, 16);
    else values[field.name] = String(value);
  }
  return values;
}

/**
 * The API's value of one field: numbers as numbers, a date-time typed in UTC as ISO 8601, an
 * empty control as null.
 */
export function apiValueOf(field: FieldSpec, value: string | boolean): unknown {
  if (field.type === "checkbox") return value === true;
  const text = String(value).trim();
  if (text === "") return null;
  if (field.type === "number" || (field.type === "select" && field.name === "grade")) {
    return Number(text);
  }
  if (field.type === "datetime") return `${text.length === 16 ? `${text}:00` : text}Z`;
  return text;
}

/** The body of a new record: every field that has a value. */
export function createdBody(fields: FieldSpec[], values: FormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const value = apiValueOf(field, values[field.name]);
    if (value !== null && !(field.type === "checkbox" && value === false)) body[field.name] = value;
  }
  return body;
}

/** The changes of an edit: only the fields whose value differs from the stored record. */
export function changedFields(
  fields: FieldSpec[],
  values: FormValues,
  record: StoredRecord,
): Record<string, unknown> {
  const before = formValuesOf(fields, record);
  const changes: Record<string, unknown> = {};
  for (const field of fields) {
    if (values[field.name] !== before[field.name]) {
      changes[field.name] = apiValueOf(field, values[field.name]);
    }
  }
  return changes;
}
