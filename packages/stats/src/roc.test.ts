import { describe, expect, it } from "vitest";
import { loadFixture } from "../test/r-fixtures";
import { deLongTest } from "./delong-test";
import type { Outcome } from "./outcome";
import { rocAuc } from "./roc-auc";
import { expectClose } from "./testing";

const rel = 1e-9;
// pROC 1.18.0 on aSAH (cases = "Poor", direction "<"): auc, var(method = "delong"),
// ci.auc(method = "delong"), roc.test(method = "delong", paired = TRUE) — stats.roc-delong.json.
const fixture = loadFixture("r-reference/stats.roc-delong.json");
const columns = fixture.inputs.aSAH.columns;
const isCase: boolean[] = columns.outcome.map((o: string) => o === "Poor");

function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(outcome.problem.message);
  return outcome.value;
}

describe("rocAuc against pROC's DeLong interval", () => {
  for (const expected of fixture.results.markers) {
    it(expected.marker, () => {
      const roc = unwrap(rocAuc(columns[expected.marker], isCase));
      expectClose(roc.auc, expected.auc, { rel });
      expectClose(roc.variance, expected.delong_var, { rel });
      expectClose(roc.confInt, expected.delong_ci95, { rel });
    });
  }
  it("needs two cases and two controls", () => {
    const outcome = rocAuc([0.2, 0.5, 0.9], [true, false, true]);
    expect(outcome.ok ? "" : outcome.problem.message).toBe(
      "2 cases and 1 controls; DeLong's variance needs at least 2 of each",
    );
  });
});

describe("deLongTest against pROC's roc.test", () => {
  for (const expected of fixture.results.paired_tests) {
    it(expected.pair, () => {
      const [first, second] = expected.pair.split(" vs ");
      const test = unwrap(deLongTest(columns[first], columns[second], isCase));
      expectClose(test.statistic, expected.statistic, { rel });
      expectClose(test.p, expected.p_value, { rel });
      expectClose(test.estimate, expected.estimate, { rel });
      expect(test.method).toBe(expected.method);
    });
  }
});
