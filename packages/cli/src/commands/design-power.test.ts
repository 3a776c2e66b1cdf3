import { seededRandom, simulatePower } from "@ciclo/sim";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerDesignCommand } from "./design";
import { addDesignPower } from "./design-power";

async function run(args: string[]): Promise<{ out: string; errors: string[] }> {
  let out = "";
  const errors: string[] = [];
  const io = {
    write: (text: string) => {
      out += text;
    },
    fail: (m: string) => void errors.push(m),
  };
  const program = new Command().exitOverride();
  addDesignPower(registerDesignCommand(program, io), io);
  await program.parseAsync(["node", "ciclo", "design", "power", ...args]);
  return { out, errors };
}

describe("ciclo design power", () => {
  it("prints the simulated power with its Monte-Carlo error beside Schoenfeld's", async () => {
    const args = [
      "--per-arm",
      "30",
      "--accrual-months",
      "12",
      "--followup-months",
      "12",
      "--reps",
      "100",
      "--seed",
      "3",
      "--hazards",
      "exponential",
      // In this thread: starting worker threads from the sources is slow; the next test does.
      "--workers",
      "1",
    ];
    const { out } = await run([...args, "--json"]);
    const printed = JSON.parse(out);
    const direct = simulatePower(
      { perArm: 30, accrualMonths: 12, followupMonths: 12, reps: 100, hazards: "exponential" },
      seededRandom(3),
    );
    if (!direct.ok) throw new Error(direct.message);
    expect(printed.power).toBe(direct.value.power);
    expect(printed.monteCarloError).toBe(direct.value.monteCarloError);
    expect(printed.schoenfeldPower).toBe(direct.value.schoenfeldPower);
    const text = (await run(args)).out;
    expect(text).toContain(
      `power by simulation: ${direct.value.power.toFixed(3)} ± ${direct.value.monteCarloError.toFixed(3)}`,
    );
    expect(text).toContain(
      `Schoenfeld:          ${direct.value.schoenfeldPower.toFixed(3)} for hazard ratio 0.545`,
    );
  });

  it("gives the same JSON on 1 worker and on 2, the single run's for the seed", async () => {
    const args = [
      "--per-arm",
      "20",
      "--accrual-months",
      "12",
      "--followup-months",
      "12",
      "--reps",
      "25",
      "--seed",
      "11",
      "--json",
    ];
    const one = await run([...args, "--workers", "1"]);
    const two = await run([...args, "--workers", "2"]);
    expect(two.errors).toEqual([]);
    expect(two.out).toBe(one.out);
    const direct = simulatePower(
      { perArm: 20, accrualMonths: 12, followupMonths: 12, reps: 25 },
      seededRandom(11),
    );
    if (!direct.ok) throw new Error(direct.message);
    const { power, meanEvents, hazardRatio, schoenfeldPower } = JSON.parse(two.out);
    expect({ power, meanEvents, hazardRatio, schoenfeldPower }).toEqual({
      power: direct.value.power,
      meanEvents: direct.value.meanEvents,
      hazardRatio: direct.value.hazardRatio,
      schoenfeldPower: direct.value.schoenfeldPower,
    });
  }, 120_000);
});
