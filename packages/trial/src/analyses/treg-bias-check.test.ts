import { describe, expect, it } from "vitest";
import { seededRandom } from "../random";
import {
  defaultReplicates,
  rejectionRow,
  type TregNullSubject,
  tregBiasCheck,
  tregBiasReplicate,
  tregNullModel,
} from "./treg-bias-check";

// A pilot-sized cohort (42 treated, 95 controls): exponential OS with medians 81 and 62 months,
// uniform censoring up to 150 months, the Treg baseline complete 3–9 months after the origin,
// and an observed rise drawn independently of survival (mean 40 months after the baseline).
function cohort(seed: number): TregNullSubject[] {
  const rng = seededRandom(seed);
  return Array.from({ length: 137 }, (_, i): TregNullSubject => {
    const treated = i < 42;
    const death = rng.exponential((treated ? 81 : 62) / Math.LN2);
    const censor = 150 * rng.uniform();
    const time = Math.min(death, censor);
    const clockStart = Math.min(3 + 6 * rng.uniform(), time / 2);
    const drawn = clockStart + rng.exponential(40);
    return {
      arm: treated ? "treated" : "control",
      time,
      event: death <= censor,
      clockStart,
      tregOriginOffset: treated ? clockStart - 2 : null,
      rise: drawn + 3 <= time ? { drawn, confirmed: drawn + 3 } : null,
    };
  });
}

describe("the bias check of the Treg analyses", () => {
  const subjects = cohort(7);

  it("sizes the null from the cohort's rate of rises and median confirmation lag", () => {
    const model = tregNullModel(subjects);
    if (!model) throw new Error("no rise");
    // Every observed rise here is confirmed 3 months after it is drawn.
    expect(model.confirmationLag).toBeCloseTo(3, 12);
    let rises = 0;
    let exposure = 0;
    for (const s of subjects) {
      exposure += (s.rise ? s.rise.drawn : s.time) - s.clockStart;
      if (s.rise) rises++;
    }
    expect(model.meanMonthsToRise).toBeCloseTo(exposure / rises, 9);
  });

  it("is a pure function of (seed, replicate index): any order gives the same P-values", () => {
    const model = tregNullModel(subjects);
    if (!model) throw new Error("no rise");
    const forward = [0, 1, 2].map((i) => tregBiasReplicate(subjects, model, 11, i));
    const backward = [2, 1, 0].map((i) => tregBiasReplicate(subjects, model, 11, i)).reverse();
    expect(backward).toEqual(forward);
    expect(forward[0]).not.toEqual(forward[1]);
  });

  it("keeps the headline model's false-positive rate near 5%; the published split's is far above", () => {
    // 400 replicates: the binomial SE of a true 5% rate is √(0.05·0.95/400) = 0.0109, so a valid
    // test lies within 3 SE (0.0327) of 0.05 except once in about 370 runs of a fixed seed.
    const check = tregBiasCheck(subjects, { replicates: 400, seed: 20260101 });
    if ("notComputed" in check) throw new Error(check.notComputed);
    const [naive, headline] = check.rows;
    expect(headline.replicates).toBe(400);
    expect(Math.abs(headline.falsePositiveRate - 0.05)).toBeLessThan(
      3 * Math.sqrt((0.05 * 0.95) / 400),
    );
    expect(naive.falsePositiveRate).toBeGreaterThan(0.05 + 3 * naive.monteCarloSe);
  });

  it("gives the same rates whatever the order of the subjects", () => {
    const reversed = [...subjects].reverse();
    expect(tregBiasCheck(reversed, { replicates: 10 })).toEqual(
      tregBiasCheck(subjects, { replicates: 10 }),
    );
  });

  it("runs 200 replicates up to 1,000 subjects and fewer, at least 20, beyond", () => {
    expect([137, 1000, 2000, 10_000, 100_000].map(defaultReplicates)).toEqual([
      200, 200, 100, 20, 20,
    ]);
  });

  it("says why it cannot run when the cohort has no rise", () => {
    const none = subjects.map((s) => ({ ...s, rise: null }));
    expect(tregBiasCheck(none)).toEqual({
      notComputed: "no confirmed Treg rise in the cohort to size the null",
    });
  });

  it("counts rejections below alpha with their binomial standard error", () => {
    // 1 of 4 below 0.05: rate 0.25, SE √(0.25·0.75/4) = 0.2165.
    const row = rejectionRow("a", "t", [0.01, 0.2, 0.05, 0.9], 0.05);
    expect(row.falsePositiveRate).toBe(0.25);
    expect(row.monteCarloSe).toBeCloseTo(Math.sqrt(0.1875 / 4), 12);
  });
});
