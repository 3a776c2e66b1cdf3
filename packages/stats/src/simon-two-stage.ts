import { binomialLogDensity } from "./binomial-density";
import { failure, type Outcome, success } from "./outcome";

export interface SimonOptions {
  /** Response rate not worth pursuing (the null). */
  p0: number;
  /** Response rate worth pursuing (the alternative); p1 > p0. */
  p1: number;
  /** One-sided type I error: P(declare active | p0) ≤ alpha. */
  alpha: number;
  /** Type II error: P(declare inactive | p1) ≤ beta (power 1 − beta). */
  beta: number;
  /** Largest total sample size searched (default 100). */
  nMax?: number;
}

/** One two-stage design. */
export interface SimonDesign {
  /** Stop for futility after stage 1 when responses ≤ r1 among the first n1 patients. */
  r1: number;
  n1: number;
  /** Declare the regimen inactive when total responses ≤ r among n patients. */
  r: number;
  n: number;
  /** Expected sample size under p0: n1 + (1 − PET0)(n − n1). */
  en0: number;
  /** Probability of early termination under p0: P(X₁ ≤ r1 | p0). */
  pet0: number;
  /** Attained type I error and power. */
  alpha: number;
  power: number;
}

export interface SimonDesigns {
  /** Smallest expected sample size under p0. */
  optimal: SimonDesign;
  /** Smallest maximum sample size n, then the smallest EN0 among those. */
  minimax: SimonDesign;
}

/**
 * Simon's optimal and minimax two-stage designs for a single-arm phase II trial, by exhaustive
 * search, as clinfun's `ph2simon(p0, p1, alpha, beta, nmax)`.
 *
 * For every n ≤ nMax, n1 < n and r1 < n1, the smallest r with
 * α(r) = Σ_{x₁ = r1+1}^{n1} b(x₁; n1, p0) · P(X₂ > r − x₁; n − n1, p0) ≤ alpha is found by bisection
 * (α falls as r grows); the design is feasible when its power, the same sum at p1, is ≥ 1 − beta.
 * Reference: Simon, R. (1989) Optimal two-stage designs for phase II clinical trials. Controlled
 * Clinical Trials 10, 1–10 (Tables 1 and 2). For p0 = 0.1, p1 = 0.3, α = 0.05, β = 0.2:
 * optimal 1/10, 5/29 (EN0 15.0, PET0 0.74); minimax 1/15, 5/25 (EN0 19.5, PET0 0.55).
 * Complexity: O(nMax³ log nMax · nMax) binomial sums at worst; about 0.2 s for nMax = 70.
 * Edge cases: p0 ≥ p1, rates outside (0, 1), alpha or beta outside (0, 1), and no feasible design
 * within nMax are refused with a message that says what to change.
 *
 * @example
 * simonTwoStage({ p0: 0.1, p1: 0.3, alpha: 0.05, beta: 0.2 });
 * // => { ok: true, value: { optimal: { r1: 1, n1: 10, r: 5, n: 29, … }, minimax: { r1: 1, n1: 15, r: 5, n: 25, … } } }
 */
export function simonTwoStage({
  p0,
  p1,
  alpha,
  beta,
  nMax = 100,
}: SimonOptions): Outcome<SimonDesigns> {
  const problem = checkSimon(p0, p1, alpha, beta, nMax);
  if (problem) return failure("bad_design", problem);
  const null0 = binomialTables(p0, nMax);
  const alternative1 = binomialTables(p1, nMax);
  let optimal: SimonDesign | undefined;
  let minimax: SimonDesign | undefined;
  for (let n = 2; n <= nMax; n++) {
    for (let n1 = 1; n1 < n; n1++) {
      for (let r1 = 0; r1 < n1; r1++) {
        const r = smallestR(null0, n, n1, r1, alpha);
        if (r === undefined) continue;
        const power = rejection(alternative1, n, n1, r1, r);
        if (power < 1 - beta) continue;
        const pet0 = null0.lowerTail[n1][r1];
        const design: SimonDesign = {
          r1,
          n1,
          r,
          n,
          en0: n1 + (1 - pet0) * (n - n1),
          pet0,
          alpha: rejection(null0, n, n1, r1, r),
          power,
        };
        if (!optimal || design.en0 < optimal.en0) optimal = design;
        if (
          !minimax ||
          design.n < minimax.n ||
          (design.n === minimax.n && design.en0 < minimax.en0)
        ) {
          minimax = design;
        }
      }
    }
  }
  if (!optimal || !minimax) {
    return failure(
      "no_design",
      `no two-stage design with n ≤ ${nMax} meets alpha ${alpha} and power ${1 - beta}; raise nMax or relax alpha or beta`,
    );
  }
  return success({ optimal, minimax });
}

function checkSimon(
  p0: number,
  p1: number,
  alpha: number,
  beta: number,
  nMax: number,
): string | undefined {
  for (const [name, value] of [
    ["p0", p0],
    ["p1", p1],
    ["alpha", alpha],
    ["beta", beta],
  ] as const) {
    if (!(value > 0 && value < 1))
      return `${name} is ${value}; give a probability strictly between 0 and 1`;
  }
  if (!(p1 > p0))
    return `p1 (${p1}) must exceed p0 (${p0}): p1 is the response rate worth pursuing`;
  if (!(Number.isInteger(nMax) && nMax >= 2 && nMax <= 1000)) {
    return `nMax is ${nMax}; give a whole number between 2 and 1000`;
  }
  return undefined;
}

interface BinomialTables {
  /** density[m][x] = b(x; m, p). */
  density: Float64Array[];
  /** lowerTail[m][k] = P(X ≤ k). */
  lowerTail: Float64Array[];
  /** upperTail[m][k] = P(X > k), summed from the top so that small tails stay accurate. */
  upperTail: Float64Array[];
}

function binomialTables(p: number, nMax: number): BinomialTables {
  const density: Float64Array[] = [];
  const lowerTail: Float64Array[] = [];
  const upperTail: Float64Array[] = [];
  for (let m = 0; m <= nMax; m++) {
    const d = new Float64Array(m + 1);
    for (let x = 0; x <= m; x++) d[x] = Math.exp(binomialLogDensity(x, m, p));
    const lower = new Float64Array(m + 1);
    const upper = new Float64Array(m + 1);
    let sum = 0;
    for (let x = 0; x <= m; x++) lower[x] = sum += d[x];
    sum = 0;
    for (let x = m; x >= 0; x--) {
      upper[x] = sum;
      sum += d[x];
    }
    density.push(d);
    lowerTail.push(lower);
    upperTail.push(upper);
  }
  return { density, lowerTail, upperTail };
}

/** P(declare active) = P(X₁ > r1 and X₁ + X₂ > r). */
function rejection(tables: BinomialTables, n: number, n1: number, r1: number, r: number): number {
  const stage1 = tables.density[n1];
  const stage2Upper = tables.upperTail[n - n1];
  let sum = 0;
  for (let x1 = r1 + 1; x1 <= n1; x1++) {
    const needed = r - x1; // stage 2 must exceed this
    sum += stage1[x1] * (needed < 0 ? 1 : needed >= n - n1 ? 0 : stage2Upper[needed]);
  }
  return sum;
}

/** The smallest r in [r1, n − 1] whose type I error is ≤ alpha, or undefined. */
function smallestR(
  tables: BinomialTables,
  n: number,
  n1: number,
  r1: number,
  alpha: number,
): number | undefined {
  let low = r1;
  let high = n - 1;
  if (rejection(tables, n, n1, r1, high) > alpha) return undefined;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (rejection(tables, n, n1, r1, middle) <= alpha) high = middle;
    else low = middle + 1;
  }
  return low;
}
