import { describe, expect, it } from "vitest";
import { loadFixture } from "../test/r-fixtures";
import { chiSquareTest } from "./chi-square-test";
import { fisherExact } from "./fisher-exact";
import { mannWhitney } from "./mann-whitney";
import type { Outcome } from "./outcome";
import { spearman } from "./spearman";
import { expectClose } from "./testing";
import { wilcoxonSignedRank } from "./wilcoxon-signed-rank";

const rel = 1e-9;
// test/fixtures/inference-extra.json, made by test/fixtures/make-inference-fixtures.R (R 4.2.2);
// each result carries the R call that produced it.
const fixture = loadFixture("inference-extra.json");

function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(outcome.problem.message);
  return outcome.value;
}

describe("rank tests against make-inference-fixtures.R", () => {
  for (const testCase of fixture.wilcox) {
    for (const call of testCase.results) {
      it(`${testCase.name}: ${call.call}`, () => {
        const options = {
          alternative: call.alternative,
          exact: call.exact ?? undefined,
          correct: call.correct,
        };
        const result = testCase.paired
          ? unwrap(wilcoxonSignedRank(testCase.x, testCase.y, options))
          : unwrap(mannWhitney(testCase.x, testCase.y, options));
        expectClose(result.statistic, call.statistic, { rel });
        expectClose(result.p, call.p, { rel });
        expect(result.method).toBe(call.method);
        expect(result.warnings).toEqual(call.warnings);
      });
    }
  }
});

describe("Fisher and chi-square against make-inference-fixtures.R", () => {
  for (const testCase of fixture.fisher) {
    for (const call of testCase.fisher) {
      it(`${testCase.name}: ${call.call}`, () => {
        const result = unwrap(
          fisherExact(testCase.table, {
            alternative: call.alternative,
            confLevel: call.conf_level,
          }),
        );
        expectClose(result.p, call.p, { rel });
        if (call.estimate !== null) {
          expectClose(result.oddsRatio, call.estimate, { rel });
          expectClose(result.confInt, call.conf_int, { rel });
        }
      });
    }
    for (const call of testCase.chisq) {
      it(`${testCase.name}: ${call.call}`, () => {
        const result = unwrap(chiSquareTest(testCase.table, { correct: call.correct }));
        expectClose(result.statistic, call.statistic, { rel });
        expect(result.df).toBe(call.df);
        expectClose(result.p, call.p, { rel });
        expect(result.method).toBe(call.method);
        expect(result.warnings).toEqual(call.warnings);
      });
    }
  }
});

describe("Spearman against make-inference-fixtures.R", () => {
  for (const testCase of fixture.spearman) {
    for (const call of testCase.results) {
      it(`${testCase.name}: ${call.call}`, () => {
        const result = unwrap(
          spearman(testCase.x, testCase.y, {
            alternative: call.alternative,
            exact: call.exact ?? undefined,
          }),
        );
        expectClose(result.estimate, call.estimate, { rel });
        expectClose(result.statistic, call.statistic, { rel });
        expectClose(result.p, call.p, { rel });
        expect(result.warnings).toEqual(call.warnings);
      });
    }
  }
});
