import { chiSquareCdf } from "./chi-square-cdf";
import { checkTable } from "./fisher-exact";
import { type Outcome, success } from "./outcome";

export interface ChiSquareTestResult {
  /** Pearson's X² (R's `statistic`, "X-squared"). */
  statistic: number;
  /** Degrees of freedom (r − 1)(c − 1) (R's `parameter`). */
  df: number;
  p: number;
  /** Expected counts under independence, row by row (R's `expected`). */
  expected: number[][];
  method: string;
  /** R's "Chi-squared approximation may be incorrect" when an expected count is below 5. */
  warnings: string[];
}

/**
 * Pearson's chi-square test of independence in an r×c table: R's `chisq.test(table, correct)`.
 *
 * Formula: X² = Σ (|O − E| − c)² / E with E = row total · column total / N, on (r−1)(c−1) df;
 * c is Yates' continuity correction min(½, min |O − E|) for 2×2 tables when `correct` (R's
 * default), else 0.
 * Reference: Agresti (2002) Categorical Data Analysis §3.2.
 * Complexity: O(rc).
 * Edge cases: as {@link checkTable}; rows or columns that are all zero are dropped (R would give
 * NaN for them).
 *
 * @example
 * chiSquareTest([[2, 15], [10, 3]]); // => { ok: true, value: { statistic: 10.458…, df: 1, p: 0.00122…, … } }
 */
export function chiSquareTest(
  table: number[][],
  { correct = true }: { correct?: boolean } = {},
): Outcome<ChiSquareTestResult> {
  const checked = checkTable(table);
  if (!checked.ok) return checked;
  const counts = checked.value;
  const rowTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = counts[0].map((_, j) => counts.reduce((a, row) => a + row[j], 0));
  const total = rowTotals.reduce((a, b) => a + b, 0);
  const expected = rowTotals.map((r) => columnTotals.map((c) => (r * c) / total));
  const isTwoByTwo = counts.length === 2 && counts[0].length === 2;
  const yates = correct && isTwoByTwo;
  let correction = 0;
  if (yates) {
    correction = 0.5;
    counts.forEach((row, i) => {
      row.forEach((cell, j) => {
        correction = Math.min(correction, Math.abs(cell - expected[i][j]));
      });
    });
  }
  let statistic = 0;
  counts.forEach((row, i) => {
    row.forEach((cell, j) => {
      const e = expected[i][j];
      statistic += (Math.abs(cell - e) - correction) ** 2 / e;
    });
  });
  const df = (counts.length - 1) * (counts[0].length - 1);
  const p = chiSquareCdf(statistic, df, { lowerTail: false });
  const warnings = expected.some((row) => row.some((e) => e < 5))
    ? ["Chi-squared approximation may be incorrect"]
    : [];
  const method = yates
    ? "Pearson's Chi-squared test with Yates' continuity correction"
    : "Pearson's Chi-squared test";
  return success({ statistic, df, p, expected, method, warnings });
}
