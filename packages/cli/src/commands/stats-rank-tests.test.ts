import { fileURLToPath } from "node:url";
import { expectClose } from "@ciclo/stats";
import { describe, expect, it } from "vitest";
import { runStats, runStatsJson } from "../../test/run-stats-command";

const fixtures = fileURLToPath(new URL("../../test/fixtures/", import.meta.url));
const rel = 1e-9;

const run = runStats;
const runJson = (args: string[]) => runStatsJson(args);

describe("ciclo stats mann-whitney", () => {
  const args = [
    "mann-whitney",
    "--data",
    `${fixtures}permeability.csv`,
    "--value",
    "permeability",
    "--group",
    "weeks",
  ];
  it("gives R's W for the first group in sorted order and the exact p", async () => {
    // wilcox.test(x, y) on the permeability data (wilcox.test help; stats.wilcox.json): W = 35, p = 0.2544122544122544
    const json = await runJson(args);
    expect(json.groups).toEqual(["early", "late"]);
    expect(json.statistic).toBe(35);
    expectClose(json.p, 0.2544122544122544, { rel });
    expect(json.method).toBe("Wilcoxon rank sum exact test");
    expect(json.omitted).toBe(1);
  });
  it("takes --no-exact and --no-correct as R's exact = FALSE, correct = FALSE", async () => {
    // stats.wilcox.json: exact = FALSE, correct = FALSE gives p = 0.2206713619198468; less with correction 0.9007753482039939
    const json = await runJson([...args, "--no-exact", "--no-correct"]);
    expectClose(json.p, 0.2206713619198468, { rel });
    const less = await runJson([...args, "--no-exact", "--alternative", "less"]);
    expectClose(less.p, 0.9007753482039939, { rel });
    expect(less.method).toBe("Wilcoxon rank sum test with continuity correction");
  });
  it("says how many groups the column has when it is not two", async () => {
    const { failure } = await run([
      "mann-whitney",
      "--data",
      `${fixtures}depression.csv`,
      "--value",
      "first",
      "--group",
      "second",
    ]);
    expect(failure).toMatch(
      /^column 'second' has 7 groups .*; the Mann-Whitney test compares exactly two/,
    );
  });
});

describe("ciclo stats wilcoxon", () => {
  it("gives R's V and exact p for paired columns", async () => {
    // wilcox.test(x, y, paired = TRUE) on the depression data (Hollander & Wolfe p.29): V = 40, p = 0.0390625
    const json = await runJson([
      "wilcoxon",
      "--data",
      `${fixtures}depression.csv`,
      "--x",
      "first",
      "--y",
      "second",
    ]);
    expect(json.statistic).toBe(40);
    expectClose(json.p, 0.0390625, { rel });
    expect(json.n).toBe(9);
    // effect size z/√n with z = 17.5/√71.25
    expectClose(json.effectSize, 17.5 / Math.sqrt(71.25) / 3, { rel });
  });
  it("runs the one-sample test with --mu", async () => {
    // stats.wilcox.json: signed rank of the differences against mu = 0.2, p = 0.12890625
    const json = await runJson([
      "wilcoxon",
      "--data",
      `${fixtures}depression.csv`,
      "--x",
      "first",
      "--y",
      "second",
      "--mu",
      "0.2",
    ]);
    expectClose(json.p, 0.12890625, { rel });
  });
  it("names a missing column", async () => {
    const { failure } = await run([
      "wilcoxon",
      "--data",
      `${fixtures}depression.csv`,
      "--x",
      "before",
    ]);
    expect(failure).toBe("column 'before' is not in the file; its columns are first, second");
  });
});

describe("ciclo stats fisher", () => {
  const args = [
    "fisher",
    "--data",
    `${fixtures}convictions.csv`,
    "--row",
    "twins",
    "--column",
    "outcome",
  ];
  it("matches R's fisher.test on the convictions table", async () => {
    // stats.fisher.json, Convictions (Fleiss): p = 0.0005367241191434364, OR 0.04693660882769891,
    // CI 0.0033257640338593087 to 0.36318227147489657
    const json = await runJson(args);
    expect(json.table).toEqual([
      [2, 15],
      [10, 3],
    ]);
    expectClose(json.p, 0.0005367241191434364, { rel });
    expectClose(json.estimate, 0.04693660882769891, { rel });
    expectClose(json.confInt, [0.0033257640338593087, 0.36318227147489657], { rel });
  });
  it('writes an unbounded limit as "Infinity"', async () => {
    // stats.fisher.json: greater, CI 0.0050103197024677 to Inf, p 0.9999845190186861
    const json = await runJson([...args, "--alternative", "greater"]);
    expectClose(json.p, 0.9999845190186861, { rel });
    expect(json.confInt[1]).toBe("Infinity");
  });
  it("simulates with a seed, reproducibly", async () => {
    const first = await runJson([...args, "--simulate", "--replicates", "999", "--seed", "3"]);
    const second = await runJson([...args, "--simulate", "--replicates", "999", "--seed", "3"]);
    expect(first.p).toBe(second.p);
    expect(first.p).toBeLessThan(0.01);
  });
});
