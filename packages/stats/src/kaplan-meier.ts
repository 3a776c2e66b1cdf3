import { failure, type Outcome, success } from "./outcome";
import { type ConfType, survivalConfidence } from "./survival-confidence";
import { checkSurvivalColumns, factorCodes, type SurvivalColumns } from "./survival-input";
import { orderByKey, rankTimes } from "./time-ranks";

/** One Kaplan–Meier curve: a row per distinct time with an event or a censoring. */
export interface SurvivalCurve {
  /** The group's label (`"all"` without groups). */
  group: string;
  /** Number of rows in the group. */
  n: number;
  /** Number of distinct subjects in the group, when rows carry an `id`. */
  nId?: number;
  time: Float64Array;
  /** Number at risk just before `time`. */
  nRisk: Float64Array;
  nEvent: Float64Array;
  nCensor: Float64Array;
  /** Kaplan–Meier estimate S(t). */
  surv: Float64Array;
  /** Greenwood standard error of S(t) (R's `summary(fit)$std.err`). */
  stdErr: Float64Array;
  /** Standard error of −log S(t) (R's `fit$std.err`), on which the intervals are built. */
  logSurvStdErr: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** Nelson–Aalen cumulative hazard Σ d/n (R's `fit$cumhaz`). */
  cumulativeHazard: Float64Array;
  /** Its standard error √Σ d/n² (R's `fit$std.chaz`). */
  cumulativeHazardStdErr: Float64Array;
}

export interface KaplanMeierFit {
  curves: SurvivalCurve[];
  confType: ConfType;
  confLevel: number;
}

export interface KaplanMeierOptions {
  /** Scale of the pointwise interval, as R's `conf.type`. */
  confType?: ConfType;
  /** Coverage of the pointwise interval, as R's `conf.int`. */
  confLevel?: number;
}

/**
 * Kaplan–Meier estimate of survival, per group, with Greenwood errors, pointwise confidence
 * intervals and the Nelson–Aalen cumulative hazard.
 *
 * Formulas, at each distinct time t with d events among n at risk:
 * - S(t) = Π (1 − d/n);  Greenwood var(−log S) = Σ d / (n (n − d));  se(S) = S · se(−log S);
 * - Nelson–Aalen H(t) = Σ d/n with var H = Σ d/n²;
 * - intervals per {@link survivalConfidence}.
 *
 * Reference: Kaplan & Meier (1958); Greenwood (1926); Therneau & Grambsch (2000) §2.1.
 * Matches R: `summary(survfit(Surv(time, status) ~ group, conf.type = confType,
 * conf.int = confLevel), censored = TRUE)` — groups in R's sorted level order, one row per
 * distinct time including censoring-only times, near-equal times merged as R's `aeqSurv`.
 * With `start`, rows are (start, stop] intervals (delayed entry): n at risk at t counts rows
 * with start < t ≤ stop, as `survfit(Surv(start, stop, status) ~ …)`.
 *
 * Complexity: O(n) after one radix sort of the times; no per-row objects.
 * Edge cases: when S(t) reaches 0 the Greenwood error is infinite, se(S) is NaN and the interval
 * is NaN (R's NA); a group with no events has S = 1 throughout.
 *
 * @example
 * const fit = kaplanMeier({ time: [1, 2, 3, 4], status: [1, 1, 1, 1] });
 * if (fit.ok) fit.value.curves[0].surv; // => Float64Array [0.75, 0.5, 0.25, 0]
 */
export function kaplanMeier(
  data: SurvivalColumns & {
    group?: ArrayLike<string | number>;
    /**
     * Subject of each (start, stop] row, as survfit's `id`: a row that the same subject's next
     * row continues is not a censoring. (R 3.5 agrees without groups; with groups its n.censor
     * is misaligned between rows, while S and n.risk agree.)
     */
    id?: ArrayLike<string | number>;
  },
  { confType = "log", confLevel = 0.95 }: KaplanMeierOptions = {},
): Outcome<KaplanMeierFit> {
  const checked = checkSurvivalColumns(data);
  if (!checked.ok) return checked;
  if (!(confLevel > 0 && confLevel < 1)) {
    return failure("bad_conf_level", `confLevel is ${confLevel}; give a level between 0 and 1`);
  }
  const { time, status, start } = checked.value;
  const n = time.length;
  if (data.group && data.group.length !== n) {
    return failure(
      "length_mismatch",
      `time has ${n} values but group has ${data.group.length}; give one group per time`,
    );
  }
  const groups = data.group ? factorCodes(data.group) : undefined;
  const levels = groups ? groups.levels : ["all"];
  const codes = groups ? groups.codes : new Int32Array(n);
  if (data.id && (!start || data.id.length !== n)) {
    return failure(
      "bad_id",
      "id goes with (start, stop] rows: give start times and one id per row",
    );
  }
  const continued = data.id && start ? continuedRows(data.id, start, time, status) : undefined;
  const counts = tabulateCurves(time, status, start, codes, levels.length, continued);
  const curves = levels.map((group, g) => ({
    ...finishCurve(group, counts[g], confType, confLevel),
    ...(data.id ? { nId: distinctIn(data.id, codes, g) } : {}),
  }));
  return success({ curves, confType, confLevel });
}

interface CurveCounts {
  n: number;
  time: Float64Array;
  nRisk: Float64Array;
  nEvent: Float64Array;
  nCensor: Float64Array;
}

/** One pass over the rows in time order, counting per group and distinct time. */
function tabulateCurves(
  time: Float64Array,
  status: Uint8Array,
  start: Float64Array | undefined,
  codes: Int32Array,
  groupCount: number,
  continued: Uint8Array | undefined,
): CurveCounts[] {
  const n = time.length;
  const ranked = start ? rankTimes(concat(start, time)) : rankTimes(time);
  if (!start && groupCount * ranked.times.length <= 4 * n + 65536) {
    return tabulateByTable(ranked.rank, ranked.times, status, codes, groupCount);
  }
  const stopRank = start ? ranked.rank.subarray(n) : ranked.rank;
  const order = start ? orderByKey(stopRank, ranked.times.length) : ranked.order;
  const size = new Int32Array(groupCount);
  const rowsPerGroup = new Int32Array(groupCount);
  const lastRank = new Int32Array(groupCount).fill(-1);
  for (let i = 0; i < n; i++) {
    const row = order[i];
    const g = codes[row];
    size[g]++;
    if (stopRank[row] !== lastRank[g]) {
      rowsPerGroup[g]++;
      lastRank[g] = stopRank[row];
    }
  }
  const curves: CurveCounts[] = [];
  for (let g = 0; g < groupCount; g++) {
    const m = rowsPerGroup[g];
    curves.push({
      n: size[g],
      time: new Float64Array(m),
      nRisk: new Float64Array(m),
      nEvent: new Float64Array(m),
      nCensor: new Float64Array(m),
    });
  }
  const entered = start ? entryCounter(ranked.rank.subarray(0, n), codes, groupCount) : undefined;
  const passed = new Int32Array(groupCount);
  const position = new Int32Array(groupCount).fill(-1);
  lastRank.fill(-1);
  for (let i = 0; i < n; i++) {
    const row = order[i];
    const g = codes[row];
    const r = stopRank[row];
    const curve = curves[g];
    if (r !== lastRank[g]) {
      const k = ++position[g];
      lastRank[g] = r;
      curve.time[k] = ranked.times[r];
      curve.nRisk[k] = (entered ? entered(g, r) : size[g]) - passed[g];
    }
    const k = position[g];
    if (status[row] === 1) curve.nEvent[k]++;
    else if (!continued || continued[row] === 0) curve.nCensor[k]++;
    passed[g]++;
  }
  return curves;
}

/**
 * The same counts from a (group × distinct time) table filled in one sequential pass: used when
 * that table is small next to the data (times repeat, as whole days do).
 */
function tabulateByTable(
  rank: Int32Array,
  times: Float64Array,
  status: Uint8Array,
  codes: Int32Array,
  groupCount: number,
): CurveCounts[] {
  const u = times.length;
  const rows = new Int32Array(groupCount * u);
  const events = new Int32Array(groupCount * u);
  for (let i = 0; i < rank.length; i++) {
    const cell = codes[i] * u + rank[i];
    rows[cell]++;
    events[cell] += status[i];
  }
  const curves: CurveCounts[] = [];
  for (let g = 0; g < groupCount; g++) {
    let size = 0;
    let m = 0;
    for (let r = 0; r < u; r++) {
      size += rows[g * u + r];
      if (rows[g * u + r] > 0) m++;
    }
    const curve: CurveCounts = {
      n: size,
      time: new Float64Array(m),
      nRisk: new Float64Array(m),
      nEvent: new Float64Array(m),
      nCensor: new Float64Array(m),
    };
    let k = 0;
    let passed = 0;
    for (let r = 0; r < u; r++) {
      const count = rows[g * u + r];
      if (count === 0) continue;
      curve.time[k] = times[r];
      curve.nRisk[k] = size - passed;
      curve.nEvent[k] = events[g * u + r];
      curve.nCensor[k] = count - events[g * u + r];
      passed += count;
      k++;
    }
    curves.push(curve);
  }
  return curves;
}

/**
 * For delayed entry: a function giving, per group, how many rows entered before time rank r.
 * It must be asked with non-decreasing r per group, which the time-ordered pass does.
 */
function entryCounter(
  startRank: Int32Array,
  codes: Int32Array,
  groupCount: number,
): (group: number, rank: number) => number {
  const byStart = orderByKey(startRank, startRank.length === 0 ? 0 : max(startRank) + 1);
  const byGroup = orderByKey(gather(codes, byStart), groupCount);
  const starts = new Int32Array(startRank.length);
  for (let i = 0; i < byGroup.length; i++) starts[i] = startRank[byStart[byGroup[i]]];
  const first = new Int32Array(groupCount + 1);
  for (let i = 0; i < codes.length; i++) first[codes[i] + 1]++;
  for (let g = 0; g < groupCount; g++) first[g + 1] += first[g];
  const pointer = first.slice(0, groupCount);
  return (group, rank) => {
    while (pointer[group] < first[group + 1] && starts[pointer[group]] < rank) pointer[group]++;
    return pointer[group] - first[group];
  };
}

/** Censored rows whose subject has another row starting at their stop time. */
function continuedRows(
  id: ArrayLike<string | number>,
  start: Float64Array,
  stop: Float64Array,
  status: Uint8Array,
): Uint8Array {
  const starts = new Set<string>();
  for (let i = 0; i < start.length; i++) starts.add(`${id[i]}\u0000${start[i]}`);
  const continued = new Uint8Array(start.length);
  for (let i = 0; i < stop.length; i++) {
    if (status[i] === 0 && starts.has(`${id[i]}\u0000${stop[i]}`)) continued[i] = 1;
  }
  return continued;
}

function distinctIn(id: ArrayLike<string | number>, codes: Int32Array, group: number): number {
  const seen = new Set<string | number>();
  for (let i = 0; i < id.length; i++) if (codes[i] === group) seen.add(id[i]);
  return seen.size;
}

function finishCurve(
  group: string,
  counts: CurveCounts,
  confType: ConfType,
  confLevel: number,
): SurvivalCurve {
  const m = counts.time.length;
  const surv = new Float64Array(m);
  const logSurvStdErr = new Float64Array(m);
  const stdErr = new Float64Array(m);
  const cumulativeHazard = new Float64Array(m);
  const cumulativeHazardStdErr = new Float64Array(m);
  let s = 1;
  let greenwood = 0;
  let hazard = 0;
  let hazardVariance = 0;
  for (let k = 0; k < m; k++) {
    const d = counts.nEvent[k];
    const atRisk = counts.nRisk[k];
    if (d > 0) {
      s *= (atRisk - d) / atRisk;
      greenwood += d / (atRisk * (atRisk - d));
      hazard += d / atRisk;
      hazardVariance += d / (atRisk * atRisk);
    }
    surv[k] = s;
    logSurvStdErr[k] = Math.sqrt(greenwood);
    stdErr[k] = s * logSurvStdErr[k];
    cumulativeHazard[k] = hazard;
    cumulativeHazardStdErr[k] = Math.sqrt(hazardVariance);
  }
  const { lower, upper } = survivalConfidence(surv, logSurvStdErr, confType, confLevel);
  return {
    group,
    ...counts,
    surv,
    stdErr,
    logSurvStdErr,
    lower,
    upper,
    cumulativeHazard,
    cumulativeHazardStdErr,
  };
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const joined = new Float64Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

function gather(values: Int32Array, order: Int32Array): Int32Array {
  const out = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = values[order[i]];
  return out;
}

function max(values: Int32Array): number {
  let m = values[0];
  for (let i = 1; i < values.length; i++) if (values[i] > m) m = values[i];
  return m;
}
