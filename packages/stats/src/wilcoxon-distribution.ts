/**
 * Exact null distributions of the Wilcoxon statistics, as counts (R's `cwilcox` and `csignrank`).
 *
 * Rank sum: the number of ways to choose m of the ranks 1..m+n with W = Σ ranks − m(m+1)/2 equal
 * to w, for w = 0..mn, built by adding one rank at a time (a knapsack count over subset size and
 * sum). Signed rank: the number of subsets of 1..n with sum v, for v = 0..n(n+1)/2.
 * Only additions of non-negative counts, so tail sums keep full relative accuracy (counts beyond
 * 2⁵³ are rounded in the last bit, as in R).
 * Complexity: rank sum O((m+n)·m·mn) time, O(m·mn) memory — about 2e7 steps at m = n = 49;
 * signed rank O(n³).
 */
export function rankSumCounts(m: number, n: number): Float64Array {
  const maxSum = m * n;
  // counts[j][w]: subsets of size j of the ranks seen so far whose W-offset is w, where adding
  // rank r (1-based) to a subset of size j moves W by r − (j + 1).
  const counts = Array.from({ length: m + 1 }, () => new Float64Array(maxSum + 1));
  counts[0][0] = 1;
  for (let rank = 1; rank <= m + n; rank++) {
    for (let size = Math.min(rank, m); size >= 1; size--) {
      const shift = rank - size;
      if (shift > n) continue;
      const from = counts[size - 1];
      const to = counts[size];
      for (let w = maxSum; w >= shift; w--) to[w] += from[w - shift];
    }
  }
  return counts[m];
}

/** Counts of the signed-rank statistic V = 0..n(n+1)/2 under the null (R's `csignrank`). */
export function signedRankCounts(n: number): Float64Array {
  const maxSum = (n * (n + 1)) / 2;
  const counts = new Float64Array(maxSum + 1);
  counts[0] = 1;
  for (let rank = 1; rank <= n; rank++) {
    for (let v = maxSum; v >= rank; v--) counts[v] += counts[v - rank];
  }
  return counts;
}

/**
 * Exact p-value from null counts, as R's wilcox.test: less P(S ≤ s), greater P(S ≥ s),
 * two-sided min(1, 2·P(the tail on the side of s away from the centre)).
 */
export function exactPValue(
  counts: Float64Array,
  statistic: number,
  alternative: "two.sided" | "less" | "greater",
): number {
  let total = 0;
  for (const count of counts) total += count;
  const lowerTail = (s: number) => sumRange(counts, 0, Math.floor(s)) / total;
  const upperTail = (s: number) => sumRange(counts, Math.ceil(s), counts.length - 1) / total;
  if (alternative === "less") return lowerTail(statistic);
  if (alternative === "greater") return upperTail(statistic);
  const centre = (counts.length - 1) / 2;
  const p = statistic > centre ? upperTail(statistic) : lowerTail(statistic);
  return Math.min(2 * p, 1);
}

function sumRange(counts: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let i = Math.max(0, from); i <= Math.min(to, counts.length - 1); i++) sum += counts[i];
  return sum;
}
