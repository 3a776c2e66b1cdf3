import { describe, expect, it } from "vitest";
import { completeRows, loadCsv, loadFixture, numbers } from "../test/r-fixtures";
import { type CoxFit, type CoxOptions, coxPh } from "./cox-ph";
import { expectClose } from "./testing";

const rel = 1e-9;

function fitOrThrow(outcome: ReturnType<typeof coxPh>): CoxFit {
  if (!outcome.ok) throw new Error(outcome.problem.message);
  return outcome.value;
}

/** Treatment-contrast dummies of a label column: one 0/1 column per level but the first. */
function dummies(labels: string[], name: string) {
  const levels = [...new Set(labels)].sort();
  return levels.slice(1).map((level) => ({
    name: `${name}${level}`,
    values: labels.map((label) => (label === level ? 1 : 0)),
  }));
}

describe("coxPh against ../shared/fixtures/r-survival (coxph, eps = 1e-12)", () => {
  for (const dataset of ["lung", "veteran", "aml", "ovarian"]) {
    const data = loadCsv(`r-survival/${dataset}.csv`);
    const expected = loadFixture(`r-survival/${dataset}.json`);
    for (const ties of ["efron", "breslow"] as const) {
      it(`${dataset}, ties = "${ties}"`, () => {
        const r = expected[`cox_${ties}`];
        const terms = r.formula.split(" + ");
        const covariates: number[][] = [];
        const names: string[] = [];
        for (const term of terms) {
          if (term === "group") {
            for (const d of dummies(data.group.map(String), "group")) {
              covariates.push(d.values);
              names.push(d.name);
            }
          } else {
            covariates.push(numbers(data[term]));
            names.push(term);
          }
        }
        const fit = fitOrThrow(
          coxPh(
            { time: numbers(data.time), status: numbers(data.status), covariates, names },
            { ties, eps: 1e-12, tolerChol: 1e-14, maxIter: 100 },
          ),
        );
        expect(fit.names).toEqual(Object.keys(r.coef));
        expectClose(fit.coef, Object.values(r.coef) as number[], { rel, label: "coef" });
        expectClose(fit.se, Object.values(r.se) as number[], { rel, label: "se" });
        expectClose(fit.loglik, r.loglik, { rel, label: "loglik" });
        // summary(coxph)$waldtest rounds the statistic to 2 decimals; its p is unrounded.
        expect(Math.round(fit.waldTest.statistic * 100) / 100).toBe(r.waldTest[0]);
        expectClose([fit.waldTest.df, fit.waldTest.p], r.waldTest.slice(1), { rel, label: "wald" });
        const test = (t: { statistic: number; df: number; p: number }) => [t.statistic, t.df, t.p];
        expectClose(test(fit.lrTest), r.lrTest, { rel, label: "lr" });
        expectClose(test(fit.scoreTest), r.scoreTest, { rel, label: "score" });
        expectClose(fit.concordance.value, r.concordance, { rel, label: "concordance" });
        expect(fit.warnings).toEqual([]);
      });
    }
  }
});

/** The model columns of an r-reference coxph block: its terms, products for `a:b`. */
function modelColumns(columns: Record<string, (number | string | null)[]>, terms: string[]) {
  return terms.map((term) => {
    const parts = term.split(":").map((part) => numbers(columns[part]));
    return parts.reduce((product, column) => product.map((v, i) => v * column[i]));
  });
}

function parseCall(call: string) {
  const match = /^Surv\(([^)]*)\) ~ (.*)$/.exec(call);
  if (!match) throw new Error(`unexpected call ${call}`);
  const survival = match[1].split(",").map((s) => s.trim());
  const strata = /strata\((\w+)\)/.exec(match[2])?.[1];
  const cluster = /cluster\((\w+)\)/.exec(match[2])?.[1];
  return { survival, strata, cluster };
}

// biome-ignore lint/suspicious/noExplicitAny: one block of R's free-form fixture JSON.
function fitBlock(fixture: any, block: any, options: CoxOptions) {
  const { survival, strata, cluster } = parseCall(block.call);
  const [start, time, status] = survival.length === 3 ? survival : [undefined, ...survival];
  const variables = [...survival, ...block.terms.flatMap((t: string) => t.split(":"))];
  if (strata) variables.push(strata);
  if (cluster) variables.push(cluster);
  const columns = completeRows(
    fixture.inputs[block.input ?? Object.keys(fixture.inputs)[0]].columns,
    variables,
  );
  return fitOrThrow(
    coxPh(
      {
        time: numbers(columns[time as string]),
        status: numbers(columns[status as string]),
        start: start ? numbers(columns[start]) : undefined,
        covariates: modelColumns(columns, block.terms),
        names: block.terms,
        strata: strata ? columns[strata].map(String) : undefined,
        cluster: cluster ? columns[cluster].map(String) : undefined,
      },
      { ties: block.ties, robust: block.args?.robust === true, ...options },
    ),
  );
}

describe("coxPh against ../shared/fixtures/r-reference coxph blocks", () => {
  for (const dataset of ["aml", "lung", "ovarian", "veteran", "heart", "bladder"]) {
    const fixture = loadFixture(`r-reference/${dataset}.coxph.json`);
    for (const block of fixture.results) {
      if (block.ties === "exact") continue;
      it(`${dataset}: ${block.label} — converged fit vs R's tight refit`, () => {
        const fit = fitBlock(fixture, block, { eps: 1e-13, tolerChol: 1e-14, maxIter: 100 });
        expectClose(fit.coef, block.tight.coef, { rel, label: "coef" });
        expectClose(fit.se, block.tight.se, { rel, label: "se" });
        expectClose(fit.loglik, block.tight.loglik, { rel, label: "loglik" });
      });
      it(`${dataset}: ${block.label} — R's default fit`, () => {
        const fit = fitBlock(fixture, block, {});
        expect(fit.iterations).toBe(block.iter);
        expectClose(fit.coef, block.coef, { rel, label: "coef" });
        expectClose(fit.se, block.se, { rel, label: "se" });
        if (block.robust_se) {
          expectClose(fit.robustSe ?? [], block.robust_se, { rel, label: "robust se" });
          expectClose(fit.naiveSe, block.naive_se, { rel, label: "naive se" });
          expectClose(fit.robustScoreTest?.statistic ?? Number.NaN, block.robscore.test, {
            rel,
            label: "robust score",
          });
          expectClose(fit.robustScoreTest?.p ?? Number.NaN, block.robscore.p, { rel });
        }
        expectClose(fit.loglik, block.loglik, { rel, label: "loglik" });
        expectClose(fit.means, block.means, { rel, label: "means" });
        expectClose(fit.scoreTest.statistic, block.sctest.test, { rel, label: "score" });
        expectClose(fit.scoreTest.p, block.sctest.p, { rel, label: "score p" });
        expectClose(fit.lrTest.statistic, block.logtest.test, { rel, label: "lr" });
        expectClose(fit.waldTest.statistic, block.wald_test_stat, { rel, label: "wald" });
        const [concordant, discordant, tiedX, tiedY, tiedXY, value, std] = block.concordance.values;
        expectClose(fit.concordance.std, std, { rel, label: "concordance std" });
        expect([
          fit.concordance.concordant,
          fit.concordance.discordant,
          fit.concordance.tiedX,
          fit.concordance.tiedY,
          fit.concordance.tiedXY,
        ]).toEqual([concordant, discordant, tiedX, tiedY, tiedXY]);
        expectClose(fit.concordance.value, value, { rel, label: "concordance" });
        expectClose(fit.hazardRatioLower, block.exp_coef_lower95, { rel, label: "HR lower" });
        expectClose(fit.hazardRatioUpper, block.exp_coef_upper95, { rel, label: "HR upper" });
        // R's coxph warns of nothing here; Ciclo adds a note per aliased (NA) coefficient.
        const aliased = block.terms.filter((_: string, j: number) => block.coef[j] === null);
        expect(fit.warnings).toEqual(
          aliased.map(
            (name: string) =>
              `covariate '${name}' is constant or collinear with the others; its coefficient is not estimable (R reports NA)`,
          ),
        );
      });
    }
  }
});

describe("coxPh on R's edge cases (r-reference/edge-cases.json)", () => {
  const cases = loadFixture("r-reference/edge-cases.json").cases;
  const edgeFixture = (input: { columns: Record<string, unknown> }) => ({
    inputs: { edge: input },
  });
  for (const [name, ties] of [
    ["heavy_ties", "efron"],
    ["heavy_ties", "breslow"],
  ] as const) {
    it(`${name}, ties = "${ties}": R's answer`, () => {
      const block = cases[name][ties];
      const fit = fitBlock(edgeFixture(cases[name].input), block, {});
      expectClose(fit.coef, block.coef, { rel });
      expectClose(fit.se, block.se, { rel });
      expectClose(fit.loglik, block.loglik, { rel });
      expectClose(fit.scoreTest.statistic, block.sctest.test, { rel });
    });
  }
  it("near-tied times are merged before fitting (timefix)", () => {
    const block = cases.timefix.coxph_timefix_true;
    const fit = fitBlock(edgeFixture(cases.timefix.input), block, {});
    expectClose(fit.coef, block.coef, { rel });
    expectClose(fit.loglik, block.loglik, { rel });
  });
  it("delayed entry (start, stop]: R's answer", () => {
    const block = cases.delayed_entry.cox;
    const fit = fitBlock(edgeFixture(cases.delayed_entry.input), block, {});
    expectClose(fit.coef, block.coef, { abs: 1e-12 });
    expectClose(fit.se, block.se, { rel });
    expectClose(fit.loglik, block.loglik, { rel });
  });
  it("monotone likelihood: R's warning that the coefficient may be infinite", () => {
    for (const ties of ["efron", "breslow"] as const) {
      const block = cases.infinite_coef[ties];
      const fit = fitBlock(edgeFixture(cases.infinite_coef.input), block, {});
      expect(fit.warnings).toEqual([
        "Loglik converged before variable 1; coefficient may be infinite.",
      ]);
      // The estimate is wherever the iteration stopped; R stops at the same place.
      expectClose(fit.coef, block.coef, { rel: 1e-6 });
      expectClose(fit.loglik, block.loglik, { rel });
      expectClose(fit.scoreTest.statistic, block.sctest.test, { rel });
      expectClose(fit.lrTest.statistic, block.logtest.test, { rel: 1e-9 });
    }
  });
  it("a group without events: infinite coefficient with R's warning", () => {
    const block = cases.logrank_group_without_events.cox;
    const input = cases.logrank_group_without_events.input;
    const fit = fitBlock(edgeFixture(input), block, {});
    expect(fit.warnings).toEqual([
      "Loglik converged before variable 1; coefficient may be infinite.",
    ]);
    expectClose(fit.coef, block.coef, { rel: 1e-6 });
    expectClose(fit.loglik, block.loglik, { rel });
    // The score test equals the log-rank test, as in R.
    expectClose(fit.scoreTest.statistic, block.sctest.test, { rel });
  });
  it("a constant covariate is aliased: coefficient NA as R, and said so", () => {
    const block = cases.singular_covariate.efron;
    const fit = fitBlock(edgeFixture(cases.singular_covariate.input), block, {});
    expectClose(fit.coef, block.coef, { rel });
    expectClose(fit.loglik, block.loglik, { rel });
    expect(fit.waldTest.df).toBe(1);
    expectClose(fit.waldTest.statistic, block.wald_test_stat, { rel });
    expect(fit.warnings).toEqual([
      "covariate 'k' is constant or collinear with the others; its coefficient is not estimable (R reports NA)",
    ]);
  });
});

describe("coxPh on bad input", () => {
  it("every covariate constant: coefficient NA and tests on 0 df, as R", () => {
    // R: coxph(Surv(c(1, 2, 3, 4), c(1, 1, 0, 1)) ~ rep(1, 4)): coef NA, logtest 0 on 0 df, p = 1
    const fit = coxPh({
      time: [1, 2, 3, 4],
      status: [1, 1, 0, 1],
      covariates: [[1, 1, 1, 1]],
      names: ["k"],
    });
    if (!fit.ok) throw new Error(fit.problem.message);
    expect(fit.value.coef[0]).toBeNaN();
    expect(fit.value.lrTest).toEqual({ statistic: 0, df: 0, p: 1 });
    // By hand: −log 4 − log 3 − log 1 at each death time, with every risk score equal.
    expectClose(fit.value.loglik, [-Math.log(12), -Math.log(12)], { rel: 1e-12 });
    expect(fit.value.concordance.value).toBe(0.5);
  });
  const problem = (outcome: ReturnType<typeof coxPh>) =>
    outcome.ok ? "no problem" : outcome.problem.message;
  it("all censored", () => {
    expect(
      problem(coxPh({ time: [1, 2, 3], status: [0, 0, 0], covariates: [[1, 0, 1]], names: ["x"] })),
    ).toBe("every observation is censored; a Cox model needs at least one event");
  });
  it("one observation", () => {
    expect(problem(coxPh({ time: [1], status: [1], covariates: [[1]], names: ["x"] }))).toBe(
      "a Cox model needs at least two observations",
    );
  });
  it("a missing covariate value", () => {
    expect(
      problem(
        coxPh({ time: [1, 2], status: [1, 0], covariates: [[1, Number.NaN]], names: ["age"] }),
      ),
    ).toBe("covariate 'age' is NaN at row 1; drop incomplete rows (R's na.omit) or fill them in");
  });
  it("negative time", () => {
    expect(
      problem(coxPh({ time: [1, -2], status: [1, 0], covariates: [[1, 0]], names: ["x"] })),
    ).toBe("time[1] is -2; times must be ≥ 0");
  });
});
