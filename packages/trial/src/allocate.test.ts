import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocator } from "./allocate";
import { type RandomizationDesign, randomizationSchema } from "./randomization-schema";

const factors = [
  { code: "site", label: "Site" },
  { code: "visceral", label: "Visceral disease", levels: ["yes", "no"] },
  { code: "dfi", label: "Disease-free interval", levels: ["<=24", ">24"] },
];

const design = (extra: object): RandomizationDesign =>
  randomizationSchema.parse({ ratio: { immunotherapy: 1, control: 1 }, factors, ...extra });

const subjectArb = fc.record({
  site: fc.constantFrom("PI", "FI", "SI"),
  visceral: fc.constantFrom("yes", "no"),
  dfi: fc.constantFrom("<=24", ">24"),
});

function allocateAll(d: RandomizationDesign, seed: string, subjects: Record<string, string>[]) {
  const next = allocator(d, seed);
  return subjects.map((levels) => {
    const placed = next.allocate(levels);
    if (!placed.ok) throw new Error(placed.message);
    return placed.allocation;
  });
}

describe("permuted blocks", () => {
  const blocks = design({ method: "permuted-blocks", blockSizes: [4, 6] });

  it("never lets a stratum drift more than half the largest block from 1:1", () => {
    fc.assert(
      fc.property(fc.array(subjectArb, { maxLength: 150 }), fc.string(), (subjects, seed) => {
        const difference = new Map<string, number>();
        for (const allocation of allocateAll(blocks, seed, subjects)) {
          const step = allocation.arm === "immunotherapy" ? 1 : -1;
          const now = (difference.get(allocation.stratum) ?? 0) + step;
          difference.set(allocation.stratum, now);
          expect(Math.abs(now)).toBeLessThanOrEqual(3);
        }
      }),
    );
  });

  it("keeps a 2:1 ratio within one block's reach at every subject", () => {
    const twoToOne = randomizationSchema.parse({
      method: "permuted-blocks",
      ratio: { immunotherapy: 2, control: 1 },
      blockSizes: [3, 6],
    });
    const arms = allocateAll(twoToOne, "seed", Array(600).fill({})).map((a) => a.arm);
    // Within a block of 6 (4 + 2), the furthest the running count strays from 2/3 of the
    // subjects is 4 − 8/3 = 4/3 (four treated first) or 0 − 4/3 (two controls first).
    let treated = 0;
    for (const [index, arm] of arms.entries()) {
      if (arm === "immunotherapy") treated += 1;
      expect(Math.abs(treated - (2 * (index + 1)) / 3)).toBeLessThanOrEqual(4 / 3 + 1e-9);
    }
    expect(treated).toBeGreaterThan(398);
  });

  it("numbers allocations 1, 2, 3 … and names the stratum by its levels", () => {
    const [first, second] = allocateAll(blocks, "s", [
      { site: "PI", visceral: "yes", dfi: "<=24" },
      { site: "FI", visceral: "no", dfi: ">24" },
    ]);
    expect([first.sequence, first.stratum]).toEqual([1, "PI/yes/<=24"]);
    expect([second.sequence, second.stratum]).toEqual([2, "FI/no/>24"]);
  });
});

describe("minimization", () => {
  it("with probability 1 gives the second subject of the same levels the other arm", () => {
    const certain = design({ method: "minimization", minimization: { probability: 1 } });
    const levels = { site: "PI", visceral: "yes", dfi: "<=24" };
    const [first, second] = allocateAll(certain, "any", [levels, levels]);
    expect(second.arm).not.toBe(first.arm);
  });

  it("with probability 1 follows the hand-computed range imbalance over the margins", () => {
    const certain = design({ method: "minimization", minimization: { probability: 1 } });
    const next = allocator(certain, "hand");
    // Replayed history: PI/yes/<=24 → immunotherapy, FI/yes/>24 → control, SI/no/>24 → control.
    next.record({ site: "PI", visceral: "yes", dfi: "<=24" }, "immunotherapy");
    next.record({ site: "FI", visceral: "yes", dfi: ">24" }, "control");
    next.record({ site: "SI", visceral: "no", dfi: ">24" }, "control");
    // A subject PI/no/>24. Counts (immunotherapy, control): site PI (1,0), visceral no (0,1),
    // dfi >24 (0,2). Immunotherapy → ranges 2+0+1 = 3; control → 0+2+3 = 5: immunotherapy.
    const placed = next.allocate({ site: "PI", visceral: "no", dfi: ">24" });
    expect(placed).toEqual({
      ok: true,
      allocation: { sequence: 4, arm: "immunotherapy", stratum: "PI/no/>24" },
    });
  });

  it("keeps every factor level within a few subjects of 1:1", () => {
    const minimize = design({ method: "minimization" });
    fc.assert(
      fc.property(
        fc.array(subjectArb, { minLength: 60, maxLength: 120 }),
        fc.string(),
        (subjects, seed) => {
          const byLevel = new Map<string, number>();
          for (const [index, allocation] of allocateAll(minimize, seed, subjects).entries())
            for (const [factor, level] of Object.entries(subjects[index])) {
              const key = `${factor}=${level}`;
              byLevel.set(key, (byLevel.get(key) ?? 0) + (allocation.arm === "control" ? 1 : -1));
            }
          for (const difference of byLevel.values())
            expect(Math.abs(difference)).toBeLessThanOrEqual(8);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe("an allocator", () => {
  it("gives the same allocations for the same seed and others for another seed", () => {
    const blocks = design({ method: "permuted-blocks", blockSizes: [4, 6] });
    const subjects = Array.from({ length: 40 }, (_, i) => ({
      site: ["PI", "FI"][i % 2],
      visceral: i % 3 ? "no" : "yes",
      dfi: i % 5 ? ">24" : "<=24",
    }));
    const arms = (seed: string) =>
      allocateAll(blocks, seed, subjects)
        .map((a) => a.arm)
        .join();
    expect(arms("alpha")).toBe(arms("alpha"));
    expect(arms("alpha")).not.toBe(arms("beta"));
  });

  it("rebuilt by replaying the allocations made, gives the next subject the same arm", () => {
    for (const method of ["permuted-blocks", "minimization"] as const) {
      const d = design({ method, blockSizes: [4, 6] });
      const subjects = Array.from({ length: 30 }, (_, i) => ({
        site: ["PI", "FI", "SI"][i % 3],
        visceral: i % 4 ? "no" : "yes",
        dfi: i % 3 ? ">24" : "<=24",
      }));
      const straight = allocateAll(d, "secret", subjects);
      const rebuilt = allocator(d, "secret");
      for (const [i, allocation] of straight.slice(0, 29).entries())
        rebuilt.record(subjects[i], allocation.arm);
      expect(rebuilt.allocate(subjects[29])).toEqual({ ok: true, allocation: straight[29] });
    }
  });

  it("draws the same arms whatever order the stored ratio's keys come back in", () => {
    const d = design({ method: "minimization" });
    const reordered = { ...d, ratio: { control: 1, immunotherapy: 1 } };
    const subjects = Array.from({ length: 20 }, (_, i) => ({
      site: ["PI", "FI"][i % 2],
      visceral: i % 3 ? "no" : "yes",
      dfi: i % 4 ? ">24" : "<=24",
    }));
    expect(allocateAll(reordered, "k", subjects)).toEqual(allocateAll(d, "k", subjects));
  });

  it("refuses a level the protocol does not list, naming the factor", () => {
    const next = allocator(design({ method: "minimization" }), "s");
    expect(next.allocate({ site: "PI", visceral: "maybe", dfi: "<=24" })).toEqual({
      ok: false,
      code: "invalid_stratum",
      field: "visceral",
      message: "visceral 'maybe' is not a level of Visceral disease; use yes or no",
    });
    expect(next.allocate({ site: "PI", visceral: "yes" })).toMatchObject({
      field: "dfi",
      message: "give the subject's Disease-free interval (dfi)",
    });
  });
});
