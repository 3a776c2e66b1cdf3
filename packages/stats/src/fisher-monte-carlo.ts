import { checkTable } from "./fisher-exact";
import { logFactorials } from "./fisher-network";
import { failure, type Outcome, success } from "./outcome";

export interface FisherMonteCarloOptions {
  /** Uniform random numbers in [0, 1), seeded by the caller (the package has no global randomness). */
  rng: () => number;
  /** Number of simulated tables (R's `B`, default 2000). */
  replicates?: number;
}

export interface FisherMonteCarloResult {
  /** (1 + #{simulated tables no more likely than the observed}) / (B + 1), as R. */
  p: number;
  replicates: number;
  method: string;
}

/**
 * Fisher's exact test of an r×c table with a Monte-Carlo p-value, for tables too large to
 * enumerate: R's `fisher.test(table, simulate.p.value = TRUE, B)`.
 *
 * Each replicate draws a table with the observed margins uniformly from the null
 * (multivariate hypergeometric) distribution by shuffling the N row labels and cutting them into
 * the column totals (R uses Patefield's algorithm; both draw from the same distribution, so
 * p-values agree in distribution, not digit for digit). A table counts when its
 * −Σ log(cell!) is no more than the observed, with R's relative allowance of 64 ε.
 * Reference: Patefield, W. M. (1981) Applied Statistics 30, 91–97; Hope (1968) JRSS B 30, 582–598.
 * Complexity: O(B·N) time, O(N) memory.
 * Edge cases: as {@link checkTable}; replicates must be a whole number ≥ 1.
 *
 * @example
 * fisherMonteCarlo([[1, 3, 10, 6], [2, 3, 10, 7], [1, 6, 14, 12], [0, 1, 9, 11]], { rng: seeded(1), replicates: 1e4 });
 * // => { ok: true, value: { p: ≈ 0.78, replicates: 10000, … } }
 */
export function fisherMonteCarlo(
  table: number[][],
  { rng, replicates = 2000 }: FisherMonteCarloOptions,
): Outcome<FisherMonteCarloResult> {
  if (!(Number.isInteger(replicates) && replicates >= 1)) {
    return failure(
      "bad_replicates",
      `replicates is ${replicates}; give a whole number ≥ 1, such as 2000`,
    );
  }
  const checked = checkTable(table);
  if (!checked.ok) return checked;
  const counts = checked.value;
  const rows = counts.length;
  const columns = counts[0].length;
  const columnTotals = counts[0].map((_, j) => counts.reduce((a, row) => a + row[j], 0));
  const labels: number[] = [];
  counts.forEach((row, i) => {
    const rowTotal = row.reduce((a, b) => a + b, 0);
    for (let k = 0; k < rowTotal; k++) labels.push(i);
  });
  const total = labels.length;
  const logFactorial = logFactorials(total);
  let observed = 0;
  for (const row of counts) for (const cell of row) observed -= logFactorial[cell];
  const almostOne = 1 + 64 * Number.EPSILON;
  const cells = new Int32Array(rows * columns);
  let asExtreme = 0;
  for (let b = 0; b < replicates; b++) {
    for (let i = total - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      const swap = labels[i];
      labels[i] = labels[j];
      labels[j] = swap;
    }
    cells.fill(0);
    let position = 0;
    for (let j = 0; j < columns; j++) {
      for (let k = 0; k < columnTotals[j]; k++) cells[labels[position++] * columns + j]++;
    }
    let statistic = 0;
    for (const cell of cells) statistic -= logFactorial[cell];
    if (statistic <= observed / almostOne) asExtreme++;
  }
  const method = `Fisher's Exact Test for Count Data with simulated p-value (based on ${replicates} replicates)`;
  return success({ p: (1 + asExtreme) / (replicates + 1), replicates, method });
}
