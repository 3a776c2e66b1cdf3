import { describe, expect, it } from "vitest";
import { binomialLogDensity } from "./binomial-density";
import { chiSquareCdf } from "./chi-square-cdf";
import { hypergeometricLogProbability } from "./hypergeometric";
import { logChoose, logGamma } from "./log-gamma";
import { normalCdf } from "./normal-cdf";
import { normalQuantile } from "./normal-quantile";
import { regularizedBeta } from "./regularized-beta";
import { studentTCdf } from "./student-t-cdf";
import { expectClose } from "./testing";

describe("normalCdf against R's pnorm", () => {
  // Rscript -e 'for (x in c(...)) cat(sprintf("[%.17g, %.17g, %.17g, %.17g, %.17g],\n", x,
  //   pnorm(x), pnorm(x, lower.tail=FALSE), pnorm(x, log.p=TRUE), pnorm(x, lower.tail=FALSE, log.p=TRUE)))'
  const rows = [
    [-40, 0, 1, -804.6084420137538, -0],
    [-38.5, 0, 1, -745.69527029041103, -0],
    [-20, 2.7536241186062337e-89, 1, -203.91715537109727, -2.7536241186062337e-89],
    [-8, 6.220960574271785e-16, 0.9999999999999993, -35.01343715991455, -6.220960574271787e-16],
    [-5.65, 8.022391850663497e-9, 0.9999999919776081, -18.641029223787847, -8.022391882842883e-9],
    [-5.7, 5.990371401063528e-9, 0.9999999940096286, -18.933112423224742, -5.9903714190058025e-9],
    [-3, 0.0013498980316300946, 0.9986501019683699, -6.607726221510349, -0.0013508099647481938],
    [-1, 0.15865525393145705, 0.8413447460685429, -1.8410216450092636, -0.17275377902344988],
    [-0.5, 0.30853753872598694, 0.691462461274013, -1.1759117615936185, -0.3689464152886565],
    [-1e-10, 0.49999999996010575, 0.5000000000398942, -0.6931471806397338, -0.6931471804801569],
    [0, 0.5, 0.5, -Math.LN2, -Math.LN2],
    [0.3, 0.6179114221889527, 0.3820885778110473, -0.48141016158848116, -0.9621028181688508],
    [0.67, 0.7485711049046899, 0.25142889509531013, -0.289589083101687, -1.380595052695189],
    [0.7, 0.758036347776927, 0.24196365222307298, -0.2770239422771312, -1.4189677615315315],
    [1.96, 0.9750021048517796, 0.024997895148220428, -0.025315649164282108, -3.6889636517296385],
    [3, 0.9986501019683699, 0.0013498980316300946, -0.0013508099647481938, -6.607726221510349],
    [7, 0.9999999999987201, 1.2798125438858352e-12, -1.279812543886654e-12, -27.384307498811076],
    [12, 1, 1.776482112077679e-33, -1.776482112077679e-33, -75.4106730015688],
  ];
  for (const [x, lower, upper, logLower, logUpper] of rows) {
    it(`x = ${x}`, () => {
      expectClose(normalCdf(x), lower, { rel: 1e-14 });
      expectClose(normalCdf(x, { lowerTail: false }), upper, { rel: 1e-14 });
      expectClose(normalCdf(x, { logP: true }), logLower, { rel: 1e-14 });
      expectClose(normalCdf(x, { lowerTail: false, logP: true }), logUpper, { rel: 1e-14 });
    });
  }
  it("returns NaN for NaN and 0/1 at the infinities", () => {
    expect(normalCdf(Number.NaN)).toBeNaN();
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
  });
});

describe("normalQuantile against R's qnorm", () => {
  // Rscript -e 'print(qnorm(c(0.975, 1e-300, 0.3)), digits = 17)'
  it("matches R in the centre and the far tail", () => {
    expectClose(normalQuantile(0.975), 1.959963984540054, { rel: 1e-14 });
    expectClose(normalQuantile(1e-300), -37.0470962993612, { rel: 1e-14 });
    expectClose(normalQuantile(0.3), -0.5244005127080407, { rel: 1e-14 });
  });
});

describe("logGamma against R's lgamma", () => {
  // Rscript -e 'for (x in c(...)) cat(sprintf("[%.17g, %.17g],\n", x, lgamma(x)))'
  const rows = [
    [0.1, 2.252712651734206],
    [0.5, 0.5723649429247001],
    [1, 0],
    [1.5, -0.12078223763524518],
    [2, 0],
    [2.5, 0.2846828704729192],
    [3, Math.LN2],
    [7.3, 7.147892523022249],
    [9.99, 12.779315214350193],
    [10, 12.801827480081469],
    [10.5, 13.940625219403763],
    [25, 54.78472939811231],
    [100.25, 360.28455963776423],
    [1234.5, 7550.5509010778942],
    [-0.5, 1.2655121234846454],
    [-2.3, 0.3695666634550078],
  ];
  for (const [x, expected] of rows) {
    it(`x = ${x}`, () => expectClose(logGamma(x), expected, { rel: 1e-14, abs: 2e-15 }));
  }
  it("has poles at 0 and the negative whole numbers, as R", () => {
    expect(logGamma(0)).toBe(Number.POSITIVE_INFINITY);
    expect(logGamma(-3)).toBe(Number.POSITIVE_INFINITY);
  });
  it("gives log binomial coefficients", () => {
    expectClose(logChoose(5, 2), Math.log(10), { rel: 1e-15 });
    expect(logChoose(5, 6)).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe("chiSquareCdf against R's pchisq", () => {
  // Rscript -e 'cat(sprintf("[%.17g, %.17g, %.17g, %.17g],\n", x, df, pchisq(x, df),
  //   pchisq(x, df, lower.tail = FALSE)))' over the pairs below
  const rows = [
    [3.841458820694124, 1, 0.9500000000000001, 0.049999999999999975],
    [150, 1, 1, 1.733643245717827e-34],
    [1e-5, 1, 0.0025231283168055977, 0.9974768716831944],
    [0.5, 3, 0.08110858834532415, 0.9188914116546759],
    [2, 2, 0.6321205588285577, 0.36787944117144233],
    [10, 4, 0.9595723180054871, 0.040427681994512805],
    [200, 3, 1, 4.218541107192042e-43],
    [400, 10, 1, 9.413291991183478e-80],
    [1000, 1000, 0.5059471461707604, 0.4940528538292397],
    [1100, 1000, 0.9853855918737048, 0.0146144081262952],
    [900, 1000, 0.010717238091289742, 0.9892827619087102],
    [50, 60, 0.18210391597745512, 0.8178960840225449],
    [0.01, 0.1, 0.7879657813080718, 0.2120342186919281],
    [30, 0.5, 0.9999999894288399, 1.0571160092570999e-8],
    [5000, 4000, 1, 1.663315603880433e-25],
    [300, 250, 0.9834817268421313, 0.016518273157868718],
  ];
  for (const [x, df, lower, upper] of rows) {
    it(`x = ${x}, df = ${df}`, () => {
      expectClose(chiSquareCdf(x, df), lower, { rel: 1e-13 });
      expectClose(chiSquareCdf(x, df, { lowerTail: false }), upper, { rel: 1e-12 });
    });
  }
  it("treats 0 df as a point mass at 0 and negative df as NaN, as R", () => {
    expect(chiSquareCdf(2, 0, { lowerTail: false })).toBe(0);
    expect(chiSquareCdf(2, -1)).toBeNaN();
    expect(chiSquareCdf(-1, 3)).toBe(0);
  });
  it("keeps tiny p-values on the log scale", () => {
    // Rscript -e 'print(pchisq(2000, 1, lower.tail = FALSE, log.p = TRUE), digits = 17)'
    expectClose(chiSquareCdf(2000, 1, { lowerTail: false, logP: true }), -1004.0267419589519, {
      rel: 1e-13,
    });
  });
});

describe("studentTCdf against R's pt", () => {
  // Rscript -e 'cat(sprintf("[%.17g, %.17g, %.17g, %.17g],\n", t, df, pt(t, df), pt(t, df, lower.tail = FALSE)))'
  const rows = [
    [2.262157162798205, 9, 0.975, 0.025],
    [-1.5, 3, 0.11529193262241141, 0.8847080673775886],
    [0.3, 1, 0.5927735790777423, 0.4072264209222577],
    [4, 20, 0.9996482383534359, 0.0003517616465641591],
    [-12, 30, 2.7900927075996303e-13, 0.999999999999721],
    [8, 100, 0.9999999999988636, 1.1364324038640401e-12],
    [2, 1000, 0.9771148267533742, 0.02288517324662583],
    [35, 1288, 1, 1.833985561661821e-189],
  ];
  for (const [t, df, lower, upper] of rows) {
    it(`t = ${t}, df = ${df}`, () => {
      expectClose(studentTCdf(t, df), lower, { rel: 1e-12 });
      expectClose(studentTCdf(t, df, { lowerTail: false }), upper, { rel: 1e-12 });
    });
  }
  it("gives the beta function in closed form", () => {
    // I_0.5(2, 3) = 11/16
    expectClose(regularizedBeta(0.5, 2, 3), 0.6875, { rel: 1e-14 });
  });
});

describe("hypergeometricLogProbability against R's dhyper(log = TRUE)", () => {
  // Rscript -e 'dhyper(x, m, n, k, log = TRUE)' with %.17g
  const rows = [
    [3, 4, 4, 4, -1.4759065198095773],
    [10, 30, 40, 25, -1.6755342807320694],
    [0, 5, 100, 20, -1.0796965025871428],
    [150, 400, 600, 300, -11.716066145163117],
  ];
  for (const [x, m, n, k, expected] of rows) {
    it(`x = ${x}, m = ${m}, n = ${n}, k = ${k}`, () => {
      expectClose(hypergeometricLogProbability(x, m, n, k), expected, { rel: 1e-13 });
    });
  }
  it("is −∞ outside the support", () => {
    expect(hypergeometricLogProbability(5, 4, 4, 4)).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe("binomialLogDensity against R's dbinom(log = TRUE)", () => {
  // Rscript -e 'print(dbinom(c(3, 0, 10, 480), c(10, 10, 10, 1000), c(0.2, 0.2, 0.2, 0.5), log = TRUE), digits = 17)'
  it("matches R", () => {
    expectClose(
      [
        binomialLogDensity(3, 10, 0.2),
        binomialLogDensity(0, 10, 0.2),
        binomialLogDensity(10, 10, 0.2),
        binomialLogDensity(480, 1000, 0.5),
      ],
      [-1.6028268537197232, -2.231435513142097, -16.094379124341003, -4.47933235558206],
      { rel: 1e-14 },
    );
  });
});
