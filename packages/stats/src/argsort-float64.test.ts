import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { argsortFloat64 } from "./argsort-float64";

/** The stable ascending order by a comparator: the reference the radix sort must reproduce. */
function reference(values: number[]): number[] {
  return values.map((_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
}

describe("argsortFloat64", () => {
  it("sorts a small array", () => {
    expect(Array.from(argsortFloat64(Float64Array.of(3, 1, 2)))).toEqual([1, 2, 0]);
  });
  it("is the stable ascending order for any doubles (radix path)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), {
          minLength: 33,
          maxLength: 300,
        }),
        (generated) => {
          // −0 sorts before +0 here, while a comparator calls them equal: compare without −0.
          const values = generated.map((v) => (v === 0 ? 0 : v));
          const order = Array.from(argsortFloat64(Float64Array.from(values)));
          const sorted = order.map((i) => values[i]);
          const expected = reference(values).map((i) => values[i]);
          expect(sorted).toEqual(expected);
        },
      ),
    );
  });
  it("is the stable ascending order for whole days (counting path)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 33, maxLength: 300 }),
        (values) => {
          expect(Array.from(argsortFloat64(Float64Array.from(values)))).toEqual(reference(values));
        },
      ),
    );
  });
  it("sorts values that share their leading 32 bits (low-word passes)", () => {
    const values = Array.from({ length: 500 }, (_, i) => 1 + ((i * 7919) % 500) * 2 ** -45);
    expect(Array.from(argsortFloat64(Float64Array.from(values)))).toEqual(reference(values));
  });
  it("keeps equal values in input order with negative and fractional values", () => {
    const values = [0.5, -1.25, 0.5, -1.25, 3, ...Array.from({ length: 40 }, (_, i) => i / 3)];
    expect(Array.from(argsortFloat64(Float64Array.from(values)))).toEqual(reference(values));
  });
});
