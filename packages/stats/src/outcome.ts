/**
 * What a statistics function returns when the input may be wrong: the result, or a problem that
 * says what to change. A thrown Error is kept for bugs.
 *
 * @example
 * const outcome = kaplanMeier({ time: [1, -2], status: [1, 0] });
 * if (!outcome.ok) console.log(outcome.problem.message); // "time[1] is -2; times must be ≥ 0"
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: StatsProblem };

/** A user-caused problem: a stable code for programs and a message for people. */
export interface StatsProblem {
  code: string;
  message: string;
}

export function success<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function failure<T>(code: string, message: string): Outcome<T> {
  return { ok: false, problem: { code, message } };
}
