/**
 * @ciclo/stats — survival analysis and inference, validated against R. Pure: no I/O.
 *
 * Failure contract: user-caused problems (bad times, empty groups, singular designs) come back
 * as values or warnings with a message that says what to change; a thrown Error means a bug.
 */

// Survival: Kaplan–Meier, confidence intervals, survival table, quantiles, RMST, risk table.

export {
  type KaplanMeierFit,
  type KaplanMeierOptions,
  kaplanMeier,
  type SurvivalCurve,
} from "./kaplan-meier";
export { commonUpperLimit, type RestrictedMean, restrictedMean } from "./restricted-mean";
export { type SurvivalAtTimes, survivalAtTimes } from "./survival-at-times";
export { type ConfType, confTypes, survivalConfidence } from "./survival-confidence";
export { checkSurvivalColumns, factorCodes, type SurvivalColumns } from "./survival-input";
export { medianSurvival, type SurvivalQuantile, survivalQuantiles } from "./survival-quantile";
export { type SurvivalTableRow, survivalTable } from "./survival-table";

// Survival: comparing groups.

export { type LogRankOptions, type LogRankResult, logRank } from "./log-rank";

// Survival: Cox proportional hazards.

export { type CoxConcordance, coxConcordance } from "./cox-concordance";
export { type ChiSquareTest, type CoxData, type CoxFit, type CoxOptions, coxPh } from "./cox-ph";
export { type CoxZph, type CoxZphRow, coxZph, type ZphTransform } from "./cox-zph";

// Rank and exact tests (R's wilcox.test, fisher.test, chisq.test).

export { type ChiSquareTestResult, chiSquareTest } from "./chi-square-test";
export { checkTable, type FisherOptions, type FisherResult, fisherExact } from "./fisher-exact";
export {
  type FisherMonteCarloOptions,
  type FisherMonteCarloResult,
  fisherMonteCarlo,
} from "./fisher-monte-carlo";
export {
  type HodgesLehmann,
  type HodgesLehmannOptions,
  hodgesLehmannPseudomedian,
  hodgesLehmannShift,
} from "./hodges-lehmann";
export { holm } from "./holm";
export { type MannWhitneyOptions, mannWhitney } from "./mann-whitney";
export { type Midranks, midranks } from "./midranks";
export { type Alternative, alternatives, type RankTestResult } from "./rank-test-result";
export {
  type SignedRankOptions,
  type SignedRankResult,
  wilcoxonSignedRank,
} from "./wilcoxon-signed-rank";

// Correlation and ROC (R's cor.test; pROC's DeLong interval and test).

export { type DeLongTest, deLongTest } from "./delong-test";
export { kendall } from "./kendall";
export { type RocAuc, rocAuc } from "./roc-auc";
export { type CorrelationTestOptions, type CorrelationTestResult, spearman } from "./spearman";

// Distributions (R's pnorm, qnorm, lgamma, pgamma, pchisq, pbeta, pt, dbinom, dhyper).

export { binomialLogDensity } from "./binomial-density";
export { chiSquareCdf } from "./chi-square-cdf";
export { hypergeometricLogProbability } from "./hypergeometric";
export { logChoose, logGamma } from "./log-gamma";
export { normalCdf, type TailOptions } from "./normal-cdf";
export { normalQuantile } from "./normal-quantile";
export { regularizedBeta } from "./regularized-beta";
export { regularizedGamma } from "./regularized-gamma";
export { studentTCdf } from "./student-t-cdf";

// Trial design: Simon two-stage, events and power for time-to-event comparisons.

export {
  type EventDesignOptions,
  type EventMethod,
  type EventPowerOptions,
  eventPower,
  freedmanEvents,
  requiredEvents,
  schoenfeldEvents,
  subjectsForEvents,
} from "./event-design";
export {
  type SimonDesign,
  type SimonDesigns,
  type SimonOptions,
  simonTwoStage,
} from "./simon-two-stage";

// Building blocks: root finding, ordering and ranking, the failure shape, the test tolerance.

export { argsortFloat64 } from "./argsort-float64";
export { findRoot } from "./find-root";
export type { Outcome, StatsProblem } from "./outcome";
export { expectClose } from "./testing";
export { rankTimes } from "./time-ranks";
