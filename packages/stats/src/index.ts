/**
 * @ciclo/stats — survival analysis and inference, validated against R. Pure: no I/O.
 *
 * Failure contract: user-caused problems (bad times, empty groups, singular designs) come back
 * as values or warnings with a message that says what to change; a thrown Error means a bug.
 */

// Survival: Kaplan–Meier, survival table, quantiles, RMST, risk table.
export { argsortFloat64 } from "./argsort-float64";
// Distributions (R's pnorm, qnorm, lgamma, pgamma, pchisq, pbeta, pt, dbinom, dhyper).
export { binomialLogDensity } from "./binomial-density";
export { chiSquareCdf } from "./chi-square-cdf";
// Survival: Cox proportional hazards.
export { type CoxConcordance, coxConcordance } from "./cox-concordance";
export { type ChiSquareTest, type CoxData, type CoxFit, type CoxOptions, coxPh } from "./cox-ph";
export { type CoxZph, type CoxZphRow, coxZph, type ZphTransform } from "./cox-zph";
export { hypergeometricLogProbability } from "./hypergeometric";
export {
  type KaplanMeierFit,
  type KaplanMeierOptions,
  kaplanMeier,
  type SurvivalCurve,
} from "./kaplan-meier";
export { logChoose, logGamma } from "./log-gamma";
// Survival: comparing groups.
export { type LogRankOptions, type LogRankResult, logRank } from "./log-rank";
export { normalCdf, type TailOptions } from "./normal-cdf";
export { normalQuantile } from "./normal-quantile";
export type { Outcome, StatsProblem } from "./outcome";
export { regularizedBeta } from "./regularized-beta";
export { regularizedGamma } from "./regularized-gamma";
export { commonUpperLimit, type RestrictedMean, restrictedMean } from "./restricted-mean";
export { studentTCdf } from "./student-t-cdf";
export { type SurvivalAtTimes, survivalAtTimes } from "./survival-at-times";
export { type ConfType, confTypes, survivalConfidence } from "./survival-confidence";
export { checkSurvivalColumns, factorCodes, type SurvivalColumns } from "./survival-input";
export { medianSurvival, type SurvivalQuantile, survivalQuantiles } from "./survival-quantile";
export { type SurvivalTableRow, survivalTable } from "./survival-table";
export { expectClose } from "./testing";
export { rankTimes } from "./time-ranks";
