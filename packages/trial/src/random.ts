/**
 * A seeded pseudo-random generator and the draws the patient model needs. Every simulation
 * takes one as an argument, so the same seed gives the same cohort on every machine.
 *
 * The uniform source is xoshiro128** (Blackman & Vigna, 2018): 128 bits of state, 32-bit
 * output, period 2^128 − 1, passes BigCrush; its state is filled from the seed with SplitMix32
 * so that nearby seeds give unrelated streams. Only 32-bit integer arithmetic (Math.imul) is
 * used, so results are identical in every JavaScript engine.
 */
export interface Random {
  /** Uniform on [0, 1), 32 bits of resolution. */
  uniform(): number;
  /** Standard normal, by the polar Box–Muller method. */
  normal(): number;
  /** Exponential with the given mean. */
  exponential(mean: number): number;
  /** Gamma with the given shape and scale (Marsaglia & Tsang, 2000). */
  gamma(shape: number, scale: number): number;
  /** Weibull with survival S(t) = exp(−(t/scale)^shape). */
  weibull(shape: number, scale: number): number;
  /** Log-normal: exp(N(log median, sdLog²)). */
  logNormal(median: number, sdLog: number): number;
  /** True with probability p. */
  bernoulli(p: number): boolean;
  /** Integer uniform on [low, high]. */
  integer(low: number, high: number): number;
  /** One element of a non-empty list, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** An independent generator, seeded from this one (one per patient keeps patients apart). */
  split(): Random;
}

/**
 * A seeded generator. A number seeds it as the simulations always have; a text (a secret kept
 * by the server, for randomization) fills all 128 bits of the state, so the stream cannot be
 * found by trying every 32-bit seed.
 *
 * @example
 * const rng = seededRandom(1);
 * rng.uniform(); // => the same number on every run
 * rng.weibull(1.2, 30); // a time with median 30·ln2^(1/1.2)
 * seededRandom("a long secret|stratum PI/yes/<=24").integer(1, 6); // => the same die on every run
 */
export function seededRandom(seed: number | string): Random {
  const state = typeof seed === "string" ? stateOfText(seed) : stateOfNumber(seed);
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;
  return generatorOf(state);
}

/** SplitMix32 over a 32-bit seed, so nearby seeds give unrelated streams. */
function stateOfNumber(seed: number): Uint32Array {
  const state = new Uint32Array(4);
  let mix = seed >>> 0;
  for (let i = 0; i < 4; i++) {
    mix = (mix + 0x9e3779b9) >>> 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    state[i] = (z ^ (z >>> 16)) >>> 0;
  }
  return state;
}

/**
 * Four 32-bit lanes of multiply–xor hashing over the text's UTF-16 units, mixed across lanes
 * at the end, so that every character moves all 128 bits.
 */
function stateOfText(text: string): Uint32Array {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return Uint32Array.from([h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]);
}

function generatorOf(state: Uint32Array): Random {
  let spareNormal: number | null = null;
  const next32 = (): number => {
    const result = Math.imul(rotl(Math.imul(state[1], 5), 7), 9) >>> 0;
    const t = state[1] << 9;
    state[2] ^= state[0];
    state[3] ^= state[1];
    state[1] ^= state[2];
    state[0] ^= state[3];
    state[2] ^= t;
    state[3] = rotl(state[3], 11);
    return result;
  };
  const uniform = () => next32() / 4294967296;
  // Open interval (0, 1): logarithms never see 0.
  const positive = () => (next32() + 0.5) / 4294967296;
  const normal = (): number => {
    if (spareNormal !== null) {
      const value = spareNormal;
      spareNormal = null;
      return value;
    }
    for (;;) {
      const u = 2 * uniform() - 1;
      const v = 2 * uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const factor = Math.sqrt((-2 * Math.log(s)) / s);
        spareNormal = v * factor;
        return u * factor;
      }
    }
  };
  const gamma = (shape: number, scale: number): number => {
    // Shape < 1: boost to shape + 1 and scale down by U^(1/shape) (Marsaglia & Tsang §6).
    if (shape < 1) return gamma(shape + 1, scale) * positive() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = normal();
      const v = (1 + c * x) ** 3;
      if (v <= 0) continue;
      const u = positive();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
    }
  };
  const random: Random = {
    uniform,
    normal,
    exponential: (mean) => -mean * Math.log(positive()),
    gamma,
    weibull: (shape, scale) => scale * (-Math.log(positive())) ** (1 / shape),
    logNormal: (median, sdLog) => median * Math.exp(sdLog * normal()),
    bernoulli: (p) => uniform() < p,
    integer: (low, high) => low + Math.floor(uniform() * (high - low + 1)),
    pick: (items) => items[Math.floor(uniform() * items.length)],
    split: () => {
      const child = new Uint32Array(4);
      for (let i = 0; i < 4; i++) child[i] = next32();
      if ((child[0] | child[1] | child[2] | child[3]) === 0) child[0] = 1;
      return generatorOf(child);
    },
  };
  return random;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
