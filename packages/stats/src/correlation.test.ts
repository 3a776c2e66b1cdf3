import { describe, expect, it } from "vitest";
import { loadFixture } from "../test/r-fixtures";
import { kendall } from "./kendall";
import type { Outcome } from "./outcome";
import { spearman } from "./spearman";
import { expectClose } from "./testing";

const rel = 1e-9;
// R's cor.test(x, y, method, exact, alternative) on each case (R 4.2.2, shared make-fixtures.R).
const fixture = loadFixture("r-reference/stats.cor.json");

function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(outcome.problem.message);
  return outcome.value;
}

describe("spearman against R's cor.test(method = 'spearman') (stats.cor.json)", () => {
  for (const testCase of fixture.cases) {
    for (const call of testCase.results) {
      if (call.method_arg !== "spearman") continue;
      it(`${testCase.name}: exact ${call.exact_arg}, ${call.alternative_arg}`, () => {
        const exact = call.exact_arg === "NULL" ? undefined : call.exact_arg;
        const result = unwrap(
          spearman(testCase.x, testCase.y, { exact, alternative: call.alternative_arg }),
        );
        expectClose(result.estimate, call.estimate, { rel });
        expectClose(result.statistic, call.statistic, { rel });
        expectClose(result.p, call.p_value, { rel });
        expect(result.method).toBe(call.method);
        expect(result.warnings).toEqual(call.warnings);
      });
    }
  }
  it("refuses a constant column, where R gives NA", () => {
    expect(kendall([1, 2, 3], [4, 4, 4]).ok).toBe(false);
    const outcome = spearman([1, 1, 1], [1, 2, 3]);
    expect(outcome.ok ? "" : outcome.problem.code).toBe("constant_sample");
  });
});

describe("kendall against R's cor.test(method = 'kendall') (stats.cor.json)", () => {
  for (const testCase of fixture.cases) {
    for (const call of testCase.results) {
      if (call.method_arg !== "kendall") continue;
      it(`${testCase.name}: exact ${call.exact_arg}, ${call.alternative_arg}`, () => {
        const exact = call.exact_arg === "NULL" ? undefined : call.exact_arg;
        const result = unwrap(
          kendall(testCase.x, testCase.y, { exact, alternative: call.alternative_arg }),
        );
        expectClose(result.estimate, call.estimate, { rel });
        expectClose(result.statistic, call.statistic, { rel });
        expectClose(result.p, call.p_value, { rel });
        expect(result.method).toBe(call.method);
        expect(result.warnings).toEqual(call.warnings);
      });
    }
  }
});
