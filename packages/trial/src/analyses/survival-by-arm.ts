import {
  type CoxZphRow,
  coxPh,
  coxZph,
  kaplanMeier,
  logRank,
  type SurvivalCurve,
  survivalAtTimes,
  survivalQuantiles,
} from "@ciclo/stats";

/**
 * One subject's time to an endpoint, as the trial's outcome derivation gives it: months from
 * the chosen origin to the event or to censoring at the last contact, with the prognostic
 * covariates the adjusted Cox model uses (null when not recorded).
 */
export interface ArmSurvivalRow {
  subjectId: string;
  arm: string;
  /** Months from the origin. */
  time: number;
  /** 1 = progression (PFS) or death (OS); 0 = censored. */
  event: 0 | 1;
  covariates?: Record<string, number | null>;
}

/** One step of a Kaplan–Meier curve, for plots and JSON. */
export interface CurveStep {
  time: number;
  nRisk: number;
  nEvent: number;
  nCensor: number;
  surv: number;
  lower: number;
  upper: number;
}

/** One arm's Kaplan–Meier summary. */
export interface ArmCurve {
  arm: string;
  n: number;
  events: number;
  /** Subjects censored (no event by their last contact). */
  censored: number;
  /** Median time in months with its 95% limits; null when the curve (or limit) never reaches 0.5. */
  median: number | null;
  medianLower: number | null;
  medianUpper: number | null;
  steps: CurveStep[];
  /** Number at risk at each of `riskTimes`. */
  nRiskAt: number[];
}

/** A hazard ratio of one term of a Cox model. */
export interface HazardRatio {
  model: "unadjusted" | "adjusted" | "time-varying";
  term: string;
  hazardRatio: number;
  lower: number;
  upper: number;
  p: number;
  /** Subjects in the model. */
  n: number;
  /** Events the model used. */
  events: number;
}

/** Kaplan–Meier, log-rank and Cox comparison of the arms on one endpoint. */
export interface SurvivalComparison {
  endpoint: string;
  referenceArm: string;
  riskTimes: number[];
  curves: ArmCurve[];
  logRank: { chisq: number; df: number; p: number };
  hazardRatios: HazardRatio[];
  /** Subjects the adjusted model used (complete cases) of all subjects. */
  adjustedN: number;
  adjustedFor: string[];
  /**
   * Test of proportional hazards of each fitted model (R: `cox.zph(fit)`, KM time transform):
   * one row per term (a category's columns jointly) and GLOBAL.
   */
  proportionalHazards: { model: HazardRatio["model"]; rows: CoxZphRow[] }[];
  warnings: string[];
}

export interface SurvivalByArmOptions {
  endpoint: string;
  /** The arm the hazard ratios are relative to (HR = other arm vs this one). */
  referenceArm: string;
  /** Covariate names to adjust for, from each row's `covariates`. */
  adjustFor?: string[];
  /** Times (months) of the risk table; default every 12 months to the last follow-up. */
  riskTimes?: number[];
  /**
   * Model terms of the covariates, a category's columns together (for the PH test), e.g.
   * `{ name: "HER2", columns: ["HER2 positive vs negative", "HER2 unknown vs negative"] }`;
   * by default each covariate is its own term.
   */
  terms?: { name: string; columns: string[] }[];
}

export type SurvivalByArmResult =
  | { ok: true; value: SurvivalComparison }
  | { ok: false; problem: { code: string; message: string } };

/**
 * Compares the arms on one endpoint: Kaplan–Meier curves with risk tables and median times with
 * 95% log intervals, the log-rank test, and Cox hazard ratios (Efron ties) of every arm against
 * `referenceArm`, unadjusted and adjusted for `adjustFor` on the complete cases.
 *
 * Composes `kaplanMeier` (R: `survfit(conf.type = "log")`), `survivalQuantiles`, `survivalAtTimes`,
 * `logRank` (R: `survdiff`) and `coxPh` (R: `coxph(Surv(time, event) ~ arm + …)` with `arm`
 * releveled to the reference) from @ciclo/stats.
 *
 * @example
 * const pfs = survivalByArm(rows, { endpoint: "PFS", referenceArm: "treated" });
 * if (pfs.ok) pfs.value.hazardRatios[0]; // => { model: "unadjusted", term: "control vs treated", … }
 */
export function survivalByArm(
  rows: readonly ArmSurvivalRow[],
  { endpoint, referenceArm, adjustFor = [], riskTimes, terms }: SurvivalByArmOptions,
): SurvivalByArmResult {
  const arms = [...new Set(rows.map((row) => row.arm))].sort();
  if (!arms.includes(referenceArm))
    return problem(
      "unknown_reference_arm",
      `reference arm '${referenceArm}' has no subjects; use one of ${arms.join(", ")}`,
    );
  if (arms.length < 2)
    return problem("one_arm", `${endpoint} needs subjects in two arms; only '${arms[0]}' has any`);
  const time = rows.map((row) => row.time);
  const status = rows.map((row) => row.event);
  const group = rows.map((row) => row.arm);
  const km = kaplanMeier({ time, status, group });
  if (!km.ok) return km;
  const test = logRank({ time, status, group });
  if (!test.ok) return test;
  const times = riskTimes ?? yearlyTimes(Math.max(...time));
  const curves = km.value.curves.map((curve) => armCurve(curve, times));
  const warnings: string[] = [];
  const proportionalHazards: SurvivalComparison["proportionalHazards"] = [];
  const unadjusted = armCox(
    rows,
    referenceArm,
    arms,
    [],
    "unadjusted",
    warnings,
    [],
    proportionalHazards,
  );
  const complete = rows.filter((row) =>
    adjustFor.every((name) => Number.isFinite(row.covariates?.[name] ?? Number.NaN)),
  );
  // A column with one value among the complete cases (e.g. no subject with an unknown HER2)
  // carries no information and would make the model singular: it leaves the model, said so.
  const varying = adjustFor.filter(
    (name) => new Set(complete.map((row) => row.covariates?.[name])).size > 1,
  );
  if (varying.length < adjustFor.length)
    warnings.push(
      `adjusted ${endpoint} model leaves out ${adjustFor.filter((name) => !varying.includes(name)).join(", ")}: every subject in it has the same value`,
    );
  const adjusted =
    adjustFor.length > 0
      ? armCox(
          complete,
          referenceArm,
          arms,
          varying,
          "adjusted",
          warnings,
          terms,
          proportionalHazards,
        )
      : [];
  if (adjustFor.length > 0 && complete.length < rows.length)
    warnings.push(
      `adjusted ${endpoint} model uses ${complete.length} of ${rows.length} subjects: the others lack ${adjustFor.length === 1 ? adjustFor[0] : `one of ${adjustFor.join(", ")}`}`,
    );
  return {
    ok: true,
    value: {
      endpoint,
      referenceArm,
      riskTimes: times,
      curves,
      logRank: { chisq: test.value.chisq, df: test.value.df, p: test.value.p },
      hazardRatios: [...unadjusted, ...adjusted],
      adjustedN: complete.length,
      adjustedFor: adjustFor,
      proportionalHazards,
      warnings,
    },
  };
}

/**
 * The terms of a model whose first `armColumns` columns are the arm dummies (one term, "arm")
 * and whose other columns are covariates grouped by `terms` (a covariate in no term is its own).
 */
function modelTerms(
  names: string[],
  armColumns: number,
  terms: { name: string; columns: string[] }[],
): { name: string; columns: number[] }[] {
  const result = [{ name: "arm", columns: Array.from({ length: armColumns }, (_, j) => j) }];
  const placed = new Set<string>();
  for (const term of terms) {
    const columns = term.columns.map((c) => names.indexOf(c)).filter((j) => j >= armColumns);
    if (columns.length === 0) continue;
    result.push({ name: term.name, columns });
    for (const c of term.columns) placed.add(c);
  }
  for (let j = armColumns; j < names.length; j++)
    if (!placed.has(names[j])) result.push({ name: names[j], columns: [j] });
  return result;
}

function problem(code: string, message: string): SurvivalByArmResult {
  return { ok: false, problem: { code, message } };
}

/** 0, 12, 24, … months up to the last follow-up. */
function yearlyTimes(lastTime: number): number[] {
  const times: number[] = [];
  for (let t = 0; t <= lastTime; t += 12) times.push(t);
  return times;
}

/** A finite number, or null for R's NA/Inf (a median that is not reached). */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function armCurve(curve: SurvivalCurve, riskTimes: number[]): ArmCurve {
  const [median] = survivalQuantiles(curve, [0.5]);
  const steps: CurveStep[] = Array.from(curve.time, (time, i) => ({
    time,
    nRisk: curve.nRisk[i],
    nEvent: curve.nEvent[i],
    nCensor: curve.nCensor[i],
    surv: curve.surv[i],
    lower: curve.lower[i],
    upper: curve.upper[i],
  }));
  return {
    arm: curve.group,
    n: curve.n,
    events: steps.reduce((sum, step) => sum + step.nEvent, 0),
    censored: steps.reduce((sum, step) => sum + step.nCensor, 0),
    median: finiteOrNull(median.quantile),
    medianLower: finiteOrNull(median.lower),
    medianUpper: finiteOrNull(median.upper),
    steps,
    nRiskAt: Array.from(survivalAtTimes(curve, riskTimes).nRisk),
  };
}

/**
 * Cox model of arm dummies (each other arm vs the reference) plus covariates, with its test of
 * proportional hazards (the arm dummies as one term, each covariate term as given).
 */
function armCox(
  rows: readonly ArmSurvivalRow[],
  referenceArm: string,
  arms: string[],
  adjustFor: string[],
  model: HazardRatio["model"],
  warnings: string[],
  terms: { name: string; columns: string[] }[] = [],
  proportionalHazards: SurvivalComparison["proportionalHazards"] = [],
): HazardRatio[] {
  const others = arms.filter((arm) => arm !== referenceArm);
  const covariates = [
    ...others.map((arm) => rows.map((row) => (row.arm === arm ? 1 : 0))),
    ...adjustFor.map((name) => rows.map((row) => row.covariates?.[name] ?? Number.NaN)),
  ];
  const names = [...others.map((arm) => `${arm} vs ${referenceArm}`), ...adjustFor];
  const data = {
    time: rows.map((row) => row.time),
    status: rows.map((row) => row.event),
    covariates,
    names,
  };
  const fit = coxPh(data);
  if (!fit.ok) {
    warnings.push(`${model} Cox model not fitted: ${fit.problem.message}`);
    return [];
  }
  warnings.push(...fit.value.warnings.map((warning) => `${model} Cox model: ${warning}`));
  const zph = coxZph(data, fit.value, { terms: modelTerms(names, others.length, terms) });
  if (zph.ok) proportionalHazards.push({ model, rows: zph.value.rows });
  else warnings.push(`${model} Cox model: proportional hazards not tested: ${zph.problem.message}`);
  return names.map((term, i) => ({
    model,
    term,
    hazardRatio: fit.value.hazardRatio[i],
    lower: fit.value.hazardRatioLower[i],
    upper: fit.value.hazardRatioUpper[i],
    p: fit.value.p[i],
    n: fit.value.n,
    events: fit.value.nEvent,
  }));
}
