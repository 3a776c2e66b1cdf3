/**
 * `ciclo stats`: the statistics engine on a CSV file, with R's names, as JSON (`--json`) or as a
 * short text summary. Subcommands: km, logrank, cox (and the rank and exact tests, which add
 * themselves to the command returned by {@link registerStatsCommand}).
 */
import { performance } from "node:perf_hooks";
import {
  type ConfType,
  type CoxFit,
  coxPh,
  coxZph,
  factorCodes,
  kaplanMeier,
  logRank,
  survivalAtTimes,
  survivalTable,
  type ZphTransform,
} from "@ciclo/stats";
import { type Command, InvalidArgumentError, Option } from "commander";
import {
  type CsvColumns,
  completeRows,
  numericColumn,
  type Read,
  readCsvColumns,
  textColumn,
} from "./stats-input";
import { addRankAndExactTests } from "./stats-rank-tests";

/** Where a command writes; tests pass their own. */
export interface StatsIo {
  write: (text: string) => void;
  fail: (message: string) => void;
}

const processIo: StatsIo = {
  write: (text) => process.stdout.write(text),
  fail: (message) => {
    process.stderr.write(`ciclo stats: ${message}\n`);
    process.exitCode = 2;
  },
};

/**
 * Adds `stats` with its survival subcommands to the program and returns the `stats` command, to
 * which other subcommands can be added.
 *
 * @example
 * const stats = registerStatsCommand(program);
 * stats.command("mann-whitney")…
 */
export function registerStatsCommand(program: Command, io: StatsIo = processIo): Command {
  const stats = program
    .command("stats")
    .description(
      "Statistics on a CSV file, with R's names and answers (survival, survdiff, coxph, rank and exact tests)",
    );
  addKaplanMeier(stats, io);
  addLogRank(stats, io);
  addCox(stats, io);
  addRankAndExactTests(stats, io);
  return stats;
}

interface CommonOptions {
  data: string;
  time: string;
  status: string;
  json?: boolean;
  timings?: boolean;
}

/** Options every survival subcommand shares. */
function survivalCommand(parent: Command, name: string, description: string): Command {
  return parent
    .command(name)
    .description(description)
    .requiredOption("--data <file.csv>", "CSV file with a header row")
    .option("--time <column>", "follow-up time (stop time with --start)", "time")
    .option("--status <column>", "event status: 1 = event, 0 = censored", "status")
    .option("--json", "print JSON (names as in R's survival package)")
    .option("--timings", 'add "timings": { "readMs", "computeMs" }');
}

function parseLevel(value: string): number {
  const level = Number(value);
  if (!(level > 0 && level < 1))
    throw new InvalidArgumentError("give a level between 0 and 1, e.g. 0.95");
  return level;
}

function parseTimes(value: string): number[] {
  const times = parseList(value).map(Number);
  if (times.some((t) => !Number.isFinite(t)) || times.some((t, i) => i > 0 && t < times[i - 1])) {
    throw new InvalidArgumentError("give increasing numbers separated by commas, e.g. 0,90,180");
  }
  return times;
}

function parseNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number)) throw new InvalidArgumentError("give a number");
  return number;
}

function parseList(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** Reads the file, keeps complete rows of the used columns, and times the reading. */
function readInput(
  options: CommonOptions,
  used: (string | undefined)[] | ((csv: CsvColumns) => (string | undefined)[]),
): Read<{ csv: CsvColumns; rows: Int32Array; readMs: number }> {
  const started = performance.now();
  const csv = readCsvColumns(options.data);
  if (!csv.ok) return csv;
  const names = (typeof used === "function" ? used(csv.value) : used).filter(
    (name): name is string => name !== undefined,
  );
  const rows = completeRows(csv.value, names);
  if (!rows.ok) return rows;
  return {
    ok: true,
    value: { csv: csv.value, rows: rows.value, readMs: performance.now() - started },
  };
}

function survivalColumns(
  csv: CsvColumns,
  rows: Int32Array,
  options: CommonOptions & { start?: string },
) {
  const time = numericColumn(csv, options.time, rows);
  if (!time.ok) return time;
  const status = numericColumn(csv, options.status, rows);
  if (!status.ok) return status;
  const start = options.start ? numericColumn(csv, options.start, rows) : undefined;
  if (start && !start.ok) return start;
  return {
    ok: true as const,
    value: { time: time.value, status: status.value, start: start?.value },
  };
}

function emit(
  io: StatsIo,
  options: CommonOptions,
  result: object,
  text: string,
  readMs: number,
  computeMs: number,
) {
  const output = options.timings ? { ...result, timings: { readMs, computeMs } } : result;
  if (options.json) io.write(`${JSON.stringify(output, null, 2)}\n`);
  else {
    io.write(text);
    if (options.timings) {
      io.write(`read ${readMs.toFixed(1)} ms, compute ${computeMs.toFixed(1)} ms\n`);
    }
  }
}

function addKaplanMeier(stats: Command, io: StatsIo) {
  survivalCommand(
    stats,
    "km",
    "Kaplan-Meier curves per group, as R's summary(survfit(...), censored = TRUE)",
  )
    .option("--group <column>", "group column (default: 'group' when the file has one)")
    .addOption(
      new Option("--conf-type <type>", "pointwise interval scale")
        .choices(["log", "log-log", "plain"])
        .default("log"),
    )
    .option("--conf-level <level>", "interval coverage", parseLevel, 0.95)
    .option(
      "--times <t1,t2,...>",
      'add "atTimes": number at risk, events and S at these times (R\'s summary(fit, times))',
      parseTimes,
    )
    .option(
      "--rmean <tau>",
      "upper limit of the restricted mean (default: the largest time over all groups)",
      parseNumber,
    )
    .action(
      (
        options: CommonOptions & {
          group?: string;
          confType: ConfType;
          confLevel: number;
          times?: number[];
          rmean?: number;
        },
      ) => {
        let group = options.group;
        const input = readInput(options, (csv) => {
          group ??= csv.header.includes("group") ? "group" : undefined;
          return [options.time, options.status, group];
        });
        if (!input.ok) return io.fail(input.message);
        const { csv, rows, readMs } = input.value;
        const columns = survivalColumns(csv, rows, options);
        if (!columns.ok) return io.fail(columns.message);
        const labels = group ? textColumn(csv, group, rows) : undefined;
        const started = performance.now();
        const fit = kaplanMeier(
          { ...columns.value, group: labels },
          { confType: options.confType, confLevel: options.confLevel },
        );
        if (!fit.ok) return io.fail(fit.problem.message);
        const table = survivalTable(fit.value, { upperLimit: options.rmean });
        const atTimes = options.times
          ? fit.value.curves.map((curve) => survivalAtTimes(curve, options.times as number[]))
          : undefined;
        const computeMs = performance.now() - started;
        const groups = fit.value.curves.map((curve, g) => ({
          group: curve.group,
          n: curve.n,
          events: table[g].events,
          time: Array.from(curve.time),
          nRisk: Array.from(curve.nRisk),
          nEvent: Array.from(curve.nEvent),
          nCensor: Array.from(curve.nCensor),
          surv: Array.from(curve.surv),
          stdErr: Array.from(curve.stdErr),
          lower: Array.from(curve.lower),
          upper: Array.from(curve.upper),
          median: table[g].median,
          medianLower: table[g].medianLower,
          medianUpper: table[g].medianUpper,
          rmean: table[g].rmean,
          seRmean: table[g].seRmean,
          ...(atTimes
            ? {
                atTimes: Object.fromEntries(
                  Object.entries(atTimes[g]).map(([key, values]) => [key, Array.from(values)]),
                ),
              }
            : {}),
        }));
        const text = `${table
          .map(
            (row) =>
              `${row.group}: n=${row.records} events=${row.events} median=${format(row.median)} (${options.confLevel * 100}% CI ${format(row.medianLower)} to ${format(row.medianUpper)})`,
          )
          .join("\n")}\n`;
        emit(io, options, { groups, omitted: csv.rowCount - rows.length }, text, readMs, computeMs);
      },
    );
}

function addLogRank(stats: Command, io: StatsIo) {
  survivalCommand(
    stats,
    "logrank",
    "Log-rank / Fleming-Harrington test between groups, as R's survdiff",
  )
    .option("--group <column>", "group column", "group")
    .option("--strata <column>", "stratify by this column, as strata() in survdiff")
    .option(
      "--rho <rho>",
      "Fleming-Harrington weight S(t-)^rho: 0 = log-rank, 1 = Peto-Peto",
      parseNumber,
      0,
    )
    .action((options: CommonOptions & { group: string; strata?: string; rho: number }) => {
      const input = readInput(options, [
        options.time,
        options.status,
        options.group,
        options.strata,
      ]);
      if (!input.ok) return io.fail(input.message);
      const { csv, rows, readMs } = input.value;
      const columns = survivalColumns(csv, rows, options);
      if (!columns.ok) return io.fail(columns.message);
      const labels = {
        group: textColumn(csv, options.group, rows),
        strata: options.strata ? textColumn(csv, options.strata, rows) : undefined,
      };
      const started = performance.now();
      const test = logRank({ ...columns.value, ...labels }, { rho: options.rho });
      if (!test.ok) return io.fail(test.problem.message);
      const computeMs = performance.now() - started;
      const t = test.value;
      const result = {
        groups: t.groups,
        n: t.n,
        observed: t.observed,
        expected: t.expected,
        chisq: t.chisq,
        df: t.df,
        p: t.p,
        rho: t.rho,
        omitted: csv.rowCount - rows.length,
      };
      const text = `${t.groups
        .map(
          (g, k) =>
            `${g}: n=${t.n[k]} observed=${format(t.observed[k])} expected=${format(t.expected[k])}`,
        )
        .join("\n")}\nchisq=${format(t.chisq)} on ${t.df} df, p=${format(t.p)}\n`;
      emit(io, options, result, text, readMs, computeMs);
    });
}

interface CoxOptionsCli extends CommonOptions {
  covariates: string[];
  factors: string[];
  strata?: string;
  start?: string;
  cluster?: string;
  ties: "efron" | "breslow";
  zph?: ZphTransform;
}

function addCox(stats: Command, io: StatsIo) {
  survivalCommand(stats, "cox", "Cox proportional-hazards model, as R's summary(coxph(...))")
    .requiredOption("--covariates <a,b,...>", "covariate columns, in model order", parseList)
    .option(
      "--factors <a,b,...>",
      "categorical covariates (treatment contrasts, first sorted level = reference)",
      parseList,
      [],
    )
    .addOption(
      new Option("--ties <method>", "tied death times")
        .choices(["efron", "breslow"])
        .default("efron"),
    )
    .option("--strata <column>", "separate baseline hazard per value, as strata()")
    .option("--start <column>", "start time of (start, stop] rows; --time is then the stop time")
    .option("--cluster <column>", "cluster (e.g. patient) for robust errors, as cluster()")
    .addOption(
      new Option("--zph [transform]", 'add "zph": the test of proportional hazards, as cox.zph')
        .choices(["km", "identity", "rank", "log"])
        .preset("km"),
    )
    .action((options: CoxOptionsCli) => {
      const used = [
        options.time,
        options.status,
        options.start,
        options.strata,
        options.cluster,
        ...options.covariates,
      ];
      const input = readInput(options, used);
      if (!input.ok) return io.fail(input.message);
      const { csv, rows, readMs } = input.value;
      const columns = survivalColumns(csv, rows, options);
      if (!columns.ok) return io.fail(columns.message);
      const design = designColumns(csv, rows, options.covariates, options.factors);
      if (!design.ok) return io.fail(design.message);
      const data = {
        ...columns.value,
        covariates: design.value.columns,
        names: design.value.names,
        strata: options.strata ? textColumn(csv, options.strata, rows) : undefined,
        cluster: options.cluster ? textColumn(csv, options.cluster, rows) : undefined,
      };
      const started = performance.now();
      const fit = coxPh(data, { ties: options.ties });
      if (!fit.ok) return io.fail(fit.problem.message);
      const zph = options.zph
        ? coxZph(data, fit.value, { transform: options.zph, terms: design.value.terms })
        : undefined;
      if (zph && !zph.ok) return io.fail(zph.problem.message);
      const computeMs = performance.now() - started;
      const zphRows = zph?.ok ? zph.value.rows : undefined;
      emit(
        io,
        options,
        {
          ...coxJson(fit.value, csv.rowCount - rows.length),
          ...(zphRows ? { zph: zphRows } : {}),
        },
        coxText(fit.value) +
          (zphRows
            ? `proportional hazards (${options.zph}): ${zphRows
                .map((row) => `${row.term} chisq=${format(row.chisq)} p=${format(row.p)}`)
                .join(", ")}\n`
            : ""),
        readMs,
        computeMs,
      );
    });
}

/**
 * Model columns: numeric covariates as they are, factors as R's treatment contrasts (one 0/1
 * column per level but the first sorted level, named `<column><level>`).
 */
function designColumns(
  csv: CsvColumns,
  rows: Int32Array,
  covariates: string[],
  factors: string[],
): Read<{
  columns: Float64Array[];
  names: string[];
  terms: { name: string; columns: number[] }[];
}> {
  const columns: Float64Array[] = [];
  const names: string[] = [];
  const terms: { name: string; columns: number[] }[] = [];
  for (const factor of factors) {
    if (!covariates.includes(factor)) {
      return { ok: false, message: `--factors names '${factor}', which is not in --covariates` };
    }
  }
  for (const name of covariates) {
    if (!factors.includes(name)) {
      const column = numericColumn(csv, name, rows);
      if (!column.ok)
        return { ok: false, message: `${column.message}, or list '${name}' in --factors` };
      terms.push({ name, columns: [columns.length] });
      columns.push(column.value);
      names.push(name);
      continue;
    }
    const { levels, codes } = factorCodes(textColumn(csv, name, rows));
    const term = { name, columns: [] as number[] };
    for (let level = 1; level < levels.length; level++) {
      term.columns.push(columns.length);
      const indicator = new Float64Array(codes.length);
      for (let i = 0; i < codes.length; i++) indicator[i] = codes[i] === level ? 1 : 0;
      columns.push(indicator);
      names.push(`${name}${levels[level]}`);
    }
    if (term.columns.length > 0) terms.push(term);
  }
  return { ok: true, value: { columns, names, terms } };
}

function byName(names: string[], values: number[]): Record<string, number> {
  return Object.fromEntries(names.map((name, j) => [name, values[j]]));
}

/** The JSON of `ciclo stats cox`, shaped as ../shared/fixtures/r-survival's cox blocks. */
function coxJson(fit: CoxFit, omitted: number) {
  const test = (t: { statistic: number; df: number; p: number }) => [t.statistic, t.df, t.p];
  return {
    n: fit.n,
    nEvent: fit.nEvent,
    ties: fit.ties,
    coef: byName(fit.names, fit.coef),
    se: byName(fit.names, fit.se),
    ...(fit.robustSe
      ? { naiveSe: byName(fit.names, fit.naiveSe), robustSe: byName(fit.names, fit.robustSe) }
      : {}),
    hazardRatio: byName(fit.names, fit.hazardRatio),
    hazardRatioLower: byName(fit.names, fit.hazardRatioLower),
    hazardRatioUpper: byName(fit.names, fit.hazardRatioUpper),
    p: byName(fit.names, fit.p),
    loglik: fit.loglik,
    // R's summary(coxph) prints the Wald statistic rounded to 2 decimals (its p uses the
    // unrounded value); waldStatistic keeps all digits.
    waldTest: [Math.round(fit.waldTest.statistic * 100) / 100, fit.waldTest.df, fit.waldTest.p],
    waldStatistic: fit.waldTest.statistic,
    lrTest: test(fit.lrTest),
    scoreTest: test(fit.scoreTest),
    ...(fit.robustScoreTest ? { robustScoreTest: test(fit.robustScoreTest) } : {}),
    concordance: fit.concordance.value,
    concordanceStd: fit.concordance.std,
    iterations: fit.iterations,
    warnings: fit.warnings,
    omitted,
  };
}

function coxText(fit: CoxFit): string {
  const lines = fit.names.map(
    (name, j) =>
      `${name.padEnd(16)} coef=${format(fit.coef[j])} HR=${format(fit.hazardRatio[j])} se=${format(fit.se[j])} p=${format(fit.p[j])}`,
  );
  lines.push(
    `n=${fit.n}, events=${fit.nEvent}, concordance=${format(fit.concordance.value)}`,
    `likelihood ratio test=${format(fit.lrTest.statistic)} on ${fit.lrTest.df} df, p=${format(fit.lrTest.p)}`,
    `Wald test=${format(fit.waldTest.statistic)} on ${fit.waldTest.df} df, p=${format(fit.waldTest.p)}`,
    `score test=${format(fit.scoreTest.statistic)} on ${fit.scoreTest.df} df, p=${format(fit.scoreTest.p)}`,
    ...fit.warnings.map((w) => `warning: ${w}`),
  );
  return `${lines.join("\n")}\n`;
}

function format(value: number): string {
  return Number.isNaN(value) ? "NA" : Number(value.toPrecision(4)).toString();
}
