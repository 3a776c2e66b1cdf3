import { argsortFloat64 } from "./argsort-float64";
import type { CoxDesign } from "./cox-risk-sets";

/** Harrell's concordance of a risk score with survival, and its pair counts. */
export interface CoxConcordance {
  /** (concordant + tiedX/2) / (concordant + discordant + tiedX). */
  value: number;
  concordant: number;
  discordant: number;
  /** Comparable pairs with equal risk scores. */
  tiedX: number;
  /** Pairs of deaths at the same time with different scores (not comparable). */
  tiedY: number;
  /** Pairs of deaths at the same time with equal scores. */
  tiedXY: number;
  /**
   * Standard error of `value` by the infinitesimal jackknife over subjects (or clusters), as R's
   * `coxph(...)$concordance["std"]`.
   */
  std: number;
}

/**
 * Concordance between the linear predictor and survival: among comparable pairs — a death and
 * another subject still at risk at that death time (a later time, or censored at that time) in
 * the same stratum — the share where the death has the higher risk score, ties in the score
 * counting one half.
 *
 * Reference: Harrell et al. (1982); Therneau & Atkinson, "Concordance" (survival vignette).
 * Matches R: `coxph(...)$concordance` (`concordancefit(y, lp, strata, reverse = TRUE)`),
 * including risk sets of (start, stop] data.
 * Complexity: O(n log n): one sort of the scores and Fenwick-tree counts.
 *
 * @example
 * coxConcordance(design, order, fit.linearPredictors).value; // => 0.637 for lung age+sex+ph.ecog
 */
export function coxConcordance(
  design: CoxDesign,
  order: Int32Array,
  linearPredictors: Float64Array,
  cluster?: Int32Array,
): CoxConcordance {
  const { influence, ...counts } = design.byStart
    ? countPairsByTime(design, order, linearPredictors)
    : countPairsByScore(design, order, linearPredictors);
  const { concordant, discordant, tiedX } = counts;
  const pairs = concordant + discordant + tiedX;
  const somers = (concordant - discordant) / pairs;
  // dfbeta_i = ((C_i − D_i) − (C_i + D_i + T_i)·somers) / (2·pairs), summed within clusters.
  const dfbeta = new Float64Array(cluster ? max(cluster) + 1 : design.n);
  for (let i = 0; i < design.n; i++) {
    const value = (influence.difference[i] - influence.total[i] * somers) / (2 * pairs);
    dfbeta[cluster ? cluster[order[i]] : i] += value;
  }
  let variance = 0;
  for (const d of dfbeta) variance += d * d;
  return { value: (somers + 1) / 2, ...counts, std: Math.sqrt(variance) };
}

type PairCounts = Omit<CoxConcordance, "value" | "std">;

/** Per subject: concordant − discordant pairs it belongs to, and all comparable pairs. */
interface Influence {
  difference: Float64Array;
  total: Float64Array;
}

function max(values: Int32Array): number {
  let m = 0;
  for (const v of values) if (v > m) m = v;
  return m;
}

/**
 * Pair counts for right-censored data: subjects in increasing order of score, each death asking a
 * Fenwick tree over the (stratum, time) tie groups how many subjects with a lower score are still
 * at risk at its death time. The tree has one slot per distinct time, so it stays small when
 * times repeat (days). O(n log u) after sorting the scores.
 */
function countPairsByScore(
  design: CoxDesign,
  order: Int32Array,
  linearPredictors: Float64Array,
): PairCounts & { influence: Influence } {
  const { n, status, stratum, groupStart, groupDeaths } = design;
  const groupCount = groupStart.length - 1;
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) score[i] = linearPredictors[order[i]];
  const groupOf = new Int32Array(n);
  const censoredIn = new Int32Array(groupCount);
  for (let g = 0; g < groupCount; g++) {
    for (let i = groupStart[g]; i < groupStart[g + 1]; i++) {
      groupOf[i] = g;
      if (status[i] === 0) censoredIn[g]++;
    }
  }
  // Last group of each group's stratum, and the rows in later groups of the same stratum.
  const lastGroup = new Int32Array(groupCount);
  const rowsAfter = new Float64Array(groupCount);
  for (let g = groupCount - 1; g >= 0; g--) {
    const sameStratum = g + 1 < groupCount && stratum[groupStart[g + 1]] === stratum[groupStart[g]];
    lastGroup[g] = sameStratum ? lastGroup[g + 1] : g;
    rowsAfter[g] = sameStratum ? rowsAfter[g + 1] + (groupStart[g + 2] - groupStart[g + 1]) : 0;
  }
  const firstGroup = new Int32Array(groupCount);
  const deathsBefore = new Float64Array(groupCount); // deaths in earlier groups of the stratum
  const stratumOrdinal = new Int32Array(groupCount);
  for (let g = 0; g < groupCount; g++) {
    const sameStratum = g > 0 && stratum[groupStart[g - 1]] === stratum[groupStart[g]];
    firstGroup[g] = sameStratum ? firstGroup[g - 1] : g;
    deathsBefore[g] = sameStratum ? deathsBefore[g - 1] + groupDeaths[g - 1] : 0;
    stratumOrdinal[g] = g === 0 ? 0 : stratumOrdinal[g - 1] + (sameStratum ? 0 : 1);
  }
  const strataCount = groupCount > 0 ? stratumOrdinal[groupCount - 1] + 1 : 0;
  // One Fenwick tree per stratum over its groups, packed in one array: group g is slot
  // base[g] + local[g] (local 1-based) in a tree of size[g] slots. Counts per tree kept apart, so
  // "groups after g" is one prefix walk.
  const base = new Int32Array(groupCount);
  const local = new Int32Array(groupCount);
  const size = new Int32Array(groupCount);
  for (let g = 0; g < groupCount; g++) {
    base[g] = firstGroup[g] + stratumOrdinal[g];
    local[g] = g - firstGroup[g] + 1;
    size[g] = lastGroup[g] - firstGroup[g] + 1;
  }
  const slots = groupCount + strataCount + 1;
  const lower = new Int32Array(slots); // subjects with a lower score
  const lowerInStratum = new Int32Array(strataCount);
  const lowerCensored = new Int32Array(groupCount);
  const equal = new Int32Array(slots); // subjects with the same score (within one block)
  const equalInStratum = new Int32Array(strataCount);
  const equalCensored = new Int32Array(groupCount);
  const deathsHere = new Int32Array(groupCount); // deaths per group within one block of equal scores
  // For each subject as the partner at risk: deaths with a lower / the same score, by group.
  const lowerDeaths = new Int32Array(slots);
  const lowerDeathsIn = new Int32Array(groupCount);
  const equalDeaths = new Int32Array(slots);
  const difference = new Float64Array(n);
  const total = new Float64Array(n);
  const byScore = argsortFloat64(score);
  // The rows' score, group and status in score order, read sequentially below.
  const sortedScore = new Float64Array(n);
  const sortedGroup = new Int32Array(n);
  const sortedDead = new Uint8Array(n);
  for (let b = 0; b < n; b++) {
    const i = byScore[b];
    sortedScore[b] = score[i];
    sortedGroup[b] = groupOf[i];
    sortedDead[b] = status[i];
  }
  let concordant = 0;
  let discordant = 0;
  let tiedX = 0;
  let tiedXY = 0;
  let blockStart = 0;
  while (blockStart < n) {
    let blockEnd = blockStart + 1;
    while (blockEnd < n && sortedScore[blockEnd] === sortedScore[blockStart]) blockEnd++;
    const tied = blockEnd - blockStart > 1;
    if (tied) {
      for (let b = blockStart; b < blockEnd; b++) {
        const g = sortedGroup[b];
        const o = base[g];
        for (let k = local[g]; k <= size[g]; k += k & -k) equal[o + k]++;
        equalInStratum[stratumOrdinal[g]]++;
        if (sortedDead[b] === 0) equalCensored[g]++;
        else {
          tiedXY += deathsHere[g]++; // pairs of deaths at one time with one score
          for (let k = local[g]; k <= size[g]; k += k & -k) equalDeaths[o + k]++;
        }
      }
    }
    for (let b = blockStart; b < blockEnd; b++) {
      const g = sortedGroup[b];
      const o = base[g];
      const row = byScore[b];
      // As the partner at risk: deaths earlier in the stratum (or at this time, if censored).
      const censored = sortedDead[b] === 0;
      let lowerBefore = 0;
      for (let k = local[g] - 1; k > 0; k -= k & -k) lowerBefore += lowerDeaths[o + k];
      const discordantAsPartner = lowerBefore + (censored ? lowerDeathsIn[g] : 0);
      let sameAsPartner = 0;
      if (tied) {
        for (let k = local[g] - 1; k > 0; k -= k & -k) sameAsPartner += equalDeaths[o + k];
        if (censored) sameAsPartner += deathsHere[g];
      }
      const deathsComparable = deathsBefore[g] + (censored ? groupDeaths[g] : 0);
      const concordantAsPartner = deathsComparable - discordantAsPartner - sameAsPartner;
      difference[row] = concordantAsPartner - discordantAsPartner;
      total[row] = deathsComparable;
      if (censored) continue;
      // As the death: subjects in later groups of the stratum (or censored at this time).
      let lowerUpTo = 0;
      for (let k = local[g]; k > 0; k -= k & -k) lowerUpTo += lower[o + k];
      const later = lowerInStratum[stratumOrdinal[g]] - lowerUpTo + lowerCensored[g];
      let same = 0;
      if (tied) {
        let equalUpTo = 0;
        for (let k = local[g]; k > 0; k -= k & -k) equalUpTo += equal[o + k];
        same = equalInStratum[stratumOrdinal[g]] - equalUpTo + equalCensored[g];
      }
      const comparable = rowsAfter[g] + censoredIn[g];
      concordant += later;
      tiedX += same;
      discordant += comparable - later - same;
      difference[row] += later - (comparable - later - same);
      total[row] += comparable;
    }
    for (let b = blockStart; b < blockEnd; b++) {
      const g = sortedGroup[b];
      const o = base[g];
      for (let k = local[g]; k <= size[g]; k += k & -k) lower[o + k]++;
      lowerInStratum[stratumOrdinal[g]]++;
      if (sortedDead[b] === 0) lowerCensored[g]++;
      else {
        for (let k = local[g]; k <= size[g]; k += k & -k) lowerDeaths[o + k]++;
        lowerDeathsIn[g]++;
      }
      if (tied) {
        for (let k = local[g]; k <= size[g]; k += k & -k) equal[o + k]--;
        equalInStratum[stratumOrdinal[g]]--;
        if (sortedDead[b] === 0) equalCensored[g]--;
        else {
          deathsHere[g] = 0;
          for (let k = local[g]; k <= size[g]; k += k & -k) equalDeaths[o + k]--;
        }
      }
    }
    blockStart = blockEnd;
  }
  // Deaths at the same time are not comparable: tied in time (tiedY), or in time and score.
  let deathPairs = 0;
  for (let g = 0; g < groupCount; g++) deathPairs += (groupDeaths[g] * (groupDeaths[g] - 1)) / 2;
  return {
    concordant,
    discordant,
    tiedX,
    tiedY: deathPairs - tiedXY,
    tiedXY,
    influence: { difference, total },
  };
}

/**
 * Pair counts for (start, stop] data: the death times from last to first, with a Fenwick tree over
 * score ranks of the subjects at risk. O(n log n).
 */
function countPairsByTime(
  design: CoxDesign,
  order: Int32Array,
  linearPredictors: Float64Array,
): PairCounts & { influence: Influence } {
  const { n, stopRank, status, stratum, startRank, byStart } = design;
  const scoreRank = rankScores(linearPredictors, order);
  const size = scoreRank.count;
  const rank = scoreRank.rank;
  // Fenwick trees over score ranks (1-based inside): subjects at risk, and deaths seen so far.
  const atRisk = new Fenwick(size);
  const deathsSeen = new Fenwick(size);
  const inTree = new Uint8Array(n);
  const deathRanks = new Int32Array(n);
  const difference = new Float64Array(n);
  const total = new Float64Array(n);
  let concordant = 0;
  let discordant = 0;
  let tiedX = 0;
  let tiedY = 0;
  let tiedXY = 0;
  // A subject's pairs as the partner at risk are the deaths seen while it is in the risk set:
  // counted when it leaves less when it enters.
  const enter = (row: number) => {
    atRisk.add(rank[row], 1);
    inTree[row] = 1;
    partner(row, -1);
  };
  const leave = (row: number) => {
    atRisk.add(rank[row], -1);
    inTree[row] = 0;
    partner(row, 1);
  };
  const partner = (row: number, sign: number) => {
    const r = rank[row];
    const lower = deathsSeen.below(r);
    const equal = deathsSeen.at(r);
    const higher = deathsSeen.total - lower - equal;
    difference[row] += sign * (higher - lower);
    total[row] += sign * (higher + lower + equal);
  };
  let removal = n - 1;
  let stratumEnd = n - 1;
  let person = n - 1;
  while (person >= 0) {
    const currentStratum = stratum[person];
    const t = stopRank[person];
    let first = person;
    while (first > 0 && stopRank[first - 1] === t && stratum[first - 1] === currentStratum) first--;
    for (let i = first; i <= person; i++) if (status[i] === 0) enter(i);
    if (byStart && startRank) {
      while (removal >= 0 && stratum[byStart[removal]] > currentStratum) removal--;
      while (removal >= 0) {
        const row = byStart[removal];
        if (stratum[row] !== currentStratum || startRank[row] < t) break;
        if (inTree[row]) leave(row);
        removal--;
      }
    }
    let deaths = 0;
    for (let i = first; i <= person; i++) {
      if (status[i] !== 1) continue;
      const r = rank[i];
      const lower = atRisk.below(r);
      const equal = atRisk.at(r);
      const higher = atRisk.total - lower - equal;
      concordant += lower;
      discordant += higher;
      tiedX += equal;
      difference[i] += lower - higher;
      total[i] += lower + higher + equal;
      deathRanks[deaths++] = r;
    }
    if (deaths > 1) {
      const pairs = (deaths * (deaths - 1)) / 2;
      const sameScore = pairsWithEqualValues(deathRanks.subarray(0, deaths));
      tiedXY += sameScore;
      tiedY += pairs - sameScore;
    }
    for (let i = first; i <= person; i++) if (status[i] === 1) deathsSeen.add(rank[i], 1);
    for (let i = first; i <= person; i++) if (status[i] === 1) enter(i);
    person = first - 1;
    if (person < 0 || stratum[person] !== currentStratum) {
      // Close the stratum: everyone still at risk leaves, and the death counts restart.
      for (let i = person + 1; i <= stratumEnd; i++) if (inTree[i]) leave(i);
      for (let i = person + 1; i <= stratumEnd; i++)
        if (status[i] === 1) deathsSeen.add(rank[i], -1);
      stratumEnd = person;
    }
  }
  return {
    concordant,
    discordant,
    tiedX,
    tiedY,
    tiedXY,
    influence: { difference, total },
  };
}

/** Counts per rank with prefix sums in O(log size). */
class Fenwick {
  private readonly tree: Int32Array;
  private readonly counts: Int32Array;
  total = 0;
  constructor(private readonly size: number) {
    this.tree = new Int32Array(size + 1);
    this.counts = new Int32Array(size);
  }
  add(rank: number, delta: number): void {
    for (let k = rank + 1; k <= this.size; k += k & -k) this.tree[k] += delta;
    this.counts[rank] += delta;
    this.total += delta;
  }
  /** How many have a rank below `rank`. */
  below(rank: number): number {
    let sum = 0;
    for (let k = rank; k > 0; k -= k & -k) sum += this.tree[k];
    return sum;
  }
  at(rank: number): number {
    return this.counts[rank];
  }
}

/** Ranks (0-based, equal values share a rank) of the scores of the sorted rows. */
function rankScores(
  linearPredictors: Float64Array,
  order: Int32Array,
): { rank: Int32Array; count: number } {
  const n = order.length;
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = linearPredictors[order[i]];
  const byScore = argsortFloat64(sorted);
  const rank = new Int32Array(n);
  let current = -1;
  let previous = Number.NaN;
  for (let i = 0; i < n; i++) {
    const row = byScore[i];
    if (sorted[row] !== previous) {
      current++;
      previous = sorted[row];
    }
    rank[row] = current;
  }
  return { rank, count: current + 1 };
}

/** Number of pairs with equal values; sorts its argument in place. */
function pairsWithEqualValues(values: Int32Array | Float64Array): number {
  values.sort();
  let pairs = 0;
  let run = 1;
  for (let i = 1; i <= values.length; i++) {
    if (i < values.length && values[i] === values[i - 1]) run++;
    else {
      pairs += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  return pairs;
}
