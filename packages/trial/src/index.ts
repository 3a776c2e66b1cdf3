/**
 * @ciclo/trial — the trial's domain: protocol documents, the cycle scheduler, clinical rules and
 * derived outcomes. Pure: dates and clocks arrive as arguments.
 */
export {
  type AnalyteDefinition,
  analytes,
  checkPhysiologicalLimits,
  type Normalized,
  normalizeUnit,
} from "./analytes";
