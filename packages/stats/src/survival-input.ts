import { failure, type Outcome, success } from "./outcome";

/** Survival times as the caller gives them: follow-up time and event status (1 = event). */
export interface SurvivalColumns {
  /** Time of the event or of censoring (the stop time of (start, stop] rows). */
  time: ArrayLike<number>;
  /** 1 = the event happened at `time`, 0 = censored at `time`. */
  status: ArrayLike<number>;
  /** Entry time of (start, stop] rows (delayed entry, time-varying covariates). */
  start?: ArrayLike<number>;
}

/** Validated survival columns in typed arrays. */
export interface CheckedSurvival {
  time: Float64Array;
  status: Uint8Array;
  start?: Float64Array;
}

/**
 * Checks survival columns and copies them into typed arrays.
 *
 * Rejects, with a message naming the first offending row: no rows, columns of different lengths,
 * a missing (NaN) or infinite time, a negative time, a status other than 0 or 1, and a start
 * time not before its stop time (R's `Surv` turns that row into NA and `coxph` drops it; Ciclo
 * asks for the row to be fixed instead of dropping it silently).
 *
 * @example
 * checkSurvivalColumns({ time: [5, 8], status: [1, 2] });
 * // => { ok: false, problem: { code: "bad_status", message: "status[1] is 2; …" } }
 */
export function checkSurvivalColumns(columns: SurvivalColumns): Outcome<CheckedSurvival> {
  const n = columns.time.length;
  if (n === 0) return failure("no_rows", "there are no observations; give at least one row");
  if (columns.status.length !== n) {
    return failure(
      "length_mismatch",
      `time has ${n} values but status has ${columns.status.length}; give one status per time`,
    );
  }
  const time = copyToFloat64(columns.time);
  const status = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const problem = timeProblem("time", i, time[i]);
    if (problem) return failure("bad_time", problem);
    const s = columns.status[i];
    if (s !== 0 && s !== 1) {
      return failure(
        "bad_status",
        `status[${i}] is ${s}; status must be 1 for an event or 0 for a censored time`,
      );
    }
    status[i] = s;
  }
  if (!columns.start) return success({ time, status });
  if (columns.start.length !== n) {
    return failure(
      "length_mismatch",
      `time has ${n} values but start has ${columns.start.length}; give one start per time`,
    );
  }
  const start = copyToFloat64(columns.start);
  for (let i = 0; i < n; i++) {
    const problem = timeProblem("start", i, start[i]);
    if (problem) return failure("bad_time", problem);
    if (!(start[i] < time[i])) {
      return failure(
        "bad_interval",
        `row ${i} starts at ${start[i]} and stops at ${time[i]}; a (start, stop] interval needs start < stop`,
      );
    }
  }
  return success({ time, status, start });
}

/** A copy in a Float64Array: one block copy when the column already is one. */
function copyToFloat64(values: ArrayLike<number>): Float64Array {
  return values instanceof Float64Array ? values.slice() : Float64Array.from(values);
}

function timeProblem(name: string, row: number, value: number): string | undefined {
  if (Number.isNaN(value)) {
    return `${name}[${row}] is missing (NaN); give a time or drop the row`;
  }
  if (!Number.isFinite(value)) return `${name}[${row}] is ${value}; times must be finite`;
  if (value < 0) return `${name}[${row}] is ${value}; times must be ≥ 0`;
  return undefined;
}

/** A grouping column coded as integers over its sorted levels, as R's `factor()` does. */
export interface FactorCodes {
  /** Level labels in R's order: numeric order when every value reads as a number, else sorted text. */
  levels: string[];
  /** For each row, the index of its level. */
  codes: Int32Array;
}

/**
 * Codes a grouping column by its sorted distinct values (R's default factor levels, whose first
 * level is the reference of treatment contrasts).
 *
 * Numbers, and text that reads as numbers, sort numerically; other text by the ICU root collation
 * that R uses to sort strings (so "control" comes before "IL2", and "b" before "B").
 *
 * @example
 * factorCodes(["b", "a", "b"]); // => { levels: ["a", "b"], codes: Int32Array [1, 0, 1] }
 */
export function factorCodes(values: ArrayLike<string | number>): FactorCodes {
  // Levels are coded in order of appearance, then renumbered in sorted order. While there are
  // few, a row is looked up by comparing with each (arms, sites: a pointer comparison when the
  // caller's labels are shared strings); beyond, by one hash lookup. NaN is one level, as a
  // Map key is.
  const firstSeen = new Map<string | number, number>();
  const distinct: (string | number)[] = [];
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    let code = -1;
    if (distinct.length <= 16) {
      for (let k = 0; k < distinct.length; k++) {
        const level = distinct[k];
        if (level === value || (Number.isNaN(level) && Number.isNaN(value))) {
          code = k;
          break;
        }
      }
    } else code = firstSeen.get(value) ?? -1;
    if (code < 0) {
      code = distinct.length;
      distinct.push(value);
      firstSeen.set(value, code);
    }
    codes[i] = code;
  }
  // Labels that are all numbers ("2", "10") sort as numbers, as R's read.csv + factor() would.
  const numeric = distinct.every(
    (v) => typeof v === "number" || (v.trim() !== "" && Number.isFinite(Number(v))),
  );
  const sorted = [...distinct].sort(
    numeric ? (a, b) => Number(a) - Number(b) : (a, b) => compareLabels(String(a), String(b)),
  );
  const renumber = new Int32Array(distinct.length);
  sorted.forEach((value, k) => {
    renumber[firstSeen.get(value) as number] = k;
  });
  for (let i = 0; i < codes.length; i++) codes[i] = renumber[codes[i]];
  return { levels: sorted.map(String), codes };
}

const rootCollation = new Intl.Collator("und");

/** R's order of text labels (ICU root collation), ties broken by code point. */
function compareLabels(a: string, b: string): number {
  return rootCollation.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
