import { findRoot } from "./find-root";
import { networkPValue } from "./fisher-network";
import { hypergeometricLogProbability } from "./hypergeometric";
import { failure, type Outcome, success } from "./outcome";
import type { Alternative } from "./rank-test-result";

export interface FisherOptions {
  /** For 2×2 tables only; r×c tables are tested two-sided, as R. */
  alternative?: Alternative;
  /** Level of the odds-ratio interval (R's `conf.level`). */
  confLevel?: number;
  /** Odds ratio under the null for 2×2 tables (R's `or`). */
  oddsRatio?: number;
  /**
   * r×c only: the most partial tables (network node × past probability) one stage of the network
   * algorithm may receive before giving up, about 20 bytes each (default 5e6; R's `workspace`
   * plays this part).
   */
  maxPaths?: number;
}

export interface FisherResult {
  /** R's `p.value`. */
  p: number;
  /** Conditional maximum-likelihood odds ratio (2×2 only; R's `estimate`), else NaN. */
  oddsRatio: number;
  /** Its confidence interval (2×2 only; R's `conf.int`), else [NaN, NaN]. */
  confInt: [number, number];
  alternative: Alternative;
  method: string;
  /** r×c only: the most distinct partial tables the network algorithm held at one stage. */
  paths?: number;
}

const relativeTolerance = 1 + 1e-7; // R's relErr: tables this close to the observed count as "as likely"

/**
 * Fisher's exact test of independence in a contingency table: R's
 * `fisher.test(table, alternative, conf.level, or)`.
 *
 * 2×2: conditional on the margins the top-left cell is hypergeometric (noncentral with odds
 * ratio ψ). One-sided p-values are its tails; two-sided p sums the probabilities of all tables
 * no more likely than the observed, P(t) ≤ P(observed)·(1 + 1e-7), as R. The estimate is the
 * conditional MLE of ψ (solving E_ψ[X] = x) and the interval inverts the one-sided tests, both with
 * R's root finder and tolerance so the digits agree with R, not only the accuracy.
 * r×c: the same two-sided p, with FEXACT's tolerance, by the network algorithm (see
 * {@link networkPValue}), as R. Past `maxPaths` partial tables it refuses with a message
 * pointing to {@link fisherMonteCarlo} (R's `simulate.p.value = TRUE`).
 * Reference: Agresti (2002) Categorical Data Analysis §3.5; Mehta & Patel (1983) JASA 78, 427–434.
 * Complexity: 2×2 O(min margin) per evaluation, a few dozen evaluations for the interval; r×c
 * proportional to the partial tables the network cannot settle early.
 * Edge cases: tables with a negative or fractional count, fewer than 2 rows or columns, or no
 * observations are refused with a message. A zero margin row or column is dropped, as R does.
 *
 * @example
 * fisherExact([[3, 1], [1, 3]]);
 * // => { ok: true, value: { p: 0.4857142857142858, oddsRatio: 6.408308867005788, confInt: [0.2117…, 621.93…], … } }
 */
export function fisherExact(
  table: number[][],
  {
    alternative = "two.sided",
    confLevel = 0.95,
    oddsRatio = 1,
    maxPaths = 5e6,
  }: FisherOptions = {},
): Outcome<FisherResult> {
  const checked = checkTable(table);
  if (!checked.ok) return checked;
  const counts = checked.value;
  const method = "Fisher's Exact Test for Count Data";
  if (counts.length === 2 && counts[0].length === 2) {
    return success({
      ...fisherTwoByTwo(counts, alternative, confLevel, oddsRatio),
      alternative,
      method,
    });
  }
  const network = networkPValue(counts, maxPaths);
  if (network === undefined) {
    return failure(
      "table_too_large",
      `the ${counts.length}×${counts[0].length} table needs more than ${maxPaths} partial tables for the exact network algorithm; use fisherMonteCarlo with a seeded rng (R: fisher.test(simulate.p.value = TRUE, B = 1e5)), collapse categories, or raise maxPaths (about 20 bytes each)`,
    );
  }
  return success({
    p: network.p,
    oddsRatio: Number.NaN,
    confInt: [Number.NaN, Number.NaN],
    alternative: "two.sided",
    method,
    paths: network.paths,
  });
}

/**
 * The table as whole counts with empty rows and columns dropped (as R), or a problem that says
 * what to change.
 */
export function checkTable(table: number[][]): Outcome<number[][]> {
  if (table.length === 0 || table[0].length === 0) {
    return failure(
      "empty_table",
      "the table has no rows or columns; give at least a 2×2 table of counts",
    );
  }
  const width = table[0].length;
  for (let i = 0; i < table.length; i++) {
    if (table[i].length !== width) {
      return failure(
        "ragged_table",
        `row ${i + 1} has ${table[i].length} cells and row 1 has ${width}; give every row the same number of columns`,
      );
    }
    for (let j = 0; j < width; j++) {
      const cell = table[i][j];
      if (!(Number.isInteger(cell) && cell >= 0)) {
        return failure(
          "bad_count",
          `cell [${i + 1}, ${j + 1}] is ${cell}; counts must be whole numbers ≥ 0`,
        );
      }
    }
  }
  const rowKept = table.map((row) => row.some((cell) => cell > 0));
  const columnKept = table[0].map((_, j) => table.some((row) => row[j] > 0));
  const counts = table
    .filter((_, i) => rowKept[i])
    .map((row) => row.filter((_, j) => columnKept[j]));
  if (counts.length < 2 || counts[0].length < 2) {
    return failure(
      "degenerate_table",
      "after dropping empty rows and columns the table has fewer than 2 rows or columns with counts; give counts in at least two rows and two columns (R stops with 'x must have at least 2 rows and columns')",
    );
  }
  return success(counts);
}

interface TwoByTwo {
  p: number;
  oddsRatio: number;
  confInt: [number, number];
}

function fisherTwoByTwo(
  counts: number[][],
  alternative: Alternative,
  confLevel: number,
  nullOddsRatio: number,
): TwoByTwo {
  const x = counts[0][0];
  const m = counts[0][0] + counts[1][0]; // first column total
  const n = counts[0][1] + counts[1][1]; // second column total
  const k = counts[0][0] + counts[0][1]; // first row total
  const model = new NoncentralHypergeometric(m, n, k);
  const p = model.pValue(x, nullOddsRatio, alternative);
  const oddsRatio = model.conditionalMle(x);
  const confInt = model.confidenceInterval(x, confLevel, alternative);
  return { p, oddsRatio, confInt };
}

/**
 * The top-left cell of a 2×2 table given its margins, with odds ratio ψ: P(X = s) ∝ C(m,s)C(n,k−s)ψˢ
 * over s = lo..hi (R's dnhyper, mnhyper, pnhyper inside fisher.test).
 */
class NoncentralHypergeometric {
  readonly lo: number;
  readonly hi: number;
  private readonly logCentral: Float64Array;

  constructor(m: number, n: number, k: number) {
    this.lo = Math.max(0, k - n);
    this.hi = Math.min(k, m);
    this.logCentral = new Float64Array(this.hi - this.lo + 1);
    for (let s = this.lo; s <= this.hi; s++) {
      this.logCentral[s - this.lo] = hypergeometricLogProbability(s, m, n, k);
    }
  }

  /** Probabilities of lo..hi for odds ratio ψ (finite, > 0), scaled by the largest to avoid underflow. */
  density(psi: number): Float64Array {
    const logPsi = Math.log(psi);
    const d = this.logCentral.map((value, i) => value + logPsi * (this.lo + i));
    let largest = Number.NEGATIVE_INFINITY;
    for (const value of d) largest = Math.max(largest, value);
    let total = 0;
    for (let i = 0; i < d.length; i++) {
      d[i] = Math.exp(d[i] - largest);
      total += d[i];
    }
    for (let i = 0; i < d.length; i++) d[i] /= total;
    return d;
  }

  mean(psi: number): number {
    if (psi === 0) return this.lo;
    if (psi === Number.POSITIVE_INFINITY) return this.hi;
    const d = this.density(psi);
    let sum = 0;
    for (let i = 0; i < d.length; i++) sum += (this.lo + i) * d[i];
    return sum;
  }

  /** P(X ≤ q), or P(X ≥ q) when `upper`. */
  tail(q: number, psi: number, upper: boolean): number {
    if (psi === 0) return Number(upper ? q <= this.lo : q >= this.lo);
    if (psi === Number.POSITIVE_INFINITY) return Number(upper ? q <= this.hi : q >= this.hi);
    const d = this.density(psi);
    let sum = 0;
    for (let i = 0; i < d.length; i++) {
      const s = this.lo + i;
      if (upper ? s >= q : s <= q) sum += d[i];
    }
    return sum;
  }

  pValue(x: number, psi: number, alternative: Alternative): number {
    if (alternative === "less") return this.tail(x, psi, false);
    if (alternative === "greater") return this.tail(x, psi, true);
    if (psi === 0) return Number(x === this.lo);
    if (psi === Number.POSITIVE_INFINITY) return Number(x === this.hi);
    const d = this.density(psi);
    const observed = d[x - this.lo] * relativeTolerance;
    let sum = 0;
    for (const value of d) if (value <= observed) sum += value;
    return sum;
  }

  conditionalMle(x: number): number {
    if (x === this.lo) return 0;
    if (x === this.hi) return Number.POSITIVE_INFINITY;
    const centralMean = this.mean(1);
    if (centralMean > x) return findRoot((t) => this.mean(t) - x, 0, 1);
    if (centralMean < x) return 1 / findRoot((t) => this.mean(1 / t) - x, Number.EPSILON, 1);
    return 1;
  }

  /** Largest ψ not rejected by the lower-tail test at level α (R's ncp.U). */
  private upperLimit(x: number, alpha: number): number {
    if (x === this.hi) return Number.POSITIVE_INFINITY;
    const p = this.tail(x, 1, false);
    if (p < alpha) return findRoot((t) => this.tail(x, t, false) - alpha, 0, 1);
    if (p > alpha)
      return 1 / findRoot((t) => this.tail(x, 1 / t, false) - alpha, Number.EPSILON, 1);
    return 1;
  }

  /** Smallest ψ not rejected by the upper-tail test at level α (R's ncp.L). */
  private lowerLimit(x: number, alpha: number): number {
    if (x === this.lo) return 0;
    const p = this.tail(x, 1, true);
    if (p > alpha) return findRoot((t) => this.tail(x, t, true) - alpha, 0, 1);
    if (p < alpha) return 1 / findRoot((t) => this.tail(x, 1 / t, true) - alpha, Number.EPSILON, 1);
    return 1;
  }

  confidenceInterval(x: number, confLevel: number, alternative: Alternative): [number, number] {
    if (alternative === "less") return [0, this.upperLimit(x, 1 - confLevel)];
    if (alternative === "greater")
      return [this.lowerLimit(x, 1 - confLevel), Number.POSITIVE_INFINITY];
    const alpha = (1 - confLevel) / 2;
    return [this.lowerLimit(x, alpha), this.upperLimit(x, alpha)];
  }
}
