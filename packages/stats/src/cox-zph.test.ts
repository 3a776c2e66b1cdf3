import { describe, expect, it } from "vitest";
import { completeRows, loadFixture, numbers } from "../test/r-fixtures";
import { coxPh } from "./cox-ph";
import { coxZph, type ZphTransform } from "./cox-zph";
import { factorCodes } from "./survival-input";
import { expectClose } from "./testing";

const rel = 1e-9;

describe("coxZph against r-reference cox_zph blocks (cox.zph(fit, transform))", () => {
  for (const dataset of ["aml", "lung", "ovarian", "veteran", "heart"]) {
    const fixture = loadFixture(`r-reference/${dataset}.coxph.json`);
    for (const block of fixture.results) {
      if (!block.cox_zph) continue;
      const match = /^Surv\(((\w+), )?(\w+), (\w+)\) ~ ([\w +]+)$/.exec(block.call);
      if (!match) continue;
      const [, , start, time, status] = match;
      const columns = completeRows(fixture.inputs[Object.keys(fixture.inputs)[0]].columns, [
        ...(start ? [start] : []),
        time,
        status,
        ...block.terms,
      ]);
      const data = {
        start: start ? numbers(columns[start]) : undefined,
        time: numbers(columns[time]),
        status: numbers(columns[status]),
        covariates: block.terms.map((term: string) => numbers(columns[term])),
        names: block.terms,
      };
      for (const transform of ["km", "identity", "rank"] as ZphTransform[]) {
        it(`${dataset}: ${block.label}, transform = "${transform}"`, () => {
          const fit = coxPh(data, { ties: block.ties });
          if (!fit.ok) throw new Error(fit.problem.message);
          const zph = coxZph(data, fit.value, { transform });
          if (!zph.ok) throw new Error(zph.problem.message);
          const r = block.cox_zph[transform];
          expect(zph.value.rows.map((row) => row.term)).toEqual(r.rows);
          expectClose(
            zph.value.rows.map((row) => row.chisq),
            r.chisq,
            { rel, label: "chisq" },
          );
          expect(zph.value.rows.map((row) => row.df)).toEqual(r.df);
          expectClose(
            zph.value.rows.map((row) => row.p),
            r.p,
            { rel, label: "p" },
          );
        });
      }
    }
  }
});

describe("coxZph on input it cannot test", () => {
  it("says so when a coefficient is aliased", () => {
    const data = {
      time: [3, 5, 7, 2, 8, 9],
      status: [1, 0, 1, 1, 1, 0],
      covariates: [
        [1, 2, 3, 1, 2, 4],
        [1, 1, 1, 1, 1, 1],
      ],
      names: ["x", "k"],
    };
    const fit = coxPh(data);
    if (!fit.ok) throw new Error(fit.problem.message);
    const zph = coxZph(data, fit.value);
    expect(zph.ok ? "" : zph.problem.message).toBe(
      "drop the covariates with NA coefficients and refit before testing proportional hazards",
    );
  });
});

describe("coxZph with a factor as one term", () => {
  it("tests a factor's dummy columns together, as R's cox.zph (ciclo-extra.json)", () => {
    const r = loadFixture("ciclo-extra.json").veteran_zph_factor_term;
    const { levels, codes } = factorCodes(r.input.celltype);
    const dummies = levels.slice(1).map((_, k) => Array.from(codes, (c) => (c === k + 1 ? 1 : 0)));
    const data = {
      time: r.input.time,
      status: r.input.status,
      covariates: [r.input.trt, ...dummies, r.input.karno],
      names: ["trt", ...levels.slice(1).map((level) => `celltype${level}`), "karno"],
    };
    const fit = coxPh(data);
    if (!fit.ok) throw new Error(fit.problem.message);
    const zph = coxZph(data, fit.value, {
      terms: [
        { name: "trt", columns: [0] },
        { name: "celltype", columns: [1, 2, 3] },
        { name: "karno", columns: [4] },
      ],
    });
    if (!zph.ok) throw new Error(zph.problem.message);
    expect(zph.value.rows.map((row) => row.term)).toEqual(r.rows);
    expect(zph.value.rows.map((row) => row.df)).toEqual(r.df);
    // R's level order differs (its factor's own levels), but a factor's term does not depend on it.
    expectClose(
      zph.value.rows.map((row) => row.chisq),
      r.chisq,
      { rel },
    );
    expectClose(
      zph.value.rows.map((row) => row.p),
      r.p,
      { rel },
    );
  });
});
