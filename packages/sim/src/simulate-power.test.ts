import { eventPower } from "@ciclo/stats";
import { seededRandom } from "@ciclo/trial";
import { describe, expect, it } from "vitest";
import { simulatePower } from "./simulate-power";

describe("simulatePower", () => {
  it("agrees with Schoenfeld within Monte-Carlo error when hazards are proportional (exponential)", () => {
    const design = { perArm: 40, accrualMonths: 24, followupMonths: 12, reps: 400 } as const;
    const estimate = simulatePower({ ...design, hazards: "exponential" }, seededRandom(4));
    if (!estimate.ok) throw new Error(estimate.message);
    const { power, monteCarloError, meanEvents, schoenfeldPower, hazardRatio } = estimate.value;
    expect(hazardRatio).toBeCloseTo(18 / 33, 12);
    // Schoenfeld's answer is recomputed here from the stats engine for the same events.
    const expected = eventPower({ hazardRatio: 18 / 33, events: meanEvents }, "schoenfeld");
    expect(expected.ok && expected.value).toBe(schoenfeldPower);
    // 3 Monte-Carlo standard errors (400 replicates: ≈ 0.02 each) plus 0.02 for the
    // approximation itself (Schoenfeld's formula is asymptotic; events ≈ 50 here).
    expect(Math.abs(power - schoenfeldPower)).toBeLessThan(3 * monteCarloError + 0.02);
    expect(monteCarloError).toBeCloseTo(Math.sqrt((power * (1 - power)) / 400), 12);
  });

  it("rejects at about the nominal level when the arms do not differ", () => {
    const estimate = simulatePower(
      {
        perArm: 30,
        accrualMonths: 12,
        followupMonths: 12,
        reps: 400,
        hazards: "exponential",
        hazardRatio: 1 + 1e-12,
      },
      seededRandom(8),
    );
    if (!estimate.ok) throw new Error(estimate.message);
    // Binomial(400, 0.05): SE 0.011; 3 SE.
    expect(Math.abs(estimate.value.power - 0.05)).toBeLessThan(0.033);
  });

  it("gives the same estimate for the same seed and refuses a bad design with a message", () => {
    const design = { perArm: 20, accrualMonths: 12, followupMonths: 12, reps: 50 };
    const first = simulatePower(design, seededRandom(2));
    expect(simulatePower(design, seededRandom(2))).toEqual(first);
    expect(simulatePower({ ...design, perArm: 1 }, seededRandom(2))).toEqual({
      ok: false,
      message: "per-arm is 1; give a whole number of patients ≥ 2",
    });
  });
});
