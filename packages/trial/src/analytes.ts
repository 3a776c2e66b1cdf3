import { type Derived, trialProblem } from "./trial-problem";

/**
 * The analyte catalogue: what the trial measures, in which unit it is kept, which units convert
 * to it, and which values are physically impossible (a typo, not a result).
 *
 * Units are matched without regard to case or spacing, and `µ`, `μ` and `u` are the same letter,
 * so `ug/l`, `µg/L` and `μg/L` all name micrograms per litre.
 */
export interface AnalyteDefinition {
  code: string;
  label: string;
  /** LOINC code, or a local code where LOINC has none (TPA, Treg, TGF-β1). */
  loinc: string;
  group: "marker" | "immune" | "cytokine" | "chemistry";
  /** The unit values are stored in. */
  unit: string;
  /** Accepted units and the factor that converts a value in that unit to `unit`. */
  conversions: Record<string, number>;
  /** Results below the limit of quantification are common (cytokines): expect the flag. */
  belowLimitCommon: boolean;
  /** Values outside [low, high] (in `unit`) cannot be real and are refused. */
  physiologicalLimits: [number, number];
}

const cellsPerMicrolitre = { "cells/µL": 1, "/µL": 1, "10^6/L": 1, "cells/mm3": 1 };
const percent = { "%": 1 };
const picograms = { "pg/mL": 1, "ng/L": 1 };

const catalogue: AnalyteDefinition[] = [
  {
    code: "CEA",
    label: "CEA",
    loinc: "2039-6",
    group: "marker",
    belowLimitCommon: false,
    unit: "ng/mL",
    conversions: { "ng/mL": 1, "µg/L": 1 },
    physiologicalLimits: [0, 100_000],
  },
  {
    code: "CA15-3",
    label: "CA 15-3",
    loinc: "6875-9",
    group: "marker",
    belowLimitCommon: false,
    unit: "U/mL",
    conversions: { "U/mL": 1, "kU/L": 1 },
    physiologicalLimits: [0, 100_000],
  },
  {
    code: "TPA",
    label: "TPA (tissue polypeptide antigen)",
    loinc: "local:TPA",
    group: "marker",
    belowLimitCommon: false,
    unit: "U/L",
    conversions: { "U/L": 1, "mU/mL": 1 },
    physiologicalLimits: [0, 100_000],
  },
  {
    code: "LYMPHOCYTES",
    label: "Total lymphocytes",
    loinc: "26474-7",
    group: "immune",
    belowLimitCommon: false,
    unit: "10^9/L",
    conversions: { "10^9/L": 1, "10^3/µL": 1, "/nL": 1, "cells/µL": 0.001 },
    physiologicalLimits: [0, 500],
  },
  {
    code: "CD4",
    label: "CD4+ cells",
    loinc: "24467-3",
    group: "immune",
    belowLimitCommon: false,
    unit: "cells/µL",
    conversions: cellsPerMicrolitre,
    physiologicalLimits: [0, 20_000],
  },
  {
    code: "CD4_PCT",
    label: "CD4+ cells (% of lymphocytes)",
    loinc: "8123-2",
    group: "immune",
    belowLimitCommon: false,
    unit: "%",
    conversions: percent,
    physiologicalLimits: [0, 100],
  },
  {
    code: "CD8",
    label: "CD8+ cells",
    loinc: "14135-8",
    group: "immune",
    belowLimitCommon: false,
    unit: "cells/µL",
    conversions: cellsPerMicrolitre,
    physiologicalLimits: [0, 20_000],
  },
  {
    code: "CD8_PCT",
    label: "CD8+ cells (% of lymphocytes)",
    loinc: "8101-8",
    group: "immune",
    belowLimitCommon: false,
    unit: "%",
    conversions: percent,
    physiologicalLimits: [0, 100],
  },
  {
    code: "NK",
    label: "NK cells (CD16+CD56+)",
    loinc: "20402-4",
    group: "immune",
    belowLimitCommon: false,
    unit: "cells/µL",
    conversions: cellsPerMicrolitre,
    physiologicalLimits: [0, 20_000],
  },
  {
    code: "NK_PCT",
    label: "NK cells (% of lymphocytes)",
    loinc: "18267-5",
    group: "immune",
    belowLimitCommon: false,
    unit: "%",
    conversions: percent,
    physiologicalLimits: [0, 100],
  },
  {
    code: "TREG",
    label: "Treg (CD4+CD25+)",
    loinc: "local:TREG",
    group: "immune",
    belowLimitCommon: false,
    unit: "cells/µL",
    conversions: cellsPerMicrolitre,
    physiologicalLimits: [0, 5_000],
  },
  {
    code: "TREG_PCT",
    label: "Treg (% of CD4+)",
    loinc: "local:TREG_PCT",
    group: "immune",
    belowLimitCommon: false,
    unit: "%",
    conversions: percent,
    physiologicalLimits: [0, 100],
  },
  {
    code: "IL-6",
    label: "IL-6",
    loinc: "26881-3",
    group: "cytokine",
    belowLimitCommon: true,
    unit: "pg/mL",
    conversions: picograms,
    physiologicalLimits: [0, 1_000_000],
  },
  {
    code: "IL-10",
    label: "IL-10",
    loinc: "26848-2",
    group: "cytokine",
    belowLimitCommon: true,
    unit: "pg/mL",
    conversions: picograms,
    physiologicalLimits: [0, 1_000_000],
  },
  {
    code: "IL-12",
    label: "IL-12",
    loinc: "41760-0",
    group: "cytokine",
    belowLimitCommon: true,
    unit: "pg/mL",
    conversions: picograms,
    physiologicalLimits: [0, 1_000_000],
  },
  {
    code: "TNF-A",
    label: "TNF-α",
    loinc: "3167-4",
    group: "cytokine",
    belowLimitCommon: true,
    unit: "pg/mL",
    conversions: picograms,
    physiologicalLimits: [0, 1_000_000],
  },
  {
    code: "TGF-B1",
    label: "TGF-β1",
    loinc: "local:TGFB1",
    group: "cytokine",
    belowLimitCommon: true,
    unit: "pg/mL",
    conversions: picograms,
    physiologicalLimits: [0, 10_000_000],
  },
  {
    code: "IFN-G",
    label: "IFN-γ",
    loinc: "27415-9",
    group: "cytokine",
    belowLimitCommon: true,
    unit: "pg/mL",
    conversions: picograms,
    physiologicalLimits: [0, 1_000_000],
  },
  {
    code: "CRP",
    label: "C-reactive protein",
    loinc: "1988-5",
    group: "chemistry",
    belowLimitCommon: false,
    unit: "mg/L",
    conversions: { "mg/L": 1, "mg/dL": 10 },
    physiologicalLimits: [0, 1_000],
  },
  {
    code: "NEUTROPHILS",
    label: "Neutrophils",
    loinc: "751-8",
    group: "chemistry",
    belowLimitCommon: false,
    unit: "10^9/L",
    conversions: { "10^9/L": 1, "10^3/µL": 1, "cells/µL": 0.001 },
    physiologicalLimits: [0, 500],
  },
  {
    code: "ALT",
    label: "ALT",
    loinc: "1742-6",
    group: "chemistry",
    belowLimitCommon: false,
    unit: "U/L",
    conversions: { "U/L": 1, "IU/L": 1 },
    physiologicalLimits: [0, 50_000],
  },
  {
    code: "AST",
    label: "AST",
    loinc: "1920-8",
    group: "chemistry",
    belowLimitCommon: false,
    unit: "U/L",
    conversions: { "U/L": 1, "IU/L": 1 },
    physiologicalLimits: [0, 50_000],
  },
  {
    code: "BILIRUBIN",
    label: "Total bilirubin",
    loinc: "1975-2",
    group: "chemistry",
    belowLimitCommon: false,
    unit: "µmol/L",
    conversions: { "µmol/L": 1, "mg/dL": 17.1 },
    physiologicalLimits: [0, 1_500],
  },
  {
    code: "CREATININE",
    label: "Creatinine",
    loinc: "2160-0",
    group: "chemistry",
    belowLimitCommon: false,
    unit: "µmol/L",
    conversions: { "µmol/L": 1, "mg/dL": 88.42 },
    physiologicalLimits: [0, 5_000],
  },
];

/** The catalogue by code, e.g. `analytes.CEA.unit` → `'ng/mL'`. */
export const analytes: Readonly<Record<string, AnalyteDefinition>> = Object.fromEntries(
  catalogue.map((definition) => [definition.code, definition]),
);

const unitKey = (unit: string) => unit.replace(/\s+/g, "").replace(/[μu]/g, "µ").toLowerCase();

export type Normalized = Derived<{ value: number; unit: string }>;

/**
 * Converts a value to the analyte's storage unit, or says which units would do.
 *
 * @example
 * normalizeUnit("CRP", 1.2, "mg/dL"); // => { ok: true, value: 12, unit: "mg/L" }
 * normalizeUnit("CEA", 3, "mg/dl"); // => { ok: false, code: "unconvertible_unit", message: "unit 'mg/dl' cannot be converted for CEA; use ng/mL or µg/L" }
 */
export function normalizeUnit(analyteCode: string, value: number, unit: string): Normalized {
  const definition = analytes[analyteCode];
  if (!definition) return trialProblem("unknown_analyte", unknownAnalyte(analyteCode));
  const factor = conversionFactor(analyteCode, definition.conversions, unit);
  if (factor === undefined) {
    const accepted = Object.keys(definition.conversions);
    const listed = `${accepted.slice(0, -1).join(", ")}${accepted.length > 1 ? " or " : ""}${accepted.at(-1)}`;
    return trialProblem(
      "unconvertible_unit",
      `unit '${unit}' cannot be converted for ${analyteCode}; use ${listed}`,
    );
  }
  return { ok: true, value: value * factor, unit: definition.unit };
}

/**
 * Factors already looked up, by analyte and unit as written: the analyses convert every lab
 * result, while a trial writes each analyte in one or two units. Nested maps, so that a lookup
 * builds no key string.
 */
const knownFactors = new Map<string, Map<string, number | undefined>>();

function conversionFactor(
  analyteCode: string,
  conversions: Record<string, number>,
  unit: string,
): number | undefined {
  let byUnit = knownFactors.get(analyteCode);
  if (!byUnit) {
    byUnit = new Map();
    knownFactors.set(analyteCode, byUnit);
  }
  if (byUnit.has(unit)) return byUnit.get(unit);
  const factor = Object.entries(conversions).find(
    ([accepted]) => unitKey(accepted) === unitKey(unit),
  )?.[1];
  // Units come from users too: keep the memory bounded whatever they write.
  if (byUnit.size >= 100) byUnit.clear();
  byUnit.set(unit, factor);
  return factor;
}

/**
 * Refuses a value (in the storage unit) that no patient can have.
 *
 * @example
 * checkPhysiologicalLimits("CD4_PCT", 140); // => "CD4_PCT 140 % is outside the possible range 0–100 %; check the value and its unit"
 */
export function checkPhysiologicalLimits(analyteCode: string, value: number): string | undefined {
  const definition = analytes[analyteCode];
  if (!definition) return unknownAnalyte(analyteCode);
  const [low, high] = definition.physiologicalLimits;
  if (value >= low && value <= high) return undefined;
  return `${analyteCode} ${value} ${definition.unit} is outside the possible range ${low}–${high} ${definition.unit}; check the value and its unit`;
}

function unknownAnalyte(code: string): string {
  return `unknown analyte '${code}'; use one of ${Object.keys(analytes).join(", ")}`;
}
