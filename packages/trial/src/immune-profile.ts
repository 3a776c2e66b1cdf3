import { normalizeUnit } from "./analytes";
import { inTimeOrder } from "./plain-date";
import type { Instant, LabResultRecord } from "./records";
import { recordsBySubject } from "./records-by-subject";

/** The immune panel of one draw in absolute counts (cells/µL), measured or derived. */
export interface ImmuneProfile {
  subjectId: string;
  drawnAt: Instant;
  /** 10⁹/L. */
  lymphocytes: number | null;
  cd4: number | null;
  cd8: number | null;
  nk: number | null;
  treg: number | null;
  /** (CD4+ + CD8+) / Treg. */
  effectorTregRatio: number | null;
  /** Counts derived from a percentage, e.g. ['CD4', 'TREG']. */
  derived: string[];
}

/** The analytes `immuneProfiles` reads: counts and their percentages. */
export const immunePanelAnalytes: ReadonlySet<string> = new Set(
  ["LYMPHOCYTES", "CD4", "CD8", "NK", "TREG"].flatMap((code) => [code, `${code}_PCT`]),
);

/**
 * The immune parameters compared during clinical benefit and at progression (domain.md §5.2):
 * the cell counts, Treg, and IL-12 and CRP, which were higher during clinical benefit.
 */
export const immuneComparisonAnalytes: readonly string[] = [
  "LYMPHOCYTES",
  "CD4",
  "CD8",
  "NK",
  "TREG",
  "IL-12",
  "CRP",
];

/**
 * An absolute count from a percentage of a parent population: cells/µL = % / 100 × parent,
 * with the parent in cells/µL (lymphocytes in 10⁹/L × 1000).
 *
 * @example
 * absoluteCount(40, 2000); // => 800 (40 % of 2.0 × 10⁹/L lymphocytes)
 */
export function absoluteCount(percent: number, parentPerMicrolitre: number): number {
  return (percent / 100) * parentPerMicrolitre;
}

/**
 * Effector/regulatory ratio (domain.md §3): (CD4+ + CD8+) / Treg, in absolute counts.
 *
 * @example
 * effectorTregRatio(800, 500, 40); // => 32.5
 */
export function effectorTregRatio(cd4: number, cd8: number, treg: number): number | null {
  return treg > 0 ? (cd4 + cd8) / treg : null;
}

/**
 * The immune panel of each draw of a subject, in absolute counts. A count recorded only as a
 * percentage is derived: CD4+, CD8+ and NK as % of lymphocytes, Treg as % of CD4+ (the
 * catalogue's TREG_PCT, the usual gating of CD4+CD25+ cells). Missing values stay null.
 *
 * @example
 * immuneProfiles(results)[0]; // => { cd4: 800, cd8: 500, treg: 40, effectorTregRatio: 32.5, derived: ["CD4", "CD8", "TREG"], … }
 */
export function immuneProfiles(results: readonly LabResultRecord[]): ImmuneProfile[] {
  const profiles = [...immuneProfilesBySubject(recordsBySubject(results)).values()].flat();
  return profiles.sort((a, b) => inTimeOrder(a.drawnAt, b.drawnAt));
}

/**
 * The immune panel of each draw, subject by subject, each subject's draws in time order (see
 * `immuneProfiles`), from results already grouped by subject.
 *
 * @example
 * immuneProfilesBySubject(new Map([["PI-001", results]])).get("PI-001")?.[0].treg; // => 40
 */
export function immuneProfilesBySubject(
  resultsBySubject: ReadonlyMap<string, readonly LabResultRecord[]>,
): Map<string, ImmuneProfile[]> {
  const profiles = new Map<string, ImmuneProfile[]>();
  for (const [subjectId, results] of resultsBySubject) {
    const own = subjectProfiles(subjectId, results);
    if (own.length > 0) profiles.set(subjectId, own);
  }
  return profiles;
}

/** One subject's profiles, draw by draw, in time order. */
function subjectProfiles(subjectId: string, results: readonly LabResultRecord[]): ImmuneProfile[] {
  const draws = new Map<Instant, Map<string, number>>();
  // A draw's results usually come together: its values are kept at hand until the draw changes.
  let drawnAt: Instant | undefined;
  let values = new Map<string, number>();
  for (const result of results) {
    if (result.value === null) continue;
    const normalized = normalizeUnit(result.analyte, result.value, result.unit);
    if (!normalized.ok) continue;
    if (result.drawnAt !== drawnAt) {
      drawnAt = result.drawnAt;
      values = draws.get(drawnAt) ?? new Map();
      if (values.size === 0) draws.set(drawnAt, values);
    }
    values.set(result.analyte, normalized.value);
  }
  const profiles = Array.from(draws, ([at, measured]) => profileOf(subjectId, at, measured));
  return inOrder(profiles) ? profiles : profiles.sort((a, b) => inTimeOrder(a.drawnAt, b.drawnAt));
}

function inOrder(profiles: readonly ImmuneProfile[]): boolean {
  for (let i = 1; i < profiles.length; i++)
    if (profiles[i - 1].drawnAt > profiles[i].drawnAt) return false;
  return true;
}

function profileOf(
  subjectId: string,
  drawnAt: Instant,
  values: Map<string, number>,
): ImmuneProfile {
  const derived: string[] = [];
  const lymphocytes = values.get("LYMPHOCYTES") ?? null;
  const perMicrolitre = lymphocytes === null ? null : lymphocytes * 1000;
  const count = (code: string, parent: number | null) => {
    const measured = values.get(code);
    if (measured !== undefined) return measured;
    const percent = values.get(`${code}_PCT`);
    if (percent === undefined || parent === null) return null;
    derived.push(code);
    return absoluteCount(percent, parent);
  };
  const cd4 = count("CD4", perMicrolitre);
  const cd8 = count("CD8", perMicrolitre);
  const nk = count("NK", perMicrolitre);
  const treg = count("TREG", cd4);
  return {
    subjectId,
    drawnAt,
    lymphocytes,
    cd4,
    cd8,
    nk,
    treg,
    effectorTregRatio:
      cd4 !== null && cd8 !== null && treg !== null ? effectorTregRatio(cd4, cd8, treg) : null,
    derived,
  };
}
