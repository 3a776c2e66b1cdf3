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
  it("orders text as R's sort() (ICU root collation)", () => {
    // R 4.2 (ICU, collation "root"): sort(c("control", "IL2", "b", "B", "a_1", "a-1", "A1", "10", "9"))
    expect(factorCodes(["control", "IL2", "b", "B", "a_1", "a-1", "A1", "10", "9"]).levels).toEqual(
      ["10", "9", "a_1", "a-1", "A1", "b", "B", "control", "IL2"],
    );
  });
});
