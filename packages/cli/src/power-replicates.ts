/**
 * `ciclo design power` in parts: the replicates of `simulatePower` from … from + count − 1, each
 * with the generator the whole run gives it (the parent generator of the seed, split once per
 * replicate in order), and the parts combined into the whole run's estimate.
 */
import {
  type PowerDesign,
  type PowerEstimate,
  type Random,
  seededRandom,
  simulatePower,
} from "@ciclo/sim";
import { eventPower } from "@ciclo/stats";

/** The design and seed, as plain data. */
export interface PowerInput {
  design: Omit<PowerDesign, "onReplicate" | "model">;
  seed: number;
}

/** Counts over a range of replicates, and the hazard ratio Schoenfeld's answer uses. */
export interface PowerPart {
  count: number;
  rejections: number;
  events: number;
  hazardRatio: number;
}

/**
 * Runs replicates from … from + count − 1 of the power simulation for this seed.
 *
 * `simulatePower` splits its generator once per replicate and once more, after the last, for the
 * hazard ratio of the model; the generator given here hands it the splits of replicates
 * from … from + count − 1 and then the one after the last of all `design.reps`, so every part
 * draws what the single run draws.
 */
export function powerReplicates(
  { design, seed }: PowerInput,
  from: number,
  count: number,
  progress: (done: number) => void,
): PowerPart | { message: string } {
  const parent = seededRandom(seed);
  for (let k = 0; k < from; k++) parent.split();
  let given = 0;
  const ranged: Random = {
    ...parent,
    split: () => {
      if (given++ === count) for (let k = from + count; k < design.reps; k++) parent.split();
      return parent.split();
    },
  };
  const estimate = simulatePower(
    { ...design, reps: count, onReplicate: (done) => progress(done) },
    ranged,
  );
  if (!estimate.ok) return { message: estimate.message };
  const { power, meanEvents, hazardRatio } = estimate.value;
  // power and meanEvents are whole counts divided by count: multiplying back is exact.
  return {
    count,
    rejections: Math.round(power * count),
    events: Math.round(meanEvents * count),
    hazardRatio,
  };
}

/**
 * The estimate of the whole run from its parts, computed as `simulatePower` computes it.
 *
 * @example
 * combinePower(parts, 0.05); // => { power, monteCarloError, meanEvents, hazardRatio, schoenfeldPower, reps }
 */
export function combinePower(parts: PowerPart[], alpha: number): PowerEstimate {
  const reps = parts.reduce((sum, part) => sum + part.count, 0);
  const power = parts.reduce((sum, part) => sum + part.rejections, 0) / reps;
  const meanEvents = parts.reduce((sum, part) => sum + part.events, 0) / reps;
  const hazardRatio = parts[0].hazardRatio;
  const schoenfeld = eventPower({ hazardRatio, alpha, events: meanEvents }, "schoenfeld");
  return {
    power,
    monteCarloError: Math.sqrt((power * (1 - power)) / reps),
    meanEvents,
    hazardRatio,
    schoenfeldPower: schoenfeld.ok ? schoenfeld.value : Number.NaN,
    reps,
  };
}
