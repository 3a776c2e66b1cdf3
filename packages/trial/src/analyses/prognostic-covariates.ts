import type { Protocol } from "../protocol-schema";
import type { ReceptorStatus, SubjectRecord } from "../records";

/**
 * The columns of the adjusted Cox models (domain.md §5.1), named as the report prints them, in
 * printed order. The disease-free interval is per year, so that its hazard ratio has digits to
 * show (per month it prints 1.00 (1.00–1.00)). PgR and HER2 are categories with "unknown" as a
 * level of its own (negative is the reference), because an unknown receptor status is recorded
 * information, not a missing value: dropping those subjects would drop most of one arm.
 */
export const prognosticCovariateNames = [
  "DFI (per year)",
  "PgR positive vs negative",
  "PgR unknown vs negative",
  "HER2 positive vs negative",
  "HER2 unknown vs negative",
  "Visceral metastases",
  "Aromatase inhibitor vs SERM/SERD",
  "Biological therapy",
] as const;

export type PrognosticCovariateName = (typeof prognosticCovariateNames)[number];

/** The model terms: a category's dummy columns are one term (for its joint PH test). */
export const prognosticTerms: { name: string; columns: PrognosticCovariateName[] }[] = [
  { name: "DFI", columns: ["DFI (per year)"] },
  { name: "PgR", columns: ["PgR positive vs negative", "PgR unknown vs negative"] },
  { name: "HER2", columns: ["HER2 positive vs negative", "HER2 unknown vs negative"] },
  { name: "Visceral metastases", columns: ["Visceral metastases"] },
  { name: "Aromatase inhibitor", columns: ["Aromatase inhibitor vs SERM/SERD"] },
  { name: "Biological therapy", columns: ["Biological therapy"] },
];

/**
 * A subject's prognostic covariates coded for a Cox model: the disease-free interval in years,
 * PgR and HER2 as dummies against negative (positive, unknown), and 0/1 for visceral
 * involvement, an aromatase inhibitor as the anti-estrogen (by the agent's class in the
 * protocol) and biological therapy. Null marks a value not recorded at all.
 *
 * @example
 * prognosticCovariates({ subjectId: "PI-001", arm: "control", enrolmentDate: "1995-01-01",
 *   hormoneTherapyAgent: "letrozole", her2Status: "unknown" }, seedProtocol)["HER2 unknown vs negative"]; // => 1
 */
export function prognosticCovariates(
  subject: SubjectRecord,
  protocol: Protocol,
): Record<PrognosticCovariateName, number | null> {
  const agent = protocol.antiEstrogen.agents.find((a) => a.code === subject.hormoneTherapyAgent);
  const pgr = receptor(subject.pgrStatus);
  const her2 = receptor(subject.her2Status);
  return {
    "DFI (per year)": typeof subject.dfiMonths === "number" ? subject.dfiMonths / 12 : null,
    "PgR positive vs negative": pgr.positive,
    "PgR unknown vs negative": pgr.unknown,
    "HER2 positive vs negative": her2.positive,
    "HER2 unknown vs negative": her2.unknown,
    "Visceral metastases": flag(subject.visceralMetastases),
    "Aromatase inhibitor vs SERM/SERD": agent ? (agent.class === "AI" ? 1 : 0) : null,
    "Biological therapy": flag(subject.biologicalTherapy),
  };
}

function receptor(status: ReceptorStatus | null | undefined): {
  positive: number | null;
  unknown: number | null;
} {
  if (status === null || status === undefined) return { positive: null, unknown: null };
  return { positive: status === "positive" ? 1 : 0, unknown: status === "unknown" ? 1 : 0 };
}

function flag(value: boolean | null | undefined): number | null {
  return value === true ? 1 : value === false ? 0 : null;
}

/** One row of the balance table: a covariate (or level) by arm. */
export interface BalanceRow {
  covariate: string;
  /** Per arm: subjects with the value recorded, and the count (binary) or mean ± SD (DFI). */
  arms: {
    arm: string;
    recorded: number;
    count: number | null;
    mean: number | null;
    sd: number | null;
  }[];
  /**
   * Standardized difference between the first two arms (reference arm first): difference of
   * means (or proportions) ÷ √((s₁² + s₂²)/2) (Austin 2009); |d| > 0.1 is the usual mark of
   * imbalance. NaN when it is undefined.
   */
  standardizedDifference: number;
}

/**
 * The balance table of the prognostic covariates by arm, and a plain warning for each level that
 * an arm has almost no subjects in (fewer than `sparse`, default 5, while the other arm has at
 * least that many), since the adjusted hazard ratio then rests on a handful of subjects.
 *
 * @example
 * covariateBalance(rows, ["treated", "control"]).rows[6];
 * // => { covariate: "Aromatase inhibitor vs SERM/SERD", arms: [{ arm: "treated", count: 3, … }, { arm: "control", count: 74, … }], standardizedDifference: -1.9 }
 */
export function covariateBalance(
  rows: readonly { arm: string; covariates?: Record<string, number | null> }[],
  arms: readonly string[],
  { sparse = 5 }: { sparse?: number } = {},
): { rows: BalanceRow[]; warnings: string[] } {
  const warnings: string[] = [];
  const balance = prognosticCovariateNames.map((covariate): BalanceRow => {
    const binary = covariate !== "DFI (per year)";
    const perArm = arms.map((arm) => {
      const values = rows
        .filter((row) => row.arm === arm)
        .map((row) => row.covariates?.[covariate])
        .filter((value): value is number => typeof value === "number" && Number.isFinite(value));
      const n = values.length;
      const mean = n > 0 ? values.reduce((sum, v) => sum + v, 0) / n : null;
      const variance =
        mean === null || n < 2
          ? null
          : binary
            ? mean * (1 - mean)
            : values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1);
      return {
        arm,
        recorded: n,
        count: binary ? values.filter((v) => v === 1).length : null,
        mean,
        sd: variance === null ? null : Math.sqrt(variance),
      };
    });
    const [a, b] = perArm;
    const pooled =
      a && b && a.sd !== null && b.sd !== null
        ? Math.sqrt((a.sd ** 2 + b.sd ** 2) / 2)
        : Number.NaN;
    const difference =
      a && b && a.mean !== null && b.mean !== null && pooled > 0
        ? (a.mean - b.mean) / pooled
        : Number.NaN;
    if (binary)
      for (const arm of perArm)
        for (const other of perArm)
          if (
            arm !== other &&
            arm.count !== null &&
            other.count !== null &&
            arm.count < sparse &&
            other.count >= sparse
          )
            warnings.push(
              `${covariate}: ${arm.arm} has ${arm.count} of ${arm.recorded} subjects, ${other.arm} ${other.count} of ${other.recorded}; the adjusted hazard ratio of the arms rests on almost no ${arm.arm} subjects in this level, so read it with care`,
            );
    return { covariate, arms: perArm, standardizedDifference: difference };
  });
  return { rows: balance, warnings };
}
