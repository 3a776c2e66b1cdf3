/**
 * Why the trial engine could not derive a value: a stable `code` for programs (a caller matches
 * on it, never on the words) and a `message` for people that says what to record or change.
 *
 * | code                      | what is wrong                                                |
 * | ------------------------- | ------------------------------------------------------------ |
 * | `unknown_analyte`         | the analyte is not in the catalogue                          |
 * | `unconvertible_unit`      | the unit does not convert to the catalogue's unit            |
 * | `missing_value`           | the result has no value                                      |
 * | `no_cutoff`               | the protocol has no cut-off for the marker, date, site, assay |
 * | `no_baseline`             | 'baseline' standardization without the cycle's pre-IL-2 draw |
 * | `zero_baseline`           | the pre-IL-2 value is 0                                      |
 * | `not_graded`              | CTCAE grades no such analyte                                 |
 * | `no_reference_range`      | a CTCAE grade needs the laboratory's LLN or ULN              |
 * | `too_few_baseline_draws`  | the Treg baseline needs more draws in clinical benefit       |
 * | `missing_date`            | a date the rule is timed from is not recorded                |
 * | `not_recist`              | a response derived from an assessment of other criteria      |
 * | `no_baseline_assessment`  | RECIST needs a baseline assessment                           |
 * | `missing_diameter`        | a baseline target lesion has no diameter                     |
 * | `unreadable_document`     | a protocol text is neither JSON nor YAML                     |
 */
export type TrialProblemCode =
  | "unknown_analyte"
  | "unconvertible_unit"
  | "missing_value"
  | "no_cutoff"
  | "no_baseline"
  | "zero_baseline"
  | "not_graded"
  | "no_reference_range"
  | "too_few_baseline_draws"
  | "missing_date"
  | "not_recist"
  | "no_baseline_assessment"
  | "missing_diameter"
  | "unreadable_document";

/** The one failure shape of the trial engine's derivations. */
export interface TrialProblem {
  ok: false;
  code: TrialProblemCode;
  message: string;
}

/**
 * A derivation's answer: its value's fields with `ok: true`, or a `TrialProblem`.
 *
 * @example
 * const value: Derived<{ value: number }> = { ok: true, value: 1.5 };
 */
export type Derived<T> = ({ ok: true } & T) | TrialProblem;

/**
 * @example
 * trialProblem("missing_value", "CEA of 2025-03-05T09:00:00Z is missing");
 * // => { ok: false, code: "missing_value", message: "CEA of 2025-03-05T09:00:00Z is missing" }
 */
export function trialProblem(code: TrialProblemCode, message: string): TrialProblem {
  return { ok: false, code, message };
}
