/**
 * Values beyond which a result is possible but so rare in this population that the site is asked
 * to confirm it (a soft edit check), in the analyte's catalogue unit. They lie inside the
 * physiological limits (`AnalyteDefinition.physiologicalLimits`), beyond which a value is refused.
 * Tumor markers of metastatic breast cancer reach thousands; CA 15-3 of 99,999 U/mL is a typo far
 * more often than a result.
 */
export const plausibleLimits: Readonly<Record<string, readonly [number, number]>> = {
  CEA: [0, 5_000],
  "CA15-3": [0, 5_000],
  TPA: [0, 20_000],
  LYMPHOCYTES: [0.1, 20],
  CD4: [0, 5_000],
  CD8: [0, 5_000],
  NK: [0, 3_000],
  TREG: [0, 1_000],
  "IL-6": [0, 5_000],
  "IL-10": [0, 5_000],
  "IL-12": [0, 5_000],
  "TNF-A": [0, 5_000],
  "TGF-B1": [0, 200_000],
  "IFN-G": [0, 5_000],
  CRP: [0, 500],
  NEUTROPHILS: [0, 50],
  ALT: [0, 2_000],
  AST: [0, 2_000],
  BILIRUBIN: [0, 500],
  CREATININE: [10, 1_500],
};
