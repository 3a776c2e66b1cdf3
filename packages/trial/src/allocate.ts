import { type Random, seededRandom } from "./random";
import type { RandomizationDesign, StratificationFactor } from "./randomization-schema";

/** One subject's allocation: the arm, the stratum it was drawn in, and its place in the trial. */
export interface Allocation {
  /** 1, 2, 3 … across the whole trial, with no gap. */
  sequence: number;
  arm: string;
  /** The subject's levels joined in factor order, e.g. `PI/yes/<=24` (`all` without factors). */
  stratum: string;
}

/** A subject the allocator cannot place, with the factor to correct. */
export interface AllocationProblem {
  ok: false;
  code: "invalid_stratum";
  field: string;
  message: string;
}

/**
 * Allocates subjects one after another. Its state is what the allocations so far imply (counts
 * per stratum and factor level), so a server rebuilds it by replaying the stored allocations
 * in sequence order with `record`, and then `allocate` gives the next subject exactly what it
 * would have given without a restart.
 */
export interface Allocator {
  /** Places the next subject with these factor levels. */
  allocate(
    levels: Record<string, string>,
  ): { ok: true; allocation: Allocation } | AllocationProblem;
  /** Takes an allocation already made (replay), as if `allocate` had made it. */
  record(levels: Record<string, string>, arm: string): void;
}

/**
 * An allocator for a design and a secret seed. Every random draw comes from a stream named
 * after the seed and what it decides (a stratum's blocks, one subject's minimization draw), so
 * the same seed and the same subjects give the same allocations on every machine.
 *
 * - permuted blocks: each stratum draws blocks of a size chosen at random from `blockSizes`,
 *   each holding every arm in proportion to the ratio, in random order;
 * - minimization (Pocock & Simon, 1975): the arm that would leave the smallest weighted
 *   imbalance over the subject's factor levels (counts divided by the arm's share; range or
 *   variance) is given with probability `probability`, another arm otherwise; ties are drawn
 *   in proportion to the ratio.
 *
 * @example
 * const next = allocator(design, "secret").allocate({ site: "PI", visceral: "yes", dfi: "<=24" });
 * next.ok && next.allocation; // => { sequence: 1, arm: "control", stratum: "PI/yes/<=24" }
 */
export function allocator(design: RandomizationDesign, seed: string): Allocator {
  const arms = armsOf(design);
  let sequence = 0;
  const method =
    design.method === "permuted-blocks"
      ? permutedBlocks(design, arms, seed)
      : minimization(design, arms, seed);
  return {
    allocate: (levels) => {
      const stratum = stratumOf(design.factors, levels);
      if (typeof stratum !== "string") return stratum;
      sequence += 1;
      const arm = method.choose(levels, stratum, sequence);
      method.take(levels, stratum, arm);
      return { ok: true, allocation: { sequence, arm, stratum } };
    },
    record: (levels, arm) => {
      const stratum = stratumOf(design.factors, levels);
      if (typeof stratum !== "string") throw new Error(`replayed ${stratum.message}`);
      sequence += 1;
      method.replay(levels, stratum, arm);
    },
  };
}

/**
 * The design's arms in one fixed order (sorted codes). The order of the ratio's keys is not a
 * fact of the protocol: a database may store the document with its keys reordered, and the same
 * seed must draw the same arms whatever the storage did to it.
 */
export function armsOf(design: RandomizationDesign): string[] {
  return Object.keys(design.ratio).sort();
}

interface Method {
  choose(levels: Record<string, string>, stratum: string, sequence: number): string;
  take(levels: Record<string, string>, stratum: string, arm: string): void;
  replay(levels: Record<string, string>, stratum: string, arm: string): void;
}

/**
 * The stratum of a subject's levels, or a problem naming the factor that is missing or has a
 * level the protocol does not list.
 */
export function stratumOf(
  factors: readonly StratificationFactor[],
  levels: Record<string, string>,
): string | AllocationProblem {
  if (factors.length === 0) return "all";
  const parts: string[] = [];
  for (const factor of factors) {
    const level = levels[factor.code];
    if (level === undefined || level === "")
      return problem(factor.code, `give the subject's ${factor.label} (${factor.code})`);
    if (factor.levels && !factor.levels.includes(level))
      return problem(
        factor.code,
        `${factor.code} '${level}' is not a level of ${factor.label}; use ${factor.levels.join(" or ")}`,
      );
    parts.push(level);
  }
  return parts.join("/");
}

function problem(field: string, message: string): AllocationProblem {
  return { ok: false, code: "invalid_stratum", field, message };
}

function permutedBlocks(design: RandomizationDesign, arms: string[], seed: string): Method {
  const sizes = design.blockSizes ?? [2 * arms.length];
  const total = arms.reduce((sum, arm) => sum + design.ratio[arm], 0);
  const strata = new Map<string, { rng: Random; block: string[]; used: number }>();
  const next = (stratum: string) => {
    let state = strata.get(stratum);
    if (!state) {
      state = { rng: seededRandom(`${seed}|blocks|${stratum}`), block: [], used: 0 };
      strata.set(stratum, state);
    }
    if (state.used === state.block.length) {
      state.block = shuffled(blockOf(state.rng.pick(sizes), arms, design.ratio, total), state.rng);
      state.used = 0;
    }
    return state;
  };
  const take = (_levels: Record<string, string>, stratum: string) => {
    next(stratum).used += 1;
  };
  return {
    choose: (_levels, stratum) => {
      const state = next(stratum);
      return state.block[state.used];
    },
    take,
    // A stratum's list does not depend on the arms given, only on how many were drawn.
    replay: take,
  };
}

function blockOf(size: number, arms: string[], ratio: Record<string, number>, total: number) {
  return arms.flatMap((arm) => Array<string>((size / total) * ratio[arm]).fill(arm));
}

/** Fisher–Yates, in place. */
function shuffled<T>(items: T[], rng: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.integer(0, i);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function minimization(design: RandomizationDesign, arms: string[], seed: string): Method {
  const { probability, imbalance } = design.minimization;
  // counts[factor][level][arm index]
  const counts = new Map<string, Map<string, number[]>>();
  const countsOf = (factor: string, level: string) =>
    entryOf(
      entryOf(counts, factor, () => new Map<string, number[]>()),
      level,
      () => arms.map(() => 0),
    );
  const shares = arms.map((arm) => design.ratio[arm]);
  const spread = imbalance === "range" ? range : variance;
  const take = (levels: Record<string, string>, _stratum: string, arm: string) => {
    const index = arms.indexOf(arm);
    for (const factor of design.factors) countsOf(factor.code, levels[factor.code])[index] += 1;
  };
  return {
    choose: (levels, _stratum, sequence) => {
      const totals = arms.map((_, candidate) =>
        design.factors.reduce((sum, factor) => {
          const byArm = countsOf(factor.code, levels[factor.code]);
          const after = byArm.map((n, k) => (n + (k === candidate ? 1 : 0)) / shares[k]);
          return sum + factor.weight * spread(after);
        }, 0),
      );
      const rng = seededRandom(`${seed}|minimization|${sequence}`);
      const least = Math.min(...totals);
      // Exact ties compare sums of the same fractions; a tolerance keeps rounding from choosing.
      const preferred = arms.filter((_, k) => totals[k] - least < 1e-9);
      const others = arms.filter((arm) => !preferred.includes(arm));
      const drawFrom = others.length === 0 || rng.uniform() < probability ? preferred : others;
      return weightedPick(drawFrom, design.ratio, rng);
    },
    take,
    replay: take,
  };
}

/** One of `choices`, drawn with probability proportional to its weight. */
export function weightedPick(
  choices: readonly string[],
  weights: Record<string, number>,
  rng: Random,
): string {
  const total = choices.reduce((sum, choice) => sum + weights[choice], 0);
  let draw = rng.uniform() * total;
  for (const choice of choices) {
    draw -= weights[choice];
    if (draw < 0) return choice;
  }
  return choices[choices.length - 1];
}

/** The map's entry for `key`, made by `make` the first time. */
export function entryOf<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

function range(values: number[]): number {
  return Math.max(...values) - Math.min(...values);
}

function variance(values: number[]): number {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1);
}
