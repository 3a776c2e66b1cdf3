import { type Allocator, allocator, armsOf, entryOf, stratumOf, weightedPick } from "./allocate";
import { type Random, seededRandom } from "./random";
import type { RandomizationDesign } from "./randomization-schema";

/** How often each level of a factor occurs among the subjects of a simulated trial. */
export type LevelFrequencies = Record<string, Record<string, number>>;

/** The spread of one imbalance over the simulated trials. */
export interface ImbalanceSummary {
  mean: number;
  p95: number;
  max: number;
}

export interface RandomizationProperties {
  method: RandomizationDesign["method"] | "simple";
  trials: number;
  subjects: number;
  /** |n₁/r₁ − n₂/r₂| (range of counts over shares) of the whole trial. */
  overall: ImbalanceSummary;
  /** The largest such imbalance over the strata (every factor's level combined). */
  stratum: ImbalanceSummary;
  /** The largest over the levels of each factor taken alone (the margins). */
  level: ImbalanceSummary;
  /**
   * Share of correct guesses by a site that knows its own allocations and guesses the arm
   * given least so far in the subject's stratum (Blackwell–Hodges convergence strategy; a tie
   * counts as half a correct guess). 0.5 means unpredictable.
   */
  convergenceGuess: number;
}

/**
 * Simulates `trials` trials of `subjects` subjects whose factor levels are drawn from
 * `frequencies`, allocates them by `design` (or by simple randomization, for comparison), and
 * summarizes the final imbalance and the predictability of the next assignment.
 *
 * @example
 * const table = randomizationProperties(design, { trials: 10_000, subjects: 120, frequencies, seed: "1" });
 * table.overall.max; // => at most half the largest block size times the number of strata
 */
export function randomizationProperties(
  design: RandomizationDesign,
  options: {
    trials: number;
    subjects: number;
    frequencies: LevelFrequencies;
    seed: string;
    simple?: boolean;
  },
): RandomizationProperties {
  const { trials, subjects, frequencies, seed } = options;
  const arms = armsOf(design);
  const shares = arms.map((arm) => design.ratio[arm]);
  const overall: number[] = [];
  const stratum: number[] = [];
  const level: number[] = [];
  let correct = 0;
  const population = seededRandom(`${seed}|subjects`);
  for (let trial = 0; trial < trials; trial++) {
    const allocate = options.simple
      ? simpleAllocator(design, seededRandom(`${seed}|simple|${trial}`))
      : allocator(design, `${seed}|${trial}`);
    const counts = new Map<string, number[]>();
    const add = (key: string, arm: number) => {
      entryOf(counts, key, () => arms.map(() => 0))[arm] += 1;
    };
    for (let subject = 0; subject < subjects; subject++) {
      const levels = drawLevels(frequencies, population);
      const cell = `stratum:${stratumOf(design.factors, levels) as string}`;
      const guesses = convergenceGuesses(counts.get(cell), shares);
      const placed = allocate.allocate(levels);
      if (!placed.ok) throw new Error(placed.message);
      const arm = arms.indexOf(placed.allocation.arm);
      if (arm < 0) throw new Error(`allocated unknown arm ${placed.allocation.arm}`);
      if (guesses.includes(arm)) correct += 1 / guesses.length;
      add(cell, arm);
      add("all", arm);
      for (const factor of design.factors) add(`level:${factor.code}=${levels[factor.code]}`, arm);
    }
    overall.push(spread(counts.get("all"), shares));
    stratum.push(largest(counts, "stratum:", shares));
    level.push(largest(counts, "level:", shares));
  }
  return {
    method: options.simple ? "simple" : design.method,
    trials,
    subjects,
    overall: summary(overall),
    stratum: summary(stratum),
    level: summary(level),
    convergenceGuess: correct / (trials * subjects),
  };
}

/** Simple randomization: each subject draws an arm in proportion to the ratio, nothing else. */
function simpleAllocator(design: RandomizationDesign, rng: Random): Allocator {
  const arms = armsOf(design);
  let sequence = 0;
  return {
    allocate: (levels) => {
      const arm = weightedPick(arms, design.ratio, rng);
      sequence += 1;
      const stratum = stratumOf(design.factors, levels) as string;
      return { ok: true, allocation: { sequence, arm, stratum } };
    },
    record: () => {
      sequence += 1;
    },
  };
}

function drawLevels(frequencies: LevelFrequencies, rng: Random): Record<string, string> {
  const levels: Record<string, string> = {};
  for (const [factor, byLevel] of Object.entries(frequencies))
    levels[factor] = weightedPick(Object.keys(byLevel), byLevel, rng);
  return levels;
}

/**
 * The arms a convergence guesser would name: those furthest behind their share in the stratum
 * so far (all arms at the start). Guessing one of several at random scores 1/their number when
 * the allocated arm is among them.
 */
function convergenceGuesses(counts: number[] | undefined, shares: number[]): number[] {
  const scaled = shares.map((share, k) => (counts?.[k] ?? 0) / share);
  const least = Math.min(...scaled);
  return scaled.flatMap((value, k) => (value - least < 1e-9 ? [k] : []));
}

function spread(counts: number[] | undefined, shares: number[]): number {
  if (!counts) return 0;
  const scaled = counts.map((n, k) => n / shares[k]);
  return Math.max(...scaled) - Math.min(...scaled);
}

function largest(counts: Map<string, number[]>, prefix: string, shares: number[]): number {
  let most = 0;
  for (const [key, byArm] of counts)
    if (key.startsWith(prefix)) most = Math.max(most, spread(byArm, shares));
  return most;
}

function summary(values: number[]): ImbalanceSummary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    mean: values.reduce((sum, value) => sum + value, 0) / values.length,
    p95: sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)],
    max: sorted[sorted.length - 1],
  };
}
