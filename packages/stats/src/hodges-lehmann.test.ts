import { describe, expect, it } from "vitest";
import { hodgesLehmannPseudomedian, hodgesLehmannShift } from "./hodges-lehmann";
import { expectClose } from "./testing";

// Expected values: R 4.x, stats::wilcox.test(..., conf.int = TRUE), printed with %.17g by
// test/fixtures/make-hodges-lehmann-fixtures.R (estimate, conf.int and its conf.level attribute).
const x1 = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
const y1 = [1.15, 0.88, 0.9, 0.74, 1.21];
const x2 = [1, 2, 2, 3, 5, 8, 8, 9];
const y2 = [2, 3, 3, 4, 4, 6, 7];
const a = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
const b = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
const p1 = [10, 12, 12, 15, 9, 20, 14, 11];
const p2 = [8, 12, 10, 11, 9, 14, 15, 7];
// set.seed(3); round(rnorm(60, 1, 2), 6) and round(rnorm(55, 0, 2), 6)
const big1 = [
  -0.923867, 0.414949, 1.517576, -1.304264, 1.391566, 1.060248, 1.170835, 3.23322, -1.437715,
  3.534737, -0.489563, -1.262437, -0.432717, 1.505305, 1.304091, 0.384687, -0.906035, -0.296486,
  3.448627, 1.399623, -0.156967, -0.884601, 0.592544, -2.33295, 0.03109, -0.482145, 3.321232,
  3.024134, 0.855843, -1.273565, 2.801249, 2.703541, 2.45543, 2.473004, 0.295741, 2.411031,
  3.600716, 1.076504, -0.958568, 2.587522, 2.573014, 0.379074, 4.39777, -0.589187, 1.696875,
  -3.530802, 0.675589, 3.26173, 0.088908, -0.798333, 2.453678, -0.618882, 1.53417, -2.474527,
  -1.82285, 0.092898, -1.070983, 3.724286, 2.834913, -0.570284,
];
const big2 = [
  1.147036, 1.836392, 0.512575, 0.703933, 2.348675, -0.961693, -0.837659, 1.910226, -2.578013,
  0.372395, -0.062651, 0.934195, 2.048395, 0.534717, 0.463652, 1.495185, 2.434137, 0.766717,
  -1.976106, -0.313706, 3.47107, -0.704597, 1.37728, 2.448812, 1.588593, -0.012805, 0.438301,
  -1.772928, 0.879521, -1.77278, -1.707637, -1.979989, -1.301755, 2.107893, -0.781756, -0.141173,
  -0.924102, 1.081817, 1.86327, -0.418549, 1.2347, -0.810155, 2.106208, 1.204568, 2.034922,
  1.216335, 0.413472, -3.795455, -1.365166, 0.962677, -0.926062, -0.559483, -0.82738, 3.237533,
  -1.442111,
];

const R = {
  shiftExact: {
    estimate: 0.30500000000000005,
    lower: -0.15000000000000002,
    upper: 0.7599999999999999,
    confLevel: 0.95,
  },
  shiftExact90Greater: {
    estimate: 0.30500000000000005,
    lower: -0.050000000000000044,
    upper: Number.POSITIVE_INFINITY,
    confLevel: 0.9,
  },
  shiftTies: {
    estimate: 1.330803612021837e-5,
    lower: -2.0000259106480214,
    upper: 4.999978447805896,
    confLevel: 0.95,
  },
  shiftLarge: {
    estimate: 0.45075257952015335,
    lower: -0.20147541703244765,
    upper: 1.1456728856579739,
    confLevel: 0.95,
  },
  pairedExact: {
    estimate: 0.46000000000000008,
    lower: 0.010000000000000009,
    upper: 0.78600000000000003,
    confLevel: 0.95,
  },
  pairedTiesZeros: {
    estimate: 2.9999206161031973,
    lower: 0.50003375596565425,
    upper: 4.9999916144886294,
    confLevel: 0.89999999999999991,
  },
  pairedLarge: {
    estimate: 0.45562055491487824,
    lower: -0.28198065033761788,
    upper: 1.1891979738830942,
    confLevel: 0.95,
  },
  pairedLargeLess: {
    estimate: 0.45562055491487824,
    lower: Number.NEGATIVE_INFINITY,
    upper: 1.0857286186616062,
    confLevel: 0.95,
  },
};

function expectR(
  outcome: ReturnType<typeof hodgesLehmannShift>,
  expected: (typeof R)[keyof typeof R],
  exact: boolean,
) {
  if (!outcome.ok) throw new Error(outcome.problem.message);
  const { estimate, lower, upper, confLevel } = outcome.value;
  expect(outcome.value.exact).toBe(exact);
  for (const [actual, wanted] of [
    [estimate, expected.estimate],
    [lower, expected.lower],
    [upper, expected.upper],
    [confLevel, expected.confLevel],
  ]) {
    if (Number.isFinite(wanted)) expectClose(actual, wanted, { rel: 1e-9, abs: 1e-12 });
    else expect(actual).toBe(wanted);
  }
}

describe("Hodges–Lehmann shift of two samples (R: wilcox.test(x, y, conf.int = TRUE))", () => {
  it("exact: median of the differences and qwilcox limits", () => {
    expectR(hodgesLehmannShift(x1, y1), R.shiftExact, true);
    expectR(
      hodgesLehmannShift(x1, y1, { confLevel: 0.9, alternative: "greater" }),
      R.shiftExact90Greater,
      true,
    );
  });

  it("normal approximation with ties: uniroot's limits and estimate, with R's warning", () => {
    const result = hodgesLehmannShift(x2, y2);
    expectR(result, R.shiftTies, false);
    expect(result.ok && result.value.warnings).toEqual([
      "cannot compute exact confidence intervals with ties",
    ]);
  });

  it("normal approximation at 50 values or more", () => {
    expectR(hodgesLehmannShift(big1, big2), R.shiftLarge, false);
  });

  it("refuses an empty sample by name", () => {
    const result = hodgesLehmannShift([], [1, 2]);
    expect(result.ok ? "" : result.problem.message).toBe("x is empty; give at least one value");
  });
});

describe("Hodges–Lehmann pseudomedian of paired differences (R: wilcox.test(x, y, paired = TRUE, conf.int = TRUE))", () => {
  it("exact: median of the Walsh averages and qsignrank limits", () => {
    expectR(hodgesLehmannPseudomedian(a, b), R.pairedExact, true);
  });

  it("ties and zeros: the normal approximation at the level R can reach (90%)", () => {
    const result = hodgesLehmannPseudomedian(p1, p2);
    expectR(result, R.pairedTiesZeros, false);
    expect(result.ok && result.value.warnings).toEqual([
      "cannot compute exact confidence interval with ties",
      "cannot compute exact confidence interval with zeroes",
      "requested conf.level not achievable",
    ]);
  });

  it("normal approximation at 50 pairs or more, two-sided and one-sided without correction", () => {
    const x = big1.slice(0, 55);
    expectR(hodgesLehmannPseudomedian(x, big2), R.pairedLarge, false);
    expectR(
      hodgesLehmannPseudomedian(x, big2, { alternative: "less", correct: false }),
      R.pairedLargeLess,
      false,
    );
  });

  it("refuses pairs of unequal length", () => {
    const result = hodgesLehmannPseudomedian([1, 2], [1]);
    expect(result.ok ? "" : result.problem.message).toBe(
      "x has 2 values and y 1; a paired interval needs one y for every x",
    );
  });
});
