/**
 * Cases from test/fixtures/ciclo-extra.json, made by test/fixtures/make-survival-fixtures.R:
 * what ../shared/fixtures does not cover.
 */
import { describe, expect, it } from "vitest";
import { loadCsv, loadFixture, numbers } from "../test/r-fixtures";
import { coxPh } from "./cox-ph";
import { kaplanMeier } from "./kaplan-meier";
import { logRank } from "./log-rank";
import type { ConfType } from "./survival-confidence";
import { survivalTable } from "./survival-table";
import { expectClose } from "./testing";

const rel = 1e-9;
const extra = loadFixture("ciclo-extra.json");
const aml = loadFixture("r-reference/aml.survfit.json").inputs.aml.columns;

describe("kaplanMeier at a 90% level", () => {
  for (const confType of ["log", "log-log", "plain"] as ConfType[]) {
    it(`aml, conf.type = "${confType}", conf.int = 0.9`, () => {
      const r = extra[`aml_km90_${confType}`];
      const fit = kaplanMeier(
        { time: aml.time, status: aml.status, group: aml.x },
        { confType, confLevel: 0.9 },
      );
      if (!fit.ok) throw new Error(fit.problem.message);
      const rows = (key: "time" | "surv" | "stdErr" | "lower" | "upper") =>
        fit.value.curves.flatMap((c) => Array.from(c[key]));
      for (const key of ["time", "surv", "stdErr", "lower", "upper"] as const) {
        expectClose(rows(key), r[key], { rel, label: key });
      }
      const table = survivalTable(fit.value);
      expectClose(
        table.map((t) => t.median),
        r.median,
        { rel },
      );
      expectClose(
        table.map((t) => t.medianLower),
        r.medianLower,
        { rel },
      );
      expectClose(
        table.map((t) => t.medianUpper),
        r.medianUpper,
        { rel },
      );
    });
  }
});

describe("logRank with rho = 0.5 and strata", () => {
  it("veteran: trt + strata(celltype)", () => {
    const r = extra.veteran_survdiff_rho_half_stratified;
    const v = loadFixture("r-reference/veteran.survdiff.json").inputs.veteran.columns;
    const test = logRank(
      { time: v.time, status: v.status, group: v.trt, strata: v.celltype },
      { rho: 0.5 },
    );
    if (!test.ok) throw new Error(test.problem.message);
    expectClose(test.value.chisq, r.chisq, { rel });
    expectClose(test.value.p, r.p, { rel });
    expectClose(test.value.observed, r.obs, { rel });
    expectClose(test.value.expected, r.exp, { rel });
  });
});

describe("coxPh with Breslow ties, strata and clusters", () => {
  it("lung: age + sex + strata(ph.ecog) + cluster(inst)", () => {
    const r = extra.lung_cox_breslow_strata_cluster;
    const fit = coxPh(
      {
        time: r.input.time,
        status: r.input.status,
        covariates: [r.input.age, r.input.sex],
        names: ["age", "sex"],
        strata: r.input.ph_ecog,
        cluster: r.input.inst,
      },
      { ties: "breslow", eps: 1e-12, tolerChol: 1e-14, maxIter: 100 },
    );
    if (!fit.ok) throw new Error(fit.problem.message);
    expectClose(fit.value.coef, r.coef, { rel });
    expectClose(fit.value.robustSe ?? [], r.robustSe, { rel });
    expectClose(fit.value.naiveSe, r.naiveSe, { rel });
    expectClose(fit.value.loglik, r.loglik, { rel });
    expectClose(fit.value.waldTest.statistic, r.waldStatistic, { rel });
    expectClose(fit.value.scoreTest.statistic, r.score, { rel });
    expectClose(fit.value.concordance.value, r.concordance, { rel });
  });
});

describe("many groups and distinct times (the sort-based path)", () => {
  const big = loadCsv("many-groups.csv");
  const data = {
    time: numbers(big.time),
    status: numbers(big.status),
    group: big.group.map(String),
  };
  const r = extra.many_groups;
  it("log-rank as R's survdiff", () => {
    const test = logRank(data);
    if (!test.ok) throw new Error(test.problem.message);
    expectClose(test.value.chisq, r.chisq, { rel });
    expectClose(test.value.observed, r.obs, { rel });
    expectClose(test.value.expected, r.exp, { rel });
  });
  it("Kaplan–Meier as R's survfit", () => {
    const fit = kaplanMeier(data);
    if (!fit.ok) throw new Error(fit.problem.message);
    expect(fit.value.curves.map((c) => c.time.length)).toEqual(r.rows);
    expectClose(
      fit.value.curves.map((c) => c.surv[c.surv.length - 1]),
      r.lastSurv,
      { rel, abs: 1e-300 },
    );
    const table = survivalTable(fit.value);
    expectClose(
      table.map((t) => t.median),
      r.median,
      { rel },
    );
    expectClose(
      table.map((t) => t.medianLower),
      r.medianLower,
      { rel },
    );
    expectClose(
      table.map((t) => t.medianUpper),
      r.medianUpper,
      { rel },
    );
  });
});

describe("bad input: Ciclo's message where R gives none or a cryptic one", () => {
  const bad = extra.bad_input;
  it("all censored: KM as R (S = 1, median NA); log-rank and Cox say why there is no test", () => {
    const fit = kaplanMeier({ time: [2, 5], status: [0, 0] });
    if (!fit.ok) throw new Error(fit.problem.message);
    expectClose(fit.value.curves[0].surv, bad.km_all_censored.surv, { rel });
    expectClose(survivalTable(fit.value)[0].median, bad.km_all_censored.median, { rel });
    // R: survdiff warns "NaNs produced"; coxph returns coef NA with loglik 0.
    expect(bad.survdiff_all_censored).toBe("warning: NaNs produced");
    expect(bad.coxph_all_censored.coef).toBeNull();
    const test = logRank({ time: [1, 2], status: [0, 0], group: ["a", "b"] });
    expect(test.ok ? "" : test.problem.message).toBe(
      "every observation is censored; the test needs at least one event",
    );
  });
  it("one group: R stops with 'There is only 1 group'", () => {
    expect(bad.survdiff_one_group).toBe("error: There is only 1 group");
    const test = logRank({ time: [1, 2], status: [1, 1], group: ["a", "a"] });
    expect(test.ok ? "" : test.problem.code).toBe("one_group");
  });
  it("one observation: KM as R; Cox refuses where R does not converge", () => {
    const fit = kaplanMeier({ time: [3], status: [1] });
    if (!fit.ok) throw new Error(fit.problem.message);
    expectClose(fit.value.curves[0].surv, bad.km_one_event.surv, { rel });
    expectClose(fit.value.curves[0].stdErr, bad.km_one_event.stdErr, { rel });
    expectClose(survivalTable(fit.value)[0].median, bad.km_one_event.median, { rel });
    expect(bad.coxph_one_observation).toBe("warning: Ran out of iterations and did not converge");
    const cox = coxPh({ time: [1], status: [1], covariates: [[1.5]], names: ["x"] });
    expect(cox.ok ? "" : cox.problem.code).toBe("one_observation");
  });
  it("negative times and bad status: R accepts or turns into NA; Ciclo asks for a fix", () => {
    expect(bad.surv_negative_time).toBe("no error");
    expect(bad.surv_bad_status).toBe("warning: Invalid status value, converted to NA");
    const negative = kaplanMeier({ time: [1, -2], status: [1, 0] });
    expect(negative.ok ? "" : negative.problem.code).toBe("bad_time");
    const status = kaplanMeier({ time: [1, 2], status: [1, 3] });
    expect(status.ok ? "" : status.problem.code).toBe("bad_status");
  });
});
