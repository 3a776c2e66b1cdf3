import { describe, expect, it } from "vitest";
import { randomizationProperties } from "./randomization-properties";
import { randomizationSchema } from "./randomization-schema";

const oneStratum = (extra: object) =>
  randomizationSchema.parse({ ratio: { immunotherapy: 1, control: 1 }, ...extra });

describe("randomization properties, against hand computation", () => {
  it("simple randomization: mean |n₁ − n₂| of 120 subjects and guesses at chance", () => {
    const simple = randomizationProperties(oneStratum({ method: "minimization" }), {
      trials: 4000,
      subjects: 120,
      frequencies: {},
      seed: "simple",
      simple: true,
    });
    // E|2X − n| for X ~ Binomial(120, 1/2) is n·C(n, n/2)/2ⁿ = 8.7222 (exact sum over k).
    // Its SD is about 6.6, so the mean of 4000 trials is within ±0.31 with 99.7 % confidence.
    expect(simple.overall.mean).toBeGreaterThan(8.72 - 0.35);
    expect(simple.overall.mean).toBeLessThan(8.72 + 0.35);
    // Guessing cannot beat a fair coin: 0.5, within ±0.004 (3 SE of 480,000 guesses).
    expect(Math.abs(simple.convergenceGuess - 0.5)).toBeLessThan(0.004);
  });

  it("blocks of 4: the convergence guesser is right 70.83 % of the time", () => {
    const blocks = randomizationProperties(
      oneStratum({ method: "permuted-blocks", blockSizes: [4] }),
      { trials: 2000, subjects: 120, frequencies: {}, seed: "blocks" },
    );
    // Blackwell & Hodges (1957): a block of 2m gives m + 2^(2m−1)/C(2m, m) − 1/2 correct
    // guesses, 2 + 8/6 − 1/2 = 2.8333 of 4 (checked by enumerating the 6 orders by hand).
    expect(Math.abs(blocks.convergenceGuess - 2.8333333 / 4)).toBeLessThan(0.004);
    // 120 subjects fill 30 whole blocks: the trial ends balanced.
    expect(blocks.overall).toEqual({ mean: 0, p95: 0, max: 0 });
  });

  it("stratified blocks never leave a stratum more than half a block off; minimization keeps margins close", () => {
    const factors = [
      { code: "site", label: "Site" },
      { code: "visceral", label: "Visceral disease", levels: ["yes", "no"] },
    ];
    const frequencies = { site: { PI: 0.5, FI: 0.3, SI: 0.2 }, visceral: { yes: 0.4, no: 0.6 } };
    const options = { trials: 300, subjects: 120, frequencies, seed: "strata" };
    const blocks = randomizationProperties(
      oneStratum({ method: "permuted-blocks", blockSizes: [4, 6], factors }),
      options,
    );
    const minimized = randomizationProperties(
      oneStratum({ method: "minimization", factors }),
      options,
    );
    expect(blocks.stratum.max).toBeLessThanOrEqual(3);
    expect(minimized.level.max).toBeLessThanOrEqual(6);
    expect(minimized.overall.mean).toBeLessThan(blocks.overall.mean);
  });
});
