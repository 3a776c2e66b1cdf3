/** One field's problem found by a rule that looks at a whole record. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * A rule beyond each field's own type, run on every write of an entity (a new record, and an
 * edited record with its changes applied), on the API and in CSV imports alike. It returns the
 * record as it is to be stored (e.g. converted to the catalogue unit), or every problem found.
 */
export type RecordCheck = (
  record: Record<string, unknown>,
) => { ok: true; record: Record<string, unknown> } | { ok: false; problems: FieldProblem[] };
