import { describe, expect, it } from "vitest";
import { loadFixture } from "../test/r-fixtures";
import { mannWhitney } from "./mann-whitney";
import { midranks } from "./midranks";
import type { Outcome } from "./outcome";
import type { Alternative } from "./rank-test-result";
import { expectClose } from "./testing";
import { rankSumCounts, signedRankCounts } from "./wilcoxon-distribution";
import { wilcoxonSignedRank } from "./wilcoxon-signed-rank";

const rel = 1e-9;
// R's wilcox.test on each case, every alternative × exact × correct; made by the shared
// fixtures' make-fixtures.R (R 4.2.2). The fixture ran with conf.int = TRUE, whose warnings about
// the confidence interval are not ours to give.
const fixture = loadFixture("r-reference/stats.wilcox.json");

function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(outcome.problem.message);
  return outcome.value;
}

interface RCall {
  alternative_arg: Alternative;
  exact_arg: boolean | null;
  correct_arg: boolean;
  statistic: number;
  p_value: number;
  method: string;
  warnings: string[];
}

describe("mannWhitney and wilcoxonSignedRank against R's wilcox.test (stats.wilcox.json)", () => {
  for (const testCase of fixture.cases) {
    const calls: RCall[] = [
      ...testCase.results,
      {
        ...testCase.default_call,
        alternative_arg: "two.sided",
        exact_arg: null,
        correct_arg: true,
      },
    ];
    for (const call of calls) {
      const label = `${testCase.name}: ${call.alternative_arg}, exact ${call.exact_arg}, correct ${call.correct_arg}`;
      it(label, () => {
        const options = {
          alternative: call.alternative_arg,
          exact: call.exact_arg ?? undefined,
          correct: call.correct_arg,
          mu: testCase.mu,
        };
        const result =
          testCase.paired || testCase.y === null
            ? unwrap(wilcoxonSignedRank(testCase.x, testCase.y ?? undefined, options))
            : unwrap(mannWhitney(testCase.x, testCase.y, options));
        expectClose(result.statistic, call.statistic, { rel });
        expectClose(result.p, call.p_value, { rel });
        expect(result.method).toBe(call.method);
        expect(result.warnings).toEqual(call.warnings.filter((w) => w.includes("p-value")));
      });
    }
  }
});

describe("exact Wilcoxon distributions", () => {
  it("counts rank sums as R's dwilcox", () => {
    // Rscript -e 'dwilcox(0:6, 3, 2) * choose(5, 3)' gives 1 1 2 2 2 1 1
    expect(Array.from(rankSumCounts(3, 2))).toEqual([1, 1, 2, 2, 2, 1, 1]);
  });
  it("counts signed-rank sums as R's dsignrank", () => {
    // Rscript -e 'dsignrank(0:6, 3) * 2^3' gives 1 1 1 2 1 1 1
    expect(Array.from(signedRankCounts(3))).toEqual([1, 1, 1, 2, 1, 1, 1]);
  });
  it("gives R's tiny exact p-value at m = n = 49", () => {
    // x <- c(0:38, 88:97); y <- c(39:48, 59:97) + 0.5
    // Rscript -e 'print(wilcox.test(x, y, alternative = "less")$p.value, digits = 17)' (W = 435)
    const x = Array.from({ length: 49 }, (_, i) => i + (i >= 39 ? 49 : 0));
    const y = Array.from({ length: 49 }, (_, i) => 39 + i + (i >= 10 ? 10 : 0) + 0.5);
    const result = unwrap(mannWhitney(x, y, { alternative: "less" }));
    expect(result.exact).toBe(true);
    expect(result.statistic).toBe(435);
    expectClose(result.p, 5.7660160362247622e-9, { rel });
  });
});

describe("ranks", () => {
  it("averages tied ranks as R's rank()", () => {
    // Rscript -e 'rank(c(10, 20, 10, 5))' gives 2.5 4.0 2.5 1.0
    expect(Array.from(midranks([10, 20, 10, 5]).ranks)).toEqual([2.5, 4, 2.5, 1]);
  });
});

describe("bad input", () => {
  it("names the empty sample", () => {
    const outcome = mannWhitney([], [1, 2]);
    expect(outcome.ok ? "" : outcome.problem.message).toBe("x is empty; give at least one value");
  });
  it("names a missing value", () => {
    const outcome = wilcoxonSignedRank([1, Number.NaN], [2, 3]);
    expect(outcome.ok ? "" : outcome.problem.message).toMatch(/^x\[1\] is NaN; remove missing/);
  });
  it("refuses all-tied samples, where R answers p = NaN", () => {
    const outcome = mannWhitney([2, 2], [2, 2, 2]);
    expect(outcome.ok ? "" : outcome.problem.code).toBe("all_tied");
  });
  it("refuses pairs that are all equal and unequal lengths", () => {
    const zero = wilcoxonSignedRank([1, 2], [1, 2]);
    expect(zero.ok ? "" : zero.problem.code).toBe("all_zero");
    const unpaired = wilcoxonSignedRank([1, 2], [1]);
    expect(unpaired.ok ? "" : unpaired.problem.message).toBe(
      "x has 2 values and y 1; a paired test needs one y for every x",
    );
  });
});

describe("effect size of the signed-rank test", () => {
  it("is z/√n from the uncorrected normal approximation", () => {
    // depression data (Hollander & Wolfe p.29): V = 40, n = 9, σ² = 9·10·19/24 = 71.25,
    // z = (40 − 22.5)/√71.25 = 2.0732…, r = z/3
    const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
    const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    const result = unwrap(wilcoxonSignedRank(x, y));
    expectClose(result.effectSize, 17.5 / Math.sqrt(71.25) / 3, { rel: 1e-12 });
  });
});
