import { describe, expect, it } from "vitest";
import { loadFixture } from "../test/r-fixtures";
import { chiSquareTest } from "./chi-square-test";
import { fisherExact } from "./fisher-exact";
import { fisherMonteCarlo } from "./fisher-monte-carlo";
import type { Outcome } from "./outcome";
import { expectClose } from "./testing";

const rel = 1e-9;

interface RChiSquare {
  statistic: number;
  parameter: number;
  p_value: number;
  method: string;
  warnings: string[];
}
// R's fisher.test and chisq.test on each table (R 4.2.2, the shared fixtures' make-fixtures.R).
const fixture = loadFixture("r-reference/stats.fisher.json");
// R's fisher.test on r×c tables, FEXACT's network algorithm (test/fixtures/make-fisher-rxc-fixtures.R).
const rxcFixture = loadFixture("fisher-rxc.json");

function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(outcome.problem.message);
  return outcome.value;
}

/** A small seeded generator for tests (mulberry32). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("fisherExact against R's fisher.test (stats.fisher.json)", () => {
  for (const testCase of fixture.cases) {
    for (const call of testCase.results) {
      it(`${testCase.name}: ${call.alternative_arg}`, () => {
        const result = unwrap(fisherExact(testCase.table, { alternative: call.alternative_arg }));
        expectClose(result.p, call.p_value, { rel });
        expect(result.method).toBe(call.method);
        if (call.estimate !== null) {
          expectClose(result.oddsRatio, call.estimate, { rel });
          expectClose(result.confInt, call.conf_int, { rel });
        }
      });
    }
  }
});

describe("fisherExact on r×c tables against R's FEXACT (fisher-rxc.json)", () => {
  for (const testCase of rxcFixture.cases) {
    it(`${testCase.name}: ${testCase.call}`, () => {
      const result = unwrap(fisherExact(testCase.table));
      expectClose(result.p, testCase.p_value, { rel });
      expect(result.method).toBe(testCase.method);
      expect(result.alternative).toBe(testCase.alternative);
      expect(result.oddsRatio).toBeNaN();
    });
  }
  it("gives the same p for the transposed table and for permuted rows and columns", () => {
    // the 3×4 case of fisher-rxc.json: R's fisher.test(t(x)) and fisher.test(x[c(3, 1, 2), c(4, 2, 1, 3)])
    // both give 0.0088207266734427539, the p of x
    const table = rxcFixture.cases[0].table as number[][];
    const transposed = table[0].map((_, j) => table.map((row) => row[j]));
    const permuted = [table[2], table[0], table[1]].map((row) => [row[3], row[1], row[0], row[2]]);
    expectClose(unwrap(fisherExact(transposed)).p, rxcFixture.cases[0].p_value, { rel });
    expectClose(unwrap(fisherExact(permuted)).p, rxcFixture.cases[0].p_value, { rel });
  });
});

describe("chiSquareTest against R's chisq.test (stats.fisher.json)", () => {
  for (const testCase of fixture.cases) {
    if (!testCase.chisq_test) continue;
    for (const [variant, call] of Object.entries(testCase.chisq_test) as [string, RChiSquare][]) {
      it(`${testCase.name}: ${variant}`, () => {
        const result = unwrap(chiSquareTest(testCase.table, { correct: variant === "correct" }));
        expectClose(result.statistic, call.statistic, { rel });
        expect(result.df).toBe(call.parameter);
        expectClose(result.p, call.p_value, { rel });
        expect(result.method).toBe(call.method);
        expect(result.warnings).toEqual(call.warnings);
      });
    }
  }
});

describe("fisherMonteCarlo", () => {
  it("agrees with the exact p of the 4×4 job-satisfaction table within Monte-Carlo error", () => {
    // exact p 0.7826849389656388 (R's fisher.test); with B = 5000 the standard error is about 0.006
    const table = [
      [1, 3, 10, 6],
      [2, 3, 10, 7],
      [1, 6, 14, 12],
      [0, 1, 9, 11],
    ];
    const result = unwrap(fisherMonteCarlo(table, { rng: seeded(2026), replicates: 5000 }));
    expect(Math.abs(result.p - 0.7826849389656388)).toBeLessThan(0.025);
    expect(result.method).toBe(
      "Fisher's Exact Test for Count Data with simulated p-value (based on 5000 replicates)",
    );
  });
  it("is reproducible for a seed", () => {
    const table = [
      [3, 2, 0],
      [1, 5, 4],
    ];
    const first = unwrap(fisherMonteCarlo(table, { rng: seeded(7), replicates: 500 }));
    const second = unwrap(fisherMonteCarlo(table, { rng: seeded(7), replicates: 500 }));
    expect(first.p).toBe(second.p);
  });
});

describe("bad tables", () => {
  it("refuses an empty table", () => {
    const outcome = fisherExact([]);
    expect(outcome.ok ? "" : outcome.problem.message).toBe(
      "the table has no rows or columns; give at least a 2×2 table of counts",
    );
  });
  it("refuses a fractional count, naming the cell", () => {
    const outcome = chiSquareTest([
      [1, 2.5],
      [3, 4],
    ]);
    expect(outcome.ok ? "" : outcome.problem.message).toBe(
      "cell [1, 2] is 2.5; counts must be whole numbers ≥ 0",
    );
  });
  it("refuses a table left with one row after dropping zero rows", () => {
    const outcome = fisherExact([
      [0, 0],
      [3, 4],
    ]);
    expect(outcome.ok ? "" : outcome.problem.code).toBe("degenerate_table");
  });
  it("says what to do when an r×c table needs more partial tables than allowed (R: raise workspace)", () => {
    // the 5×3 case of fisher-rxc.json holds about 1e5 partial tables at its widest stage
    const outcome = fisherExact(rxcFixture.cases[1].table, { maxPaths: 1000 });
    expect(outcome.ok ? "" : outcome.problem.code).toBe("table_too_large");
    expect(outcome.ok ? "" : outcome.problem.message).toMatch(
      /^the 5×3 table needs more than 1000 partial tables for the exact network algorithm; use fisherMonteCarlo with a seeded rng \(R: fisher.test\(simulate.p.value = TRUE, B = 1e5\)\)/,
    );
  });
});
