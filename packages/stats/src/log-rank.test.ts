import { describe, expect, it } from "vitest";
import { completeRows, loadCsv, loadFixture, numbers } from "../test/r-fixtures";
import { type LogRankResult, logRank } from "./log-rank";
import { expectClose } from "./testing";

const rel = 1e-9;

function testOrThrow(outcome: ReturnType<typeof logRank>): LogRankResult {
  if (!outcome.ok) throw new Error(outcome.problem.message);
  return outcome.value;
}

describe("logRank against ../shared/fixtures/r-survival (survdiff)", () => {
  for (const dataset of ["lung", "veteran", "aml", "ovarian"]) {
    const data = loadCsv(`r-survival/${dataset}.csv`);
    const expected = loadFixture(`r-survival/${dataset}.json`);
    const columns = {
      time: numbers(data.time),
      status: numbers(data.status),
      group: data.group.map(String),
    };
    for (const rho of [0, 1]) {
      it(`${dataset}, rho = ${rho}`, () => {
        const test = testOrThrow(logRank(columns, { rho }));
        const r = expected[`logrank_rho${rho}`];
        expectClose(test.chisq, r.chisq, { rel });
        expect(test.df).toBe(r.df);
        expectClose(test.p, r.p, { rel });
        expectClose(test.observed, r.observed, { rel });
        expectClose(test.expected, r.expected, { rel });
      });
    }
    if (expected.logrank_stratified) {
      it(`${dataset}, stratified`, () => {
        const test = testOrThrow(logRank({ ...columns, strata: data.strata.map(String) }));
        expectClose(test.chisq, expected.logrank_stratified.chisq, { rel });
        expectClose(test.p, expected.logrank_stratified.p, { rel });
      });
    }
  }
});

describe("logRank against ../shared/fixtures/r-reference survdiff blocks", () => {
  for (const dataset of ["aml", "lung", "ovarian", "veteran", "bladder"]) {
    const fixture = loadFixture(
      `r-reference/${dataset}.${dataset === "bladder" ? "survfit" : "survdiff"}.json`,
    );
    for (const entry of fixture.results) {
      const block = entry.survdiff ?? entry;
      if (!block.chisq && block.chisq !== 0) continue;
      const match = /^Surv\((\w+), (\w+)\) ~ (\w+)(?: \+ strata\((\w+)\))?$/.exec(block.call);
      if (!match) throw new Error(`unexpected call ${block.call}`);
      const [, time, status, group, strata] = match;
      let columns = fixture.inputs[entry.input ?? Object.keys(fixture.inputs)[0]].columns;
      if (entry.subset) {
        const [name, , value] = entry.subset.split(" ");
        const keep = columns[name].map((v: number) => v === Number(value));
        columns = Object.fromEntries(
          Object.entries(columns).map(([k, v]) => [k, (v as unknown[]).filter((_, i) => keep[i])]),
        );
      }
      columns = completeRows(columns, [time, status, group, ...(strata ? [strata] : [])]);
      it(`${dataset}: ${block.call}, rho = ${block.rho}`, () => {
        const test = testOrThrow(
          logRank(
            {
              time: numbers(columns[time]),
              status: numbers(columns[status]),
              group: columns[group].map(String),
              strata: strata ? columns[strata].map(String) : undefined,
            },
            { rho: block.rho },
          ),
        );
        expectClose(test.chisq, block.chisq, { rel, label: "chisq" });
        expect(test.df).toBe(block.df);
        expectClose(test.p, block.p, { rel, label: "p" });
        // R orders groups by its factor levels; match by label.
        const labels: string[] = block.groups.map((g: string) => g.slice(group.length + 1));
        const index = labels.map((label) => test.groups.indexOf(label));
        expect(block.n).toEqual(index.map((k) => test.n[k]));
        if (strata) {
          block.obs.forEach((row: number[], g: number) => {
            expectClose(test.observedByStratum?.[index[g]] ?? [], row, { rel, label: "obs" });
            expectClose(test.expectedByStratum?.[index[g]] ?? [], block.exp[g], {
              rel,
              label: "exp",
            });
          });
        } else {
          expectClose(
            index.map((k) => test.observed[k]),
            block.obs,
            { rel, label: "obs" },
          );
          expectClose(
            index.map((k) => test.expected[k]),
            block.exp,
            { rel, label: "exp" },
          );
          block.var.forEach((row: number[], a: number) => {
            expectClose(
              index.map((k) => test.variance[index[a]][k]),
              row,
              { rel, label: "var" },
            );
          });
        }
      });
    }
  }
});

describe("logRank edge cases and bad input", () => {
  it("a group without events: R's answer (edge-cases.json logrank_group_without_events)", () => {
    const r = loadFixture("r-reference/edge-cases.json").cases.logrank_group_without_events;
    const test = testOrThrow(logRank({ ...r.input.columns, group: r.input.columns.g }));
    expectClose(test.chisq, r.logrank.chisq, { rel });
    expectClose(test.p, r.logrank.p, { rel });
    expectClose(test.expected, r.logrank.exp, { rel });
    expect(test.observed).toEqual([3, 0]);
  });
  const problem = (outcome: ReturnType<typeof logRank>) =>
    outcome.ok ? "no problem" : outcome.problem.message;
  it("needs two groups", () => {
    expect(problem(logRank({ time: [1, 2], status: [1, 1], group: ["a", "a"] }))).toBe(
      "every row is in group 'a'; the test compares at least two groups",
    );
  });
  it("needs an event", () => {
    expect(problem(logRank({ time: [1, 2], status: [0, 0], group: ["a", "b"] }))).toBe(
      "every observation is censored; the test needs at least one event",
    );
  });
  it("names a bad status", () => {
    expect(problem(logRank({ time: [1, 2], status: [1, 3], group: ["a", "b"] }))).toBe(
      "status[1] is 3; status must be 1 for an event or 0 for a censored time",
    );
  });
  it("one observation per group: R gives chisq 1 on 1 df", () => {
    // R: survdiff(Surv(c(1, 2), c(1, 1)) ~ c("a", "b")) gives Chisq = 1, p = 0.3
    const test = testOrThrow(logRank({ time: [1, 2], status: [1, 1], group: ["a", "b"] }));
    expectClose(test.chisq, 1, { rel });
    expectClose(test.p, 0.31731050786291415, { rel });
  });
});
