/**
 * Randomization's properties over 10,000 simulated phase II trials of 120 subjects (the table
 * in packages/trial/README.md): final imbalance overall, in the worst stratum and at the worst
 * factor level, and how often a site guessing by the convergence strategy is right, for simple
 * randomization, stratified permuted blocks and minimization. The time is the simulation's.
 *
 *   npm run bench -- randomization                  10,000 trials
 *   npm run bench -- randomization --sizes 1000     fewer trials
 */
import {
  type RandomizationProperties,
  randomizationProperties,
  randomizationSchema,
} from "@ciclo/trial";
import type { BenchContext, BenchRow } from "./run";

export const name = "randomization";

const factors = [
  { code: "site", label: "Site" },
  { code: "visceral", label: "Visceral disease", levels: ["yes", "no"] },
  { code: "dfi", label: "Disease-free interval (months)", levels: ["<=24", ">24"] },
];

/**
 * Five Tuscan sites of unequal size; visceral disease in about 40 % and a disease-free interval
 * of 24 months or less in about a third of ER-positive metastatic patients.
 */
const frequencies = {
  site: { PI: 0.3, FI: 0.25, SI: 0.2, LU: 0.15, AR: 0.1 },
  visceral: { yes: 0.4, no: 0.6 },
  dfi: { "<=24": 0.35, ">24": 0.65 },
};

const designs = {
  simple: { method: "minimization" },
  "permuted blocks of 4 or 6, by stratum": { method: "permuted-blocks", blockSizes: [4, 6] },
  "minimization, p = 0.8, range": { method: "minimization" },
} as const;

export async function run(context: BenchContext): Promise<BenchRow[]> {
  const trials = context.sizes?.[0] ?? 10_000;
  const rows: BenchRow[] = [];
  const table: string[] = [
    "| method | overall mean | overall p95 | overall max | worst stratum mean | worst stratum max | worst level mean | worst level p95 | worst level max | convergence guesses right |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const [label, method] of Object.entries(designs)) {
    const design = randomizationSchema.parse({
      ratio: { immunotherapy: 1, control: 1 },
      factors,
      ...method,
    });
    context.progress(`randomization: ${label}, ${trials} trials of 120`);
    const start = performance.now();
    const properties = randomizationProperties(design, {
      trials,
      subjects: 120,
      frequencies,
      seed: "bench",
      simple: label === "simple",
    });
    rows.push({
      task: label,
      n: trials * 120,
      cicloMs: performance.now() - start,
    });
    table.push(tableRow(label, properties));
  }
  context.progress(`\n${table.join("\n")}\n`);
  return rows;
}

function tableRow(label: string, p: RandomizationProperties): string {
  const f = (value: number) => value.toFixed(2);
  return `| ${label} | ${f(p.overall.mean)} | ${p.overall.p95} | ${p.overall.max} | ${f(p.stratum.mean)} | ${p.stratum.max} | ${f(p.level.mean)} | ${p.level.p95} | ${p.level.max} | ${(100 * p.convergenceGuess).toFixed(1)} % |`;
}
