import { describe, expect, it } from "vitest";
import { holm } from "./holm";
import { expectClose } from "./testing";

describe("holm (R: p.adjust(p, 'holm'))", () => {
  it("steps down from the smallest P, keeps the input order and leaves NaN out of m", () => {
    // R: p.adjust(c(0.01, 0.04, 0.03, 0.5, 0.0004, NA, 0.02), "holm")
    // => 0.05 0.09 0.09 0.5 0.0024 NA 0.08
    const adjusted = holm([0.01, 0.04, 0.03, 0.5, 0.0004, Number.NaN, 0.02]);
    expect(Number.isNaN(adjusted[5])).toBe(true);
    expectClose(
      adjusted.filter((p) => !Number.isNaN(p)),
      [0.05, 0.09, 0.09, 0.5, 0.0024, 0.08],
      { rel: 1e-12 },
    );
  });

  it("caps at 1", () => {
    // R: p.adjust(c(0.6, 0.7), "holm") => 1 1
    expect(holm([0.6, 0.7])).toEqual([1, 1]);
  });
});
