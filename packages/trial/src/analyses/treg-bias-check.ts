import { mannWhitney } from "@ciclo/stats";
import { seededRandom } from "../random";
import { longSurvivalMonths, tregCoxFit, tregRows } from "./treg-model";
import type { NotComputed } from "./trial-analyses";

/**
 * What the null simulation keeps of one subject of the Treg model: her own OS (months from the
 * OS origin, event) and arm, when her Treg clock starts (the last baseline draw), where the Treg
 * origin lies (null for a control without a first IFN-β dose), and her observed rise.
 */
export interface TregNullSubject {
  arm: string;
  time: number;
  event: boolean;
  /** Months from the OS origin to the last baseline draw: no rise can come before it. */
  clockStart: number;
  /** Months from the OS origin to the protocol's `treg.origin`; null when not recorded. */
  tregOriginOffset: number | null;
  /** Months from the OS origin to the first raised draw and to the confirming draw. */
  rise: { drawn: number; confirmed: number } | null;
}

/** One analysis' false-positive rate under the simulated null. */
export interface BiasCheckRow {
  analysis: string;
  test: string;
  /** Share of replicates with P < `alpha`. */
  falsePositiveRate: number;
  /** Replicates in which the test could be computed. */
  replicates: number;
  /** Binomial standard error of the rate: √(r(1 − r)/replicates). */
  monteCarloSe: number;
}

export interface BiasCheck {
  alpha: number;
  seed: number;
  replicates: number;
  /** The null model in words, for the report. */
  nullModel: string;
  rows: BiasCheckRow[];
}

export interface BiasCheckOptions {
  replicates?: number;
  seed?: number;
  alpha?: number;
}

/** The rate and lag of the null model, estimated once from the cohort. */
export interface TregNullModel {
  /** Mean months from the clock start to the first raised draw (1 / rate of rises). */
  meanMonthsToRise: number;
  /** Median months from the first raised draw to its confirmation. */
  confirmationLag: number;
}

/**
 * The null model of the bias check, from the cohort itself: Treg rises come at a constant rate
 * after each subject's baseline, the rate being observed rises ÷ months at risk of a rise (time
 * from the last baseline draw to the rise or the end of follow-up), and are confirmed after the
 * cohort's median confirmation lag. Null when the cohort has no rise to size it.
 *
 * @example
 * tregNullModel(cohort); // => { meanMonthsToRise: 38.2, confirmationLag: 3 }
 */
export function tregNullModel(cohort: readonly TregNullSubject[]): TregNullModel | null {
  let rises = 0;
  let exposure = 0;
  const lags: number[] = [];
  for (const subject of cohort) {
    const seen = subject.rise !== null && subject.rise.confirmed <= subject.time;
    const end = seen && subject.rise ? subject.rise.drawn : subject.time;
    exposure += Math.max(0, end - subject.clockStart);
    if (seen && subject.rise) {
      rises++;
      lags.push(subject.rise.confirmed - subject.rise.drawn);
    }
  }
  if (rises === 0 || !(exposure > 0)) return null;
  lags.sort((a, b) => a - b);
  const middle = lags.length >> 1;
  const confirmationLag =
    lags.length % 2 === 1 ? lags[middle] : (lags[middle - 1] + lags[middle]) / 2;
  return { meanMonthsToRise: exposure / rises, confirmationLag };
}

/**
 * One replicate of the null: every subject keeps her own OS and arm; her Treg rise is drawn
 * independently of survival from the null model, and both Treg analyses are run on it. A pure
 * function of (cohort, model, seed, index), so replicates can be spread over workers in any
 * order and still give the same rates.
 *
 * Returns each test's P, or null when the replicate cannot compute it (an empty group).
 *
 * @example
 * tregBiasReplicate(cohort, model, 20260101, 0); // => { naive: 0.012, headline: 0.61 }
 */
export function tregBiasReplicate(
  cohort: readonly TregNullSubject[],
  model: TregNullModel,
  seed: number,
  index: number,
): { naive: number | null; headline: number | null } {
  const rng = seededRandom(`treg-null|${seed}|${index}`);
  const short: number[] = [];
  const long: number[] = [];
  const rows = cohort.flatMap((subject, i) => {
    const drawn = subject.clockStart + rng.exponential(model.meanMonthsToRise);
    const confirmed = drawn + model.confirmationLag;
    if (subject.tregOriginOffset !== null && confirmed <= subject.time) {
      const interval = drawn - subject.tregOriginOffset;
      if (subject.event && subject.time < longSurvivalMonths) short.push(interval);
      else if (subject.time >= longSurvivalMonths) long.push(interval);
    }
    return tregRows(String(i), subject.arm, subject.time, subject.event ? 1 : 0, confirmed);
  });
  const naive = short.length > 0 && long.length > 0 ? mannWhitney(short, long) : null;
  const headline = tregCoxFit(rows);
  return {
    naive: naive?.ok ? naive.value.p : null,
    headline: headline.ok && Number.isFinite(headline.value.p[0]) ? headline.value.p[0] : null,
  };
}

/**
 * The bias check of the Treg analyses (the report runs it itself): simulate the null hypothesis
 * — Treg timing independent of survival — with the cohort's own follow-up, and report how often
 * each analysis gives P < alpha. A valid analysis stays near alpha; the published split, which
 * conditions on survival, does not.
 *
 * The replicates run on `canonicalNullCohort(cohort)`.
 * Complexity: `replicates` Cox fits and rank tests on the cohort (a few hundred milliseconds
 * for 200 replicates of 137 subjects; see `defaultReplicates` for large cohorts).
 *
 * @example
 * tregBiasCheck(cohort, { replicates: 200 }).rows.map((r) => r.falsePositiveRate); // => [0.35, 0.05]
 */
export function tregBiasCheck(
  cohort: readonly TregNullSubject[],
  {
    replicates = defaultReplicates(cohort.length),
    seed = 20260101,
    alpha = 0.05,
  }: BiasCheckOptions = {},
): BiasCheck | NotComputed {
  const model = tregNullModel(cohort);
  if (!model) return { notComputed: "no confirmed Treg rise in the cohort to size the null" };
  const ordered = canonicalNullCohort(cohort);
  const naive: number[] = [];
  const headline: number[] = [];
  for (let index = 0; index < replicates; index++) {
    const p = tregBiasReplicate(ordered, model, seed, index);
    if (p.naive !== null) naive.push(p.naive);
    if (p.headline !== null) headline.push(p.headline);
  }
  return {
    alpha,
    seed,
    replicates,
    nullModel: `each subject keeps her own OS and arm; her Treg rise comes at random after her baseline (mean ${model.meanMonthsToRise.toFixed(1)} months, the cohort's rate of rises) and is confirmed ${model.confirmationLag.toFixed(1)} months later, independently of survival`,
    rows: [
      rejectionRow(
        "Published split: months to Treg increase, < 5 y vs ≥ 5 y survivors",
        "Mann–Whitney",
        naive,
        alpha,
      ),
      rejectionRow(
        "Headline: confirmed Treg increase as a time-varying covariate of OS",
        "Cox, Wald test, stratified by arm",
        headline,
        alpha,
      ),
    ],
  };
}

/**
 * The cohort in a canonical order (arm, then OS, then the Treg clock), so that the replicates
 * draw the same random times for the same subjects whatever order the records came in: the same
 * data give the same rates. Workers that run `tregBiasReplicate` must be given this order.
 */
export function canonicalNullCohort(cohort: readonly TregNullSubject[]): TregNullSubject[] {
  const key = (s: TregNullSubject) => [
    s.arm,
    s.time,
    s.event ? 1 : 0,
    s.clockStart,
    s.tregOriginOffset ?? -1,
    s.rise?.drawn ?? -1,
    s.rise?.confirmed ?? -1,
  ];
  return [...cohort].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
  });
}

/**
 * Replicates when the caller names none: 200 up to 1,000 subjects, then fewer in proportion
 * (at least 20), so that the report keeps to its time at 10,000 patients (a replicate fits a Cox
 * model to every subject; 20 replicates of 10,000 take about 5 s). The rate's Monte-Carlo SE is
 * printed beside it, so a smaller count shows as a wider margin.
 */
export function defaultReplicates(subjects: number): number {
  return Math.max(20, Math.min(200, Math.round(200_000 / Math.max(1, subjects))));
}

/** The share of P-values below alpha, with its binomial standard error. */
export function rejectionRow(
  analysis: string,
  test: string,
  pValues: readonly number[],
  alpha: number,
): BiasCheckRow {
  const n = pValues.length;
  const rate = n === 0 ? Number.NaN : pValues.filter((p) => p < alpha).length / n;
  return {
    analysis,
    test,
    falsePositiveRate: rate,
    replicates: n,
    monteCarloSe: n === 0 ? Number.NaN : Math.sqrt((rate * (1 - rate)) / n),
  };
}
