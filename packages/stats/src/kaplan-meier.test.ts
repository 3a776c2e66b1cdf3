import { describe, expect, it } from "vitest";
import { type Column, completeRows, loadCsv, loadFixture, numbers } from "../test/r-fixtures";
import { type KaplanMeierFit, kaplanMeier } from "./kaplan-meier";
import { restrictedMean } from "./restricted-mean";
import { survivalAtTimes } from "./survival-at-times";
import type { ConfType } from "./survival-confidence";
import { survivalQuantiles } from "./survival-quantile";
import { survivalTable } from "./survival-table";
import { expectClose } from "./testing";

const rel = 1e-9;
const confTypes: ConfType[] = ["log", "log-log", "plain"];

function fitOrThrow(outcome: ReturnType<typeof kaplanMeier>): KaplanMeierFit {
  if (!outcome.ok) throw new Error(outcome.problem.message);
  return outcome.value;
}

/** Rows of all curves, concatenated in curve order, as R's summary(fit, censored = TRUE). */
function stacked(
  fit: KaplanMeierFit,
  key: "time" | "nRisk" | "nEvent" | "surv" | "stdErr" | "lower" | "upper",
) {
  return fit.curves.flatMap((curve) => Array.from(curve[key]));
}

describe("kaplanMeier against ../shared/fixtures/r-survival (summary(survfit(...), censored = TRUE))", () => {
  for (const dataset of ["lung", "veteran", "aml", "ovarian"]) {
    const data = loadCsv(`r-survival/${dataset}.csv`);
    const expected = loadFixture(`r-survival/${dataset}.json`);
    for (const confType of confTypes) {
      it(`${dataset}, conf.type = "${confType}"`, () => {
        const fit = fitOrThrow(
          kaplanMeier(
            {
              time: numbers(data.time),
              status: numbers(data.status),
              group: data.group.map(String),
            },
            { confType },
          ),
        );
        const r = expected[`km_${confType}`];
        expect(fit.curves.flatMap((c) => Array(c.time.length).fill(c.group))).toEqual(r.strata);
        for (const [ours, theirs] of [
          ["time", "time"],
          ["nRisk", "nRisk"],
          ["nEvent", "nEvent"],
          ["surv", "surv"],
          ["stdErr", "stdErr"],
          ["lower", "lower"],
          ["upper", "upper"],
        ] as const) {
          expectClose(stacked(fit, ours), r[theirs], { rel, label: theirs });
        }
        const table = survivalTable(fit);
        for (const row of table) {
          expectClose(row.median, r.median[row.group], { rel, label: `median ${row.group}` });
          expectClose(row.medianLower, r.medianLower[row.group], { rel, label: "medianLower" });
          expectClose(row.medianUpper, r.medianUpper[row.group], { rel, label: "medianUpper" });
        }
      });
    }
  }
});

/** Parses `Surv(time, status) ~ x` or `Surv(start, stop, event) ~ 1`. */
function parseCall(call: string): { survival: string[]; group?: string } {
  const match = /^Surv\(([^)]*)\) ~ (.*)$/.exec(call);
  if (!match) throw new Error(`unexpected call ${call}`);
  const survival = match[1].split(",").map((s) => s.trim());
  return { survival, group: match[2] === "1" ? undefined : match[2] };
}

describe("kaplanMeier against ../shared/fixtures/r-reference survfit blocks", () => {
  for (const dataset of ["aml", "lung", "ovarian", "veteran", "bladder", "heart"]) {
    const fixture = loadFixture(`r-reference/${dataset}.survfit.json`);
    for (const block of fixture.results) {
      if (!block.fits) continue;
      const plainArgs =
        Array.isArray(block.args) || Object.keys(block.args).every((a) => a === "id");
      if (!plainArgs) continue;
      const { survival, group } = parseCall(block.call);
      const inputName = block.input ?? Object.keys(fixture.inputs)[0];
      let columns = fixture.inputs[inputName].columns;
      if (block.subset) {
        const [name, , value] = block.subset.split(" ");
        const keep = columns[name].map((v: number) => v === Number(value));
        columns = Object.fromEntries(
          Object.entries(columns).map(([k, v]) => [k, (v as unknown[]).filter((_, i) => keep[i])]),
        );
      }
      columns = completeRows(columns, [...survival, ...(group ? [group] : [])]);
      for (const r of block.fits) {
        if (!confTypes.includes(r.conf_type)) continue;
        it(`${dataset}: ${block.label}, conf.type = "${r.conf_type}"`, () => {
          expectSurvfitMatches(r, columns, survival, group, block.args.id);
        });
      }
    }
  }
});

/** Checks one `fits[j]` entry of an R survfit block against kaplanMeier on the same columns. */
// biome-ignore lint/suspicious/noExplicitAny: one block of R's free-form fixture JSON.
function expectSurvfitMatches(
  r: any,
  columns: Record<string, Column>,
  survival: string[],
  group: string | undefined,
  idColumn?: string,
) {
  const [start, time, status] = survival.length === 3 ? survival : [undefined, ...survival];
  const fit = fitOrThrow(
    kaplanMeier(
      {
        time: numbers(columns[time as string]),
        status: numbers(columns[status as string]),
        start: start ? numbers(columns[start]) : undefined,
        group: group ? columns[group].map(String) : undefined,
        id: idColumn ? numbers(columns[idColumn]) : undefined,
      },
      { confType: r.conf_type, confLevel: r.conf_int },
    ),
  );
  const table = survivalTable(fit);
  for (const curve of r.curves) {
    const label = group ? curve.stratum.slice(group.length + 1) : "all";
    const ours = fit.curves.find((c) => c.group === label);
    if (!ours) throw new Error(`no curve ${label}`);
    expectClose(ours.time, curve.time, { rel, label: "time" });
    expectClose(ours.nRisk, curve.n_risk, { rel, label: "n_risk" });
    expectClose(ours.nEvent, curve.n_event, { rel, label: "n_event" });
    expectClose(ours.nCensor, curve.n_censor, { rel, label: "n_censor" });
    expectClose(ours.surv, curve.surv, { rel, label: "surv" });
    expectClose(ours.logSurvStdErr, curve.std_err, { rel, label: "std_err" });
    expectClose(ours.cumulativeHazard, curve.cumhaz, { rel, label: "cumhaz" });
    expectClose(ours.cumulativeHazardStdErr, curve.std_chaz, { rel, label: "std_chaz" });
    expectClose(ours.lower, curve.lower, { rel, label: "lower" });
    expectClose(ours.upper, curve.upper, { rel, label: "upper" });
  }
  for (const q of r.quantiles ?? []) {
    // quantile(fit, probs = c(.25, .5, .75)) with its confidence limits
    const label = group ? q.stratum.slice(group.length + 1) : "all";
    const ours = survivalQuantiles(fit.curves.find((c) => c.group === label)!, q.probs);
    expectClose(
      ours.map((o) => o.quantile),
      q.quantile,
      { rel, label: "quantile" },
    );
    expectClose(
      ours.map((o) => o.lower),
      q.lower,
      { rel, label: "quantile lower" },
    );
    expectClose(
      ours.map((o) => o.upper),
      q.upper,
      { rel, label: "quantile upper" },
    );
  }
  for (const row of r.rmst_tau?.table ?? []) {
    // print(fit, rmean = tau)
    const label = group ? row.stratum.slice(group.length + 1) : "all";
    const ours = restrictedMean(fit.curves.find((c) => c.group === label)!, r.rmst_tau.tau);
    expectClose(ours.rmean, row.rmean, { rel, label: "rmst rmean" });
    expectClose(ours.stdErr, row.se_rmean, { rel, label: "rmst se" });
  }
  for (const at of r.at_times ?? []) {
    // summary(fit, times = ..., extend = TRUE)
    const label = group ? at.stratum.slice(group.length + 1) : "all";
    const ours = survivalAtTimes(fit.curves.find((c) => c.group === label)!, at.time);
    expectClose(ours.nRisk, at.n_risk, { rel, label: "at n_risk" });
    expectClose(ours.nEvent, at.n_event, { rel, label: "at n_event" });
    expectClose(ours.nCensor, at.n_censor, { rel, label: "at n_censor" });
    expectClose(ours.surv, at.surv, { rel, label: "at surv" });
    expectClose(ours.stdErr, at.std_err, { rel, label: "at std_err" });
    expectClose(ours.lower, at.lower, { rel, label: "at lower" });
    expectClose(ours.upper, at.upper, { rel, label: "at upper" });
  }
  for (const row of r.table) {
    const label = group ? row.stratum.slice(group.length + 1) : "all";
    const ours = table.find((t) => t.group === label);
    if (!ours) throw new Error(`no table row ${label}`);
    expect([ours.records, ours.nMax, ours.nStart, ours.events]).toEqual([
      row.records,
      row.n_max,
      row.n_start,
      row.events,
    ]);
    expectClose(ours.rmean, row.rmean, { rel, label: "rmean" });
    expectClose(ours.seRmean, row.se_rmean, { rel, label: "se_rmean" });
    expectClose(ours.median, row.median, { rel, label: "median" });
    expectClose(ours.medianLower, row.median_lcl, { rel, label: "median_lcl" });
    expectClose(ours.medianUpper, row.median_ucl, { rel, label: "median_ucl" });
  }
}

describe("kaplanMeier on R's edge cases (r-reference/edge-cases.json)", () => {
  const cases = loadFixture("r-reference/edge-cases.json").cases;
  for (const name of ["km_to_zero_and_median_midpoint", "median_not_reached_or_ci_open"]) {
    for (const block of cases[name].fits) {
      for (const r of block.fits) {
        if (!confTypes.includes(r.conf_type)) continue;
        it(`${name}, conf.type = "${r.conf_type}"`, () => {
          expectSurvfitMatches(r, cases[name].input.columns, ["time", "status"], undefined);
        });
      }
    }
  }
  it("merges near-equal times as R's aeqSurv (timefix = TRUE)", () => {
    const { input, survfit_timefix_true } = cases.timefix;
    const fit = fitOrThrow(kaplanMeier({ time: input.columns.time, status: input.columns.status }));
    const r = survfit_timefix_true[0];
    expectClose(fit.curves[0].time, r.time, { rel });
    expectClose(fit.curves[0].nRisk, r.n_risk, { rel });
    expectClose(fit.curves[0].surv, r.surv, { rel });
    expectClose(fit.curves[0].lower, r.lower, { rel });
  });
  it("delayed entry: at risk means start < t ≤ stop", () => {
    const { input, survfit } = cases.delayed_entry;
    for (const r of survfit.fits) {
      expectSurvfitMatches(r, input.columns, ["start", "stop", "status"], undefined);
    }
  });
});

describe("kaplanMeier on bad input", () => {
  const problem = (outcome: ReturnType<typeof kaplanMeier>) =>
    outcome.ok ? "no problem" : outcome.problem.message;
  it("names a missing time", () => {
    expect(problem(kaplanMeier({ time: [1, Number.NaN], status: [1, 0] }))).toBe(
      "time[1] is missing (NaN); give a time or drop the row",
    );
  });
  it("rejects negative times", () => {
    expect(problem(kaplanMeier({ time: [1, -2], status: [1, 0] }))).toBe(
      "time[1] is -2; times must be ≥ 0",
    );
  });
  it("rejects a status other than 0/1", () => {
    expect(problem(kaplanMeier({ time: [1, 2], status: [1, 2] }))).toBe(
      "status[1] is 2; status must be 1 for an event or 0 for a censored time",
    );
  });
  it("rejects an empty data set", () => {
    expect(problem(kaplanMeier({ time: [], status: [] }))).toBe(
      "there are no observations; give at least one row",
    );
  });
  it("rejects a start time not before its stop time", () => {
    expect(problem(kaplanMeier({ start: [0, 3], time: [2, 3], status: [1, 0] }))).toBe(
      "row 1 starts at 3 and stops at 3; a (start, stop] interval needs start < stop",
    );
  });
  it("all censored: S stays 1 and the median is not reached, as R", () => {
    // R: survfit(Surv(c(2, 5), c(0, 0)) ~ 1) gives surv 1, 1 and median NA
    const fit = fitOrThrow(kaplanMeier({ time: [2, 5], status: [0, 0] }));
    expect(Array.from(fit.curves[0].surv)).toEqual([1, 1]);
    expect(survivalTable(fit)[0].median).toBeNaN();
  });
  it("one observation with an event: S drops to 0 and the interval is NA, as R", () => {
    // R: summary(survfit(Surv(3, 1) ~ 1)): surv 0, std.err NaN, lower/upper NA; median 3
    const fit = fitOrThrow(kaplanMeier({ time: [3], status: [1] }));
    expect(Array.from(fit.curves[0].surv)).toEqual([0]);
    expect(fit.curves[0].stdErr[0]).toBeNaN();
    expect(fit.curves[0].lower[0]).toBeNaN();
    expect(survivalTable(fit)[0].median).toBe(3);
  });
  it("a group with no events keeps S = 1", () => {
    // R: survfit(Surv(time, status) ~ g) on edge-cases logrank_group_without_events
    const fit = fitOrThrow(
      kaplanMeier({
        time: [1, 2, 3, 4, 5, 6, 7, 8],
        status: [1, 1, 1, 0, 0, 0, 0, 0],
        group: [1, 1, 1, 1, 2, 2, 2, 2],
      }),
    );
    expect(Array.from(fit.curves[1].surv)).toEqual([1, 1, 1, 1]);
    expect(Array.from(fit.curves[0].surv)).toEqual([0.75, 0.5, 0.25, 0.25]);
  });
});
