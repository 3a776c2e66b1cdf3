import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expectClose } from "@ciclo/stats";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { runStats, runStatsJson } from "../../test/run-stats-command";
import { registerStatsCommand } from "./stats";

const fixtures = fileURLToPath(new URL("../../test/fixtures/", import.meta.url));
const rel = 1e-9;

const run = runStats;
const runJson = (args: string[]) => runStatsJson(args, { nullAsNaN: true });

function r(dataset: string) {
  return JSON.parse(readFileSync(`${fixtures}${dataset}.json`, "utf8"));
}

describe("ciclo stats km", () => {
  for (const confType of ["log", "log-log", "plain"]) {
    it(`matches R's summary(survfit(...), censored = TRUE) on aml, --conf-type ${confType}`, async () => {
      const json = await runJson(["km", "--data", `${fixtures}aml.csv`, "--conf-type", confType]);
      const expected = r("aml")[`km_${confType}`];
      expect(json.groups.map((g: { group: string }) => g.group)).toEqual([
        "Maintained",
        "Nonmaintained",
      ]);
      for (const key of ["time", "nRisk", "nEvent", "surv", "stdErr", "lower", "upper"]) {
        expectClose(
          json.groups.flatMap((g: Record<string, number[]>) => g[key]),
          expected[key],
          { rel, label: key },
        );
      }
      for (const group of json.groups) {
        expectClose(group.median, expected.median[group.group], { rel });
        expectClose(group.medianLower, expected.medianLower[group.group], { rel });
        expectClose(group.medianUpper, expected.medianUpper[group.group], { rel });
      }
    });
  }
  it("gives the risk table at chosen times and the restricted mean, as R", async () => {
    const json = await runJson([
      "km",
      "--data",
      `${fixtures}aml.csv`,
      "--times",
      "0,10,20,30,40,50",
    ]);
    const maintained = json.groups[0];
    // R: summary(survfit(Surv(time, status) ~ x, aml), times = c(0, 10, 20, 30, 40, 50), extend = TRUE)
    expect(maintained.atTimes.nRisk).toEqual([11, 10, 7, 5, 3, 1]);
    expect(maintained.atTimes.nEvent).toEqual([0, 1, 2, 1, 2, 1]);
    expectClose(
      maintained.atTimes.surv,
      [
        1, 0.9090909090909091, 0.7159090909090908, 0.6136363636363635, 0.36818181818181817,
        0.18409090909090908,
      ],
      { rel },
    );
    // R: summary(fit, rmean = "common")$table[, c("rmean", "se(rmean)")]
    expectClose([maintained.rmean, maintained.seRmean], [52.64545454545454, 19.828602795562585], {
      rel,
    });
    expectClose(
      [json.groups[1].rmean, json.groups[1].seRmean],
      [22.708333333333336, 4.180941981033154],
      { rel },
    );
  });
  it("rejects times that are not increasing", async () => {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => {} });
    registerStatsCommand(program, { write: () => {}, fail: () => {} });
    await expect(
      program.parseAsync([
        "node",
        "ciclo",
        "stats",
        "km",
        "--data",
        `${fixtures}aml.csv`,
        "--times",
        "10,5",
      ]),
    ).rejects.toThrow(/give increasing numbers separated by commas/);
  });
  it("adds timings when asked", async () => {
    const json = await runJson(["km", "--data", `${fixtures}aml.csv`, "--timings"]);
    expect(Object.keys(json.timings)).toEqual(["readMs", "computeMs"]);
    expect(json.timings.readMs).toBeGreaterThanOrEqual(0);
  });
});

describe("ciclo stats logrank", () => {
  it("matches R's survdiff on ovarian, rho 0 and 1, and stratified", async () => {
    const expected = r("ovarian");
    for (const rho of [0, 1]) {
      const json = await runJson([
        "logrank",
        "--data",
        `${fixtures}ovarian.csv`,
        "--rho",
        String(rho),
      ]);
      const e = expected[`logrank_rho${rho}`];
      expectClose([json.chisq, json.df, json.p], [e.chisq, e.df, e.p], { rel });
      expectClose(json.observed, e.observed, { rel });
      expectClose(json.expected, e.expected, { rel });
    }
    const stratified = await runJson([
      "logrank",
      "--data",
      `${fixtures}ovarian.csv`,
      "--strata",
      "strata",
    ]);
    expectClose(
      [stratified.chisq, stratified.p],
      [expected.logrank_stratified.chisq, expected.logrank_stratified.p],
      { rel },
    );
  });
});

describe("ciclo stats cox", () => {
  for (const ties of ["efron", "breslow"]) {
    it(`matches R's coxph on lung with a factor, --ties ${ties}`, async () => {
      const json = await runJson([
        "cox",
        "--data",
        `${fixtures}lung.csv`,
        "--covariates",
        "x1,x2,group",
        "--factors",
        "group",
        "--ties",
        ties,
      ]);
      const e = r("lung")[`cox_${ties}`];
      expect(Object.keys(json.coef)).toEqual(Object.keys(e.coef));
      // R's fixture fits are converged to eps 1e-12; the command uses R's default 1e-9.
      expectClose(Object.values(json.coef) as number[], Object.values(e.coef) as number[], {
        rel: 1e-7,
      });
      expectClose(Object.values(json.se) as number[], Object.values(e.se) as number[], {
        rel: 1e-7,
      });
      expectClose(json.loglik, e.loglik, { rel });
      expect(json.waldTest[0]).toBe(e.waldTest[0]);
      expectClose(json.lrTest, e.lrTest, { rel: 1e-7 });
      expectClose(json.scoreTest, e.scoreTest, { rel });
      expectClose(json.concordance, e.concordance, { rel });
    });
  }
  it("adds the test of proportional hazards with --zph", async () => {
    const json = await runJson([
      "cox",
      "--data",
      `${fixtures}ovarian.csv`,
      "--covariates",
      "x1,x2",
      "--zph",
    ]);
    expect(json.zph.map((row: { term: string }) => row.term)).toEqual(["x1", "x2", "GLOBAL"]);
    // R: cox.zph(coxph(Surv(time, status) ~ x1 + x2, data = read.csv("ovarian.csv")))$table
    expectClose(
      json.zph.map((row: { chisq: number }) => row.chisq),
      [0.697726829063789, 2.370799822384401, 3.6334909795001],
      { rel },
    );
    expectClose(
      json.zph.map((row: { p: number }) => row.p),
      [0.403548568388828, 0.123623698500473, 0.162553924407849],
      { rel },
    );
  });
  it("says what to change when a text column is not listed in --factors", async () => {
    const { failure } = await run(["cox", "--data", `${fixtures}aml.csv`, "--covariates", "group"]);
    expect(failure).toBe(
      "column 'group' has 'Maintained' on data row 1; give a number, or list 'group' in --factors",
    );
  });
  it("names a missing column", async () => {
    const { failure } = await run(["cox", "--data", `${fixtures}aml.csv`, "--covariates", "age"]);
    expect(failure).toBe(
      "column 'age' is not in the file; its columns are time, status, group, strata, x1, x2",
    );
  });
  it("says when the file cannot be read", async () => {
    const { failure } = await run(["km", "--data", `${fixtures}missing.csv`]);
    expect(failure).toMatch(/^cannot read '.*missing.csv'/);
  });
});
