/**
 * FEXACT's tolerance on log probabilities (R's fexact.c `tol`, "the square root of the smallest
 * relative spacing"): a table counts as no more likely than the observed when
 * log P(table) ≤ log P(observed) + tol. R's 2×2 branch uses relErr = 1 + 1e-7 instead.
 */
const fexactTolerance = 3.45254e-7;

/** Past path lengths closer than this (in log probability) are one value: rounding noise only. */
const pastResolution = 1e-11;

export interface NetworkPValue {
  /** Two-sided p: the probability of the tables no more likely than the observed. */
  p: number;
  /** The most partial tables (node × distinct past length) one stage held. */
  paths: number;
}

/** A partial table: the row totals still to fill (sorted) and its paths from the start. */
interface NetworkNode {
  rowsLeft: Int32Array;
  /** Bounds on the log probability weight of every completion, and the log of their sum. */
  longest: number;
  shortest: number;
  logTotal: number;
  /**
   * Past path lengths (Σ −log cell! so far) and how many paths share each, appended as they
   * arrive; equal lengths are merged when the list has doubled and when the node becomes a mother.
   */
  pastValues: number[];
  pastCounts: number[];
  /** How many pasts the node held after its last merge. */
  merged: number;
}

/**
 * Two-sided p of Fisher's exact test for an r×c table by the network algorithm of Mehta and
 * Patel (R's FEXACT), as R's `fisher.test(table)` computes it for tables beyond 2×2.
 *
 * Under independence with fixed margins a table has probability K·Π 1/n_ij!, with
 * K = Π r_i! Π c_j! / N!. The columns of the longer margin are filled one at a time (smallest
 * first, as FEXACT); after each column a partial table is a node: the multiset of row totals still
 * to fill, sorted so that permuted rows, whose completions are permutations of each other, share
 * one node. Each node keeps its distinct past path lengths Σ −log n_ij! with the number of paths
 * reaching it. Entering a node, a past is settled when the bounds on its completions decide it:
 * if even the most likely completion is no more likely than the observed table, all of them
 * count, adding K·e^past·N'!/(Π r'! Π c'!) (the sum over completions in closed form); if even the
 * least likely completion is more likely, none does. Only undecided pasts travel on; a node's
 * pasts are sorted once so that the settled ones are a prefix found by bisection, summed from a
 * running sum. With two columns left each split of the first fixes the table, which is counted
 * with the pasts short enough for it. The bounds relax one margin at a time (each column spread
 * over the rows ignoring the row totals, and each row over the columns): looser than FEXACT's,
 * always valid, and on the fixtures exact bounds (a full pass over the network) kept nearly as
 * many pasts while costing more than they saved.
 * Reference: Mehta, C. R. and Patel, N. R. (1983) JASA 78, 427–434; (1986) ACM TOMS 12, 154–161;
 * Clarkson, D. B., Fan, Y. and Joe, H. (1993) ACM TOMS 19, 484–488.
 * Complexity: proportional to the undecided (node, past) pairs, far below the number of tables;
 * memory the pairs of two consecutive stages.
 * Edge cases: the counts are whole, ≥ 0, with at least two nonzero rows and columns
 * (see checkTable). Undefined when a stage holds more than `maxPaths` partial tables at once
 * (node × past length, equal lengths merged from time to time; about 20 bytes each).
 */
export function networkPValue(counts: number[][], maxPaths: number): NetworkPValue | undefined {
  const network = new FisherNetwork(counts);
  return network.pValue(maxPaths);
}

class FisherNetwork {
  /** The shorter margin's totals (sorted): the rows of every node. */
  private readonly rowTotals: Int32Array;
  /** The longer margin's totals (sorted ascending): one stage each. */
  private readonly columnTotals: Int32Array;
  private readonly logFactorial: Float64Array;
  /** log K = Σ log r! + Σ log c! − log N!. */
  private readonly logConstant: number;
  /** Largest Σ −log n! of a table still counted: the observed plus FEXACT's tolerance. */
  private readonly threshold: number;
  private readonly keyOf: (rowsLeft: Int32Array) => number | string;

  constructor(counts: number[][]) {
    const rowSums = counts.map((row) => row.reduce((a, b) => a + b, 0));
    const columnSums = counts[0].map((_, j) => counts.reduce((a, row) => a + row[j], 0));
    const transposed = rowSums.length > columnSums.length;
    this.rowTotals = Int32Array.from(transposed ? columnSums : rowSums).sort();
    this.columnTotals = Int32Array.from(transposed ? rowSums : columnSums).sort();
    const total = rowSums.reduce((a, b) => a + b, 0);
    this.logFactorial = logFactorials(total);
    const lf = this.logFactorial;
    let logConstant = -lf[total];
    for (const r of rowSums) logConstant += lf[r];
    for (const c of columnSums) logConstant += lf[c];
    this.logConstant = logConstant;
    let observed = 0;
    for (const row of counts) for (const cell of row) observed -= lf[cell];
    this.threshold = observed + fexactTolerance;
    this.keyOf = nodeKey(this.rowTotals);
  }

  pValue(maxPaths: number): NetworkPValue | undefined {
    const columns = this.columnTotals.length;
    let stage = new Map<number | string, NetworkNode>();
    const start = this.node(this.rowTotals, 0);
    start.pastValues.push(0);
    start.pastCounts.push(1);
    stage.set(this.keyOf(start.rowsLeft), start);
    let p = 0;
    let paths = 1;
    for (let j = 0; j < columns - 2; j++) {
      const next = new Map<number | string, NetworkNode>();
      let held = 0;
      let distinct = 0;
      for (const mother of stage.values()) {
        const pasts = sortedPasts(mother);
        distinct += pasts.values.length;
        this.forEachDaughter(mother.rowsLeft, this.columnTotals[j], (rowsLeft, arc) => {
          const key = this.keyOf(rowsLeft);
          let daughter = next.get(key);
          if (daughter === undefined) {
            daughter = this.node(rowsLeft.slice(), j + 1);
            next.set(key, daughter);
          }
          const before = daughter.pastValues.length;
          p += this.passOn(pasts, daughter, arc);
          held += daughter.pastValues.length - before;
        });
        if (held > maxPaths) return undefined;
      }
      paths = Math.max(paths, distinct);
      stage = next;
    }
    let distinct = 0;
    for (const mother of stage.values()) {
      const pasts = sortedPasts(mother);
      distinct += pasts.values.length;
      p += this.lastTwoColumns(mother.rowsLeft, pasts);
    }
    paths = Math.max(paths, distinct);
    return { p: Math.min(1, p), paths };
  }

  /**
   * Carries the mother's pasts along an arc into the daughter; returns the probability of the
   * completions settled on the way. The pasts short enough that even the daughter's longest
   * completion stays at the threshold are settled at once by bisection and a running sum; those
   * too long for even its shortest completion are dropped; only the pasts between travel on.
   */
  private passOn(pasts: SortedPasts, daughter: NetworkNode, arc: number): number {
    const settledCount = countAtMost(pasts.values, this.threshold - daughter.longest - arc);
    const keptCount = countAtMost(pasts.values, this.threshold - daughter.shortest - arc);
    for (let k = settledCount; k < keptCount; k++) {
      daughter.pastValues.push(pasts.values[k] + arc);
      daughter.pastCounts.push(pasts.counts[k]);
    }
    // Many paths arrive with equal lengths: merge them before they crowd memory.
    if (daughter.pastValues.length > 2 * daughter.merged + 64) mergeEqualPasts(daughter);
    if (settledCount === 0) return 0;
    const scale = this.logConstant + arc + daughter.logTotal + pasts.largest;
    return Math.exp(scale) * pasts.runningWeight[settledCount];
  }

  /**
   * The tables that complete a node with two columns left: each split of the first of them fixes
   * the second, and counts with the pasts short enough for it (found by bisection). Splits are
   * generated row by row, the last two rows in one loop since the last is forced.
   */
  private lastTwoColumns(rowsLeft: Int32Array, pasts: SortedPasts): number {
    const rows = rowsLeft.length;
    const lf = this.logFactorial;
    const roomBelow = new Int32Array(rows + 1);
    for (let i = rows - 1; i >= 0; i--) roomBelow[i] = roomBelow[i + 1] + rowsLeft[i];
    const scale = this.logConstant + pasts.largest;
    let counted = 0;
    const spread = (i: number, left: number, length: number): void => {
      const high = Math.min(rowsLeft[i], left);
      const low = Math.max(0, left - roomBelow[i + 1]);
      if (i < rows - 2) {
        for (let cell = low; cell <= high; cell++) {
          spread(i + 1, left - cell, length - lf[cell] - lf[rowsLeft[i] - cell]);
        }
        return;
      }
      const lastRow = rowsLeft[i + 1];
      for (let cell = low; cell <= high; cell++) {
        const rest = left - cell;
        const future = length - lf[cell] - lf[rowsLeft[i] - cell] - lf[rest] - lf[lastRow - rest];
        const included = countAtMost(pasts.values, this.threshold - future);
        if (included > 0) counted += Math.exp(scale + future) * pasts.runningWeight[included];
      }
    };
    spread(0, this.columnTotals[this.columnTotals.length - 2], 0);
    return counted;
  }

  /**
   * Every way to spread `columnTotal` over the rows left, as the sorted rows left after it (in a
   * buffer reused from call to call: copy it to keep it) and the arc length −Σ log n_i!.
   */
  private forEachDaughter(
    rowsLeft: Int32Array,
    columnTotal: number,
    visit: (daughterRows: Int32Array, arc: number) => void,
  ): void {
    const rows = rowsLeft.length;
    const lf = this.logFactorial;
    const roomBelow = new Int32Array(rows + 1);
    for (let i = rows - 1; i >= 0; i--) roomBelow[i] = roomBelow[i + 1] + rowsLeft[i];
    const taken = new Int32Array(rows);
    const daughter = new Int32Array(rows);
    const spread = (i: number, left: number, arc: number): void => {
      if (i === rows - 1) {
        taken[i] = left;
        for (let k = 0; k < rows; k++) daughter[k] = rowsLeft[k] - taken[k];
        insertionSort(daughter);
        visit(daughter, arc - lf[left]);
        return;
      }
      const high = Math.min(rowsLeft[i], left);
      for (let cell = Math.max(0, left - roomBelow[i + 1]); cell <= high; cell++) {
        taken[i] = cell;
        spread(i + 1, left - cell, arc - lf[cell]);
      }
    };
    spread(0, columnTotal, 0);
  }

  /** A node with no pasts yet and the bounds of its completions over columns `from`… */
  private node(rowsLeft: Int32Array, from: number): NetworkNode {
    const columnsLeft = this.columnTotals.subarray(from);
    const lf = this.logFactorial;
    let logTotal = 0;
    let left = 0;
    for (const r of rowsLeft) {
      logTotal -= lf[r];
      left += r;
    }
    for (const c of columnsLeft) logTotal -= lf[c];
    logTotal += lf[left];
    let evenByColumn = 0;
    let packedByColumn = 0;
    for (const c of columnsLeft) {
      evenByColumn += spreadEvenly(c, rowsLeft, lf);
      packedByColumn += packTightly(c, rowsLeft, lf);
    }
    let evenByRow = 0;
    let packedByRow = 0;
    for (const r of rowsLeft) {
      evenByRow += spreadEvenly(r, columnsLeft, lf);
      packedByRow += packTightly(r, columnsLeft, lf);
    }
    return {
      rowsLeft,
      longest: Math.min(evenByColumn, evenByRow),
      shortest: Math.max(packedByColumn, packedByRow),
      logTotal,
      pastValues: [],
      pastCounts: [],
      merged: 0,
    };
  }
}

/** A node's pasts in ascending length, with running sums of count·e^(value − largest). */
interface SortedPasts {
  values: Float64Array;
  counts: Float64Array;
  largest: number;
  runningWeight: Float64Array;
}

function sortedPasts(node: NetworkNode): SortedPasts {
  mergeEqualPasts(node);
  const values = Float64Array.from(node.pastValues);
  const counts = Float64Array.from(node.pastCounts);
  const largest = values.length > 0 ? values[values.length - 1] : 0;
  const runningWeight = new Float64Array(values.length + 1);
  for (let k = 0; k < values.length; k++) {
    runningWeight[k + 1] = runningWeight[k] + counts[k] * Math.exp(values[k] - largest);
  }
  return { values, counts, largest, runningWeight };
}

/** Sorts a node's pasts by length and adds up the counts of equal lengths (rounding aside). */
function mergeEqualPasts(node: NetworkNode): void {
  const { pastValues, pastCounts } = node;
  const order = Array.from(pastValues.keys()).sort((a, b) => pastValues[a] - pastValues[b]);
  const values: number[] = [];
  const counts: number[] = [];
  for (const k of order) {
    const last = values.length - 1;
    if (last >= 0 && pastValues[k] - values[last] <= pastResolution) counts[last] += pastCounts[k];
    else {
      values.push(pastValues[k]);
      counts.push(pastCounts[k]);
    }
  }
  node.pastValues = values;
  node.pastCounts = counts;
  node.merged = values.length;
}

/** Sorts a few numbers in place, faster than a typed array's sort at this size. */
function insertionSort(values: Int32Array): void {
  for (let i = 1; i < values.length; i++) {
    const value = values[i];
    let k = i - 1;
    while (k >= 0 && values[k] > value) {
      values[k + 1] = values[k];
      k--;
    }
    values[k + 1] = value;
  }
}

/** log 0! … log n!, as a table for the many look-ups of exact tests on counts. */
export function logFactorials(n: number): Float64Array {
  const lf = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) lf[i] = lf[i - 1] + Math.log(i);
  return lf;
}

/**
 * The largest −Σ log n_i! with Σ n_i = total and n_i ≤ caps[i] (caps ascending): as even as the
 * caps allow, since −log n! is concave (water filling, smallest caps first).
 */
function spreadEvenly(total: number, caps: Int32Array, lf: Float64Array): number {
  let left = total;
  let value = 0;
  for (let i = 0; i < caps.length; i++) {
    const cell = Math.min(caps[i], Math.floor(left / (caps.length - i)));
    value -= lf[cell];
    left -= cell;
  }
  return value;
}

/**
 * The smallest −Σ log n_i! with Σ n_i = total and n_i ≤ caps[i] (caps ascending): filling the
 * largest caps first gives the vector that majorizes every other, and Σ log n! is Schur-convex.
 */
function packTightly(total: number, caps: Int32Array, lf: Float64Array): number {
  let left = total;
  let value = 0;
  for (let i = caps.length - 1; i >= 0 && left > 0; i--) {
    const cell = Math.min(caps[i], left);
    value -= lf[cell];
    left -= cell;
  }
  return value;
}

/** How many of the ascending `values` are ≤ `limit`. */
function countAtMost(values: Float64Array, limit: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle] <= limit) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * A hash key for sorted rows left: mixed radix on the sorted totals (a sorted remainder never
 * exceeds the sorted totals place by place), as FEXACT; text when that passes 2^53.
 */
function nodeKey(rowTotals: Int32Array): (rowsLeft: Int32Array) => number | string {
  let radix = 1;
  const places = new Float64Array(rowTotals.length);
  for (let i = 0; i < rowTotals.length; i++) {
    places[i] = radix;
    radix *= rowTotals[i] + 1;
  }
  if (radix > Number.MAX_SAFE_INTEGER) return (rowsLeft) => rowsLeft.join(",");
  return (rowsLeft) => {
    let key = 0;
    for (let i = 0; i < rowsLeft.length; i++) key += rowsLeft[i] * places[i];
    return key;
  };
}
