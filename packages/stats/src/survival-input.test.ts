import { describe, expect, it } from "vitest";
import { factorCodes } from "./survival-input";

describe("factorCodes", () => {
  it("orders levels as R's factor(): numbers numerically, even when given as text", () => {
    expect(factorCodes(["10", "2", "1", "2"])).toEqual({
      levels: ["1", "2", "10"],
      codes: Int32Array.of(2, 1, 0, 1),
    });
    expect(factorCodes([3, 1, 3]).levels).toEqual(["1", "3"]);
  });
  it("orders text by code point, as R in the C locale", () => {
    expect(factorCodes(["control", "IL2", "control"]).levels).toEqual(["IL2", "control"]);
  });
});
