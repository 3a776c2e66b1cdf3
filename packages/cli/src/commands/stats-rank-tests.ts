/**
 * `ciclo stats mann-whitney | wilcoxon | fisher`: the rank and exact tests of @ciclo/stats on a
 * CSV file, with R's names (`statistic` and `p` as R's wilcox.test and fisher.test report them).
 * Added to the `stats` command by {@link addRankAndExactTests}.
 */
import { seededRandom } from "@ciclo/sim";
import {
  type Alternative,
  alternatives,
  factorCodes,
  fisherExact,
  fisherMonteCarlo,
  mannWhitney,
  wilcoxonSignedRank,
} from "@ciclo/stats";
import { type Command, InvalidArgumentError, Option } from "commander";
import type { StatsIo } from "./stats";
import {
  completeRows,
  numericColumn,
  readCsvColumns,
  readNumericColumns,
  textColumn,
} from "./stats-input";

interface TestOptions {
  data: string;
  json?: boolean;
  alternative: Alternative;
}

/**
 * Adds the rank and exact tests to a `stats` command.
 *
 * @example
 * addRankAndExactTests(registerStatsCommand(program), io);
 * // ciclo stats mann-whitney --data cea.csv --value cea --group arm --json
 */
export function addRankAndExactTests(stats: Command, io: StatsIo): void {
  addMannWhitney(stats, io);
  addWilcoxon(stats, io);
  addFisher(stats, io);
}

function testCommand(parent: Command, name: string, description: string): Command {
  return parent
    .command(name)
    .description(description)
    .requiredOption("--data <file.csv>", "CSV file with a header row")
    .addOption(
      new Option("--alternative <hypothesis>", "alternative hypothesis")
        .choices([...alternatives])
        .default("two.sided"),
    )
    .option("--json", "print JSON (names as in R's htest: statistic, p, method, …)");
}

/** R's exact = NULL / TRUE / FALSE and correct = TRUE / FALSE. */
function withExactAndCorrect(command: Command): Command {
  return command
    .option("--exact", "exact p-value (default: exact when n < 50 and no ties, as R)")
    .option("--no-exact", "normal approximation even for small samples")
    .option("--correct", "continuity correction in the normal approximation (default)", true)
    .option("--no-correct", "no continuity correction");
}

function parseNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number)) throw new InvalidArgumentError("give a number");
  return number;
}

function parseCount(value: string): number {
  const number = Number(value);
  if (!(Number.isInteger(number) && number >= 1))
    throw new InvalidArgumentError("give a whole number ≥ 1");
  return number;
}

function show(io: StatsIo, json: boolean | undefined, result: object, text: string): void {
  io.write(json ? `${JSON.stringify(result, null, 2)}\n` : text);
}

function addMannWhitney(stats: Command, io: StatsIo) {
  withExactAndCorrect(
    testCommand(
      stats,
      "mann-whitney",
      "Wilcoxon rank-sum (Mann-Whitney) test of a value between two groups, as R's wilcox.test(value ~ group); W is for the first group in sorted order",
    ),
  )
    .requiredOption("--value <column>", "numeric column compared between the groups")
    .requiredOption("--group <column>", "column with exactly two groups")
    .option("--mu <shift>", "location shift under the null (R's mu)", parseNumber, 0)
    .action(
      (
        options: TestOptions & {
          value: string;
          group: string;
          exact?: boolean;
          correct: boolean;
          mu: number;
        },
      ) => {
        const csv = readCsvColumns(options.data);
        if (!csv.ok) return io.fail(csv.message);
        const rows = completeRows(csv.value, [options.value, options.group]);
        if (!rows.ok) return io.fail(rows.message);
        const values = numericColumn(csv.value, options.value, rows.value);
        if (!values.ok) return io.fail(values.message);
        const { levels, codes } = factorCodes(textColumn(csv.value, options.group, rows.value));
        if (levels.length !== 2) {
          return io.fail(
            `column '${options.group}' has ${levels.length} groups (${levels.join(", ")}); the Mann-Whitney test compares exactly two — filter the file or choose another column`,
          );
        }
        const first = values.value.filter((_, i) => codes[i] === 0);
        const second = values.value.filter((_, i) => codes[i] === 1);
        const test = mannWhitney(first, second, options);
        if (!test.ok) return io.fail(test.problem.message);
        const { statistic, p, method, alternative, exact, z, warnings } = test.value;
        const result = {
          statistic,
          statisticName: "W",
          p,
          method,
          alternative,
          exact,
          z: exact ? null : z,
          groups: levels,
          n: [first.length, second.length],
          omitted: csv.value.rowCount - rows.value.length,
          warnings,
        };
        show(
          io,
          options.json,
          result,
          `W = ${statistic}, p = ${p} (${method}; W for ${levels[0]})\n${warnings.map((w) => `warning: ${w}\n`).join("")}`,
        );
      },
    );
}

function addWilcoxon(stats: Command, io: StatsIo) {
  withExactAndCorrect(
    testCommand(
      stats,
      "wilcoxon",
      "Wilcoxon signed-rank test of paired columns (x − y), or of x alone, as R's wilcox.test(x, y, paired = TRUE); statistic V",
    ),
  )
    .requiredOption("--x <column>", "first measurement (e.g. the post-IL-2 sample)")
    .option(
      "--y <column>",
      "paired second measurement (e.g. the pre-IL-2 sample); omit for a one-sample test",
    )
    .option("--mu <shift>", "median difference under the null (R's mu)", parseNumber, 0)
    .action(
      (
        options: TestOptions & {
          x: string;
          y?: string;
          exact?: boolean;
          correct: boolean;
          mu: number;
        },
      ) => {
        const names = options.y ? [options.x, options.y] : [options.x];
        const input = readNumericColumns(options.data, names);
        if (!input.ok) return io.fail(input.message);
        const { columns, omitted } = input.value;
        const test = wilcoxonSignedRank(
          columns[options.x],
          options.y ? columns[options.y] : undefined,
          options,
        );
        if (!test.ok) return io.fail(test.problem.message);
        const { statistic, p, method, alternative, exact, z, n, effectSize, warnings } = test.value;
        const result = {
          statistic,
          statisticName: "V",
          p,
          method,
          alternative,
          exact,
          z: exact ? null : z,
          n,
          effectSize,
          omitted,
          warnings,
        };
        show(
          io,
          options.json,
          result,
          `V = ${statistic}, p = ${p} (${method}; ${n} non-zero differences, r = ${effectSize.toFixed(3)})\n${warnings.map((w) => `warning: ${w}\n`).join("")}`,
        );
      },
    );
}

function addFisher(stats: Command, io: StatsIo) {
  testCommand(
    stats,
    "fisher",
    "Fisher's exact test of two categorical columns, as R's fisher.test(table(row, column))",
  )
    .requiredOption("--row <column>", "categorical column giving the table's rows")
    .requiredOption("--column <column>", "categorical column giving the table's columns")
    .option("--conf-level <level>", "odds-ratio interval coverage (2×2)", parseNumber, 0.95)
    .option(
      "--simulate",
      "Monte-Carlo p-value for r×c tables too large to enumerate (R's simulate.p.value)",
    )
    .option("--replicates <B>", "simulated tables with --simulate", parseCount, 2000)
    .option("--seed <n>", "random seed with --simulate", parseCount, 1)
    .action(
      (
        options: TestOptions & {
          row: string;
          column: string;
          confLevel: number;
          simulate?: boolean;
          replicates: number;
          seed: number;
        },
      ) => {
        const csv = readCsvColumns(options.data);
        if (!csv.ok) return io.fail(csv.message);
        const rows = completeRows(csv.value, [options.row, options.column]);
        if (!rows.ok) return io.fail(rows.message);
        const rowFactor = factorCodes(textColumn(csv.value, options.row, rows.value));
        const columnFactor = factorCodes(textColumn(csv.value, options.column, rows.value));
        const table = rowFactor.levels.map(() => columnFactor.levels.map(() => 0));
        rowFactor.codes.forEach((code, i) => {
          table[code][columnFactor.codes[i]]++;
        });
        const common = { table, rows: rowFactor.levels, columns: columnFactor.levels };
        if (options.simulate) {
          const rng = seededRandom(options.seed);
          const test = fisherMonteCarlo(table, {
            rng: () => rng.uniform(),
            replicates: options.replicates,
          });
          if (!test.ok) return io.fail(test.problem.message);
          const result = {
            statistic: null,
            p: test.value.p,
            method: test.value.method,
            alternative: "two.sided",
            ...common,
          };
          return show(io, options.json, result, `p = ${test.value.p} (${test.value.method})\n`);
        }
        const test = fisherExact(table, {
          alternative: options.alternative,
          confLevel: options.confLevel,
        });
        if (!test.ok) {
          const hint =
            test.problem.code === "table_too_large"
              ? "; or rerun with --simulate --replicates 100000 --seed 1"
              : "";
          return io.fail(`${test.problem.message}${hint}`);
        }
        const { p, oddsRatio, confInt, method, alternative } = test.value;
        const isTwoByTwo = table.length === 2 && table[0].length === 2;
        const result = {
          statistic: null,
          p,
          estimate: isTwoByTwo ? jsonNumber(oddsRatio) : null,
          estimateName: isTwoByTwo ? "odds ratio" : null,
          confInt: isTwoByTwo ? confInt.map(jsonNumber) : null,
          confLevel: isTwoByTwo ? options.confLevel : null,
          method,
          alternative,
          ...common,
        };
        const estimate = isTwoByTwo
          ? `, conditional MLE odds ratio ${oddsRatio} (${confInt[0]} to ${confInt[1]})`
          : "";
        show(io, options.json, result, `p = ${p}${estimate} (${method})\n`);
      },
    );
}

/** JSON has no infinity: an unbounded odds-ratio limit is written as R's fixtures write it, "Infinity". */
function jsonNumber(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}
