/**
 * A user-caused failure, as a value. Every store operation that a user's input can make fail
 * returns one of these instead of throwing; an exception from the store means a bug.
 */
export interface Problem {
  code: ProblemCode;
  /** What is wrong and what to change, in the words of the trial. */
  message: string;
  /** The field at fault, when there is one. */
  field?: string;
  /** Every bad row of an import, so that one report lists them all. */
  rows?: RowProblem[];
}

export type ProblemCode =
  | "invalid"
  | "not_found"
  | "stale_version"
  | "reason_required"
  | "duplicate"
  | "locked"
  | "move_refused"
  | "forbidden"
  | "import_rejected"
  | "invalid_protocol"
  | "ineligible"
  | "already_randomized"
  | "not_randomized"
  | "enrolment_stopped";

export interface RowProblem {
  /** 1-based line of the CSV file, counting the header as line 1. */
  row: number;
  field: string;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (problem: Problem): { ok: false; problem: Problem } => ({ ok: false, problem });

const statuses: Record<ProblemCode, number> = {
  invalid: 400,
  reason_required: 400,
  forbidden: 403,
  not_found: 404,
  stale_version: 409,
  duplicate: 409,
  locked: 423,
  move_refused: 422,
  import_rejected: 422,
  invalid_protocol: 422,
  ineligible: 422,
  already_randomized: 409,
  not_randomized: 409,
  enrolment_stopped: 409,
};

/**
 * The one mapping from a problem to an HTTP status.
 *
 * @example
 * statusOf({ code: "stale_version", message: "…" }); // => 409
 */
export function statusOf(problem: Problem): number {
  return statuses[problem.code];
}
