import { argsortFloat64, sortWithLabels } from "./argsort-float64";
import type { CoxDesign } from "./cox-risk-sets";
import { inversePermutation } from "./time-ranks";

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
    : countPairsByScore(design, order, linearPredictors, cluster !== undefined);
  const { concordant, discordant, tiedX } = counts;
  const pairs = concordant + discordant + tiedX;
  const somers = (concordant - discordant) / pairs;
  // dfbeta_i = ((C_i − D_i) − (C_i + D_i + T_i)·somers) / (2·pairs), summed within clusters.
  const dfbeta = new Float64Array(cluster ? max(cluster) + 1 : design.n);
  const { difference, total, inputRow } = influence;
  for (let i = 0; i < design.n; i++) {
    const value = (difference[i] - total[i] * somers) / (2 * pairs);
    dfbeta[cluster ? cluster[inputRow ? inputRow[i] : order[i]] : i] += value;
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
  /** The input row of each entry; without it, entry i is sorted row i (input row order[i]). */
  inputRow?: Int32Array;
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
 * times repeat (days). O(n log u) after sorting the scores. The influence comes back in score
 * order (`rows` maps it to sorted rows), so that it is written sequentially.
 */
function countPairsByScore(
  design: CoxDesign,
  order: Int32Array,
  linearPredictors: Float64Array,
  byInputRow: boolean,
): PairCounts & { influence: Influence } {
  const { n, status, groupStart, groupDeaths } = design;
  const groups = tieGroupLayout(design);
  const { deathsBefore, rowsAfter, censoredIn, stratumOrdinal, base, local } = groups;
  // Each row's group and status packed as 2g + dead, and carried through the sort of the scores
  // (or looked up after it, when the input rows are needed for clusters).
  const groupAndDeath = new Int32Array(n);
  for (let g = 0; g < groupStart.length - 1; g++) {
    for (let i = groupStart[g]; i < groupStart[g + 1]; i++) groupAndDeath[i] = 2 * g + status[i];
  }
  const keyOfInput = gatherByPosition(groupAndDeath, order);
  const sorted = sortWithLabels(linearPredictors, byInputRow ? undefined : keyOfInput);
  const sortedScore = sorted.sorted;
  const inputRow = byInputRow ? sorted.labels : undefined;
  const sortedKey = inputRow ? Int32Array.from(inputRow, (r) => keyOfInput[r]) : sorted.labels;
  const groupCount = groupStart.length - 1;
  const strataCount = groupCount > 0 ? stratumOrdinal[groupCount - 1] + 1 : 0;
  const slots = groupCount + strataCount + 1;
  // Subjects already passed (lower score), and those in the current block of equal scores.
  const passed = scoreSet(slots, groupCount, strataCount);
  const block = scoreSet(slots, groupCount, strataCount);
  const { tree: lower, inGroup: lowerIn, censored: lowerCensored } = passed;
  const { deathsIn: lowerDeathsIn, inStratum: lowerInStratum } = passed;
  const { tree: equal, inGroup: equalIn, censored: equalCensored } = block;
  const { deathsIn: equalDeathsIn, inStratum: equalInStratum } = block;
  const difference = new Float64Array(n);
  const total = new Float64Array(n);
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
        const g = sortedKey[b] >> 1;
        const dead = sortedKey[b] & 1;
        if (dead === 1) tiedXY += equalDeathsIn[g]; // pairs of deaths at one time with one score
        count(block, groups, g, dead, 1);
      }
    }
    for (let b = blockStart; b < blockEnd; b++) {
      const g = sortedKey[b] >> 1;
      const censored = (sortedKey[b] & 1) === 0;
      const o = 2 * base[g];
      // Subjects with a lower score in earlier groups of the stratum: all, and deaths.
      let lowerEarlier = 0;
      let lowerDeathsEarlier = 0;
      for (let k = local[g] - 1; k > 0; k -= k & -k) {
        lowerEarlier += lower[o + 2 * k];
        lowerDeathsEarlier += lower[o + 2 * k + 1];
      }
      let equalEarlier = 0;
      let equalDeathsEarlier = 0;
      if (tied) {
        for (let k = local[g] - 1; k > 0; k -= k & -k) {
          equalEarlier += equal[o + 2 * k];
          equalDeathsEarlier += equal[o + 2 * k + 1];
        }
      }
      // As the partner at risk: deaths earlier in the stratum (or at this time, if censored).
      const deathsComparable = deathsBefore[g] + (censored ? groupDeaths[g] : 0);
      const discordantAsPartner = lowerDeathsEarlier + (censored ? lowerDeathsIn[g] : 0);
      const sameAsPartner = equalDeathsEarlier + (censored ? equalDeathsIn[g] : 0);
      const concordantAsPartner = deathsComparable - discordantAsPartner - sameAsPartner;
      let differenceHere = concordantAsPartner - discordantAsPartner;
      let totalHere = deathsComparable;
      if (!censored) {
        // As the death: subjects in later groups of the stratum (or censored at this time).
        const s = stratumOrdinal[g];
        const later = lowerInStratum[s] - lowerEarlier - lowerIn[g] + lowerCensored[g];
        const same = tied ? equalInStratum[s] - equalEarlier - equalIn[g] + equalCensored[g] : 0;
        const comparable = rowsAfter[g] + censoredIn[g];
        const worse = comparable - later - same;
        concordant += later;
        tiedX += same;
        discordant += worse;
        differenceHere += later - worse;
        totalHere += comparable;
      }
      difference[b] = differenceHere;
      total[b] = totalHere;
    }
    for (let b = blockStart; b < blockEnd; b++) {
      const g = sortedKey[b] >> 1;
      const dead = sortedKey[b] & 1;
      count(passed, groups, g, dead, 1);
      if (tied) count(block, groups, g, dead, -1);
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
    influence: { difference, total, inputRow },
  };
}

/**
 * Subjects counted by tie group: a Fenwick tree over the groups holding, interleaved per slot,
 * all of them and the deaths among them (so one walk reads or updates both), and plain counts
 * per group and per stratum.
 */
interface ScoreSet {
  tree: Int32Array;
  inGroup: Int32Array;
  censored: Int32Array;
  deathsIn: Int32Array;
  inStratum: Int32Array;
}

function scoreSet(slots: number, groupCount: number, strataCount: number): ScoreSet {
  return {
    tree: new Int32Array(2 * slots),
    inGroup: new Int32Array(groupCount),
    censored: new Int32Array(groupCount),
    deathsIn: new Int32Array(groupCount),
    inStratum: new Int32Array(strataCount),
  };
}

/** Adds a subject of group `g` to the set (`sign` 1) or takes it out (`sign` −1). */
function count(
  set: ScoreSet,
  { base, local, size, stratumOrdinal }: ReturnType<typeof tieGroupLayout>,
  g: number,
  dead: number,
  sign: number,
): void {
  const o = 2 * base[g];
  for (let k = local[g]; k <= size[g]; k += k & -k) {
    set.tree[o + 2 * k] += sign;
    set.tree[o + 2 * k + 1] += sign * dead;
  }
  set.inGroup[g] += sign;
  set.inStratum[stratumOrdinal[g]] += sign;
  if (dead === 0) set.censored[g] += sign;
  else set.deathsIn[g] += sign;
}

/**
 * Per tie group: its place in the stratum (deaths in earlier groups, rows in later groups,
 * censored rows in it) and its slot in the Fenwick trees, one tree per stratum packed in one
 * array: group g is slot base[g] + local[g] (local 1-based) of a tree of size[g] slots.
 */
function tieGroupLayout(design: CoxDesign) {
  const { stratum, groupStart, groupDeaths } = design;
  const groupCount = groupStart.length - 1;
  const censoredIn = new Int32Array(groupCount);
  for (let g = 0; g < groupCount; g++) {
    censoredIn[g] = groupStart[g + 1] - groupStart[g] - groupDeaths[g];
  }
  const sameStratumAsNext = (g: number) =>
    g + 1 < groupCount && stratum[groupStart[g + 1]] === stratum[groupStart[g]];
  const lastGroup = new Int32Array(groupCount);
  const rowsAfter = new Float64Array(groupCount);
  for (let g = groupCount - 1; g >= 0; g--) {
    const same = sameStratumAsNext(g);
    lastGroup[g] = same ? lastGroup[g + 1] : g;
    rowsAfter[g] = same ? rowsAfter[g + 1] + (groupStart[g + 2] - groupStart[g + 1]) : 0;
  }
  const firstGroup = new Int32Array(groupCount);
  const deathsBefore = new Float64Array(groupCount);
  const stratumOrdinal = new Int32Array(groupCount);
  for (let g = 0; g < groupCount; g++) {
    const same = g > 0 && sameStratumAsNext(g - 1);
    firstGroup[g] = same ? firstGroup[g - 1] : g;
    deathsBefore[g] = same ? deathsBefore[g - 1] + groupDeaths[g - 1] : 0;
    stratumOrdinal[g] = g === 0 ? 0 : stratumOrdinal[g - 1] + (same ? 0 : 1);
  }
  const base = new Int32Array(groupCount);
  const local = new Int32Array(groupCount);
  const size = new Int32Array(groupCount);
  for (let g = 0; g < groupCount; g++) {
    base[g] = firstGroup[g] + stratumOrdinal[g];
    local[g] = g - firstGroup[g] + 1;
    size[g] = lastGroup[g] - firstGroup[g] + 1;
  }
  return { deathsBefore, rowsAfter, censoredIn, stratumOrdinal, base, local, size };
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

/**
 * Values of the sorted rows moved back to input order: out[order[i]] = values[i]. Done from the
 * inverse permutation, so that the input is written in order and the reads follow the tie groups.
 */
function gatherByPosition(values: Int32Array, order: Int32Array): Int32Array {
  const position = inversePermutation(order);
  const out = new Int32Array(order.length);
  for (let r = 0; r < order.length; r++) out[r] = values[position[r]];
  return out;
}
