import { describe, expect, it } from "vitest";
import { expectClose } from "./testing";

describe("expectClose", () => {
  it("accepts values within the relative tolerance", () => {
    expect(() => expectClose(1 + 1e-12, 1, { rel: 1e-9 })).not.toThrow();
  });
  it("names the index and the difference when values differ", () => {
    expect(() => expectClose([1, 2], [1, 2.1], { rel: 1e-9 })).toThrow(
      /index 1: 2 vs expected 2.1/,
    );
  });
  it("treats null (R's NA) as matching NaN only", () => {
    expect(() => expectClose(Number.NaN, null)).not.toThrow();
    expect(() => expectClose(0, null)).toThrow(/0 vs expected null/);
  });
  it("requires infinities to match exactly", () => {
    expect(() => expectClose(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY)).not.toThrow();
    expect(() => expectClose(1e308, Number.POSITIVE_INFINITY)).toThrow(/Infinity/);
  });
  it("rejects arrays of different length", () => {
    expect(() => expectClose([1], [1, 2])).toThrow(/length 1 vs expected length 2/);
  });
});
