import {
  type ImmuneProfile,
  immunePanelAnalytes,
  immuneProfilesBySubject,
} from "../immune-profile";
import { addDays, dateOfInstant, daysBetween, type PlainDate } from "../plain-date";
import { recordsBySubject } from "../records-by-subject";
import { firstProgressions } from "./first-progressions";
import { pairedComparison } from "./rank-comparisons";
import type { NotComputed, PairedComparison } from "./trial-analyses";
import type { TrialRecords } from "./trial-records";

/** The immune parameters compared, with their labels in the report. */
const parameters: [keyof ImmuneProfile, string][] = [
  ["lymphocytes", "Lymphocytes (10⁹/L)"],
  ["cd4", "CD4+ (cells/µL)"],
  ["cd8", "CD8+ (cells/µL)"],
  ["nk", "NK (cells/µL)"],
  ["treg", "Treg (cells/µL)"],
  ["effectorTregRatio", "Effector/Treg ratio"],
];

export interface ImmuneAtProgressionOptions {
  /** A draw within this many days of the progression date is the draw "at progression". */
  windowDays?: number;
}

/**
 * Immune parameters in clinical benefit vs at progression (domain.md §5.2), paired per subject:
 * the clinical-benefit value is the subject's first draw from the start of clinical benefit
 * (CB confirmation, else first IFN-β dose, else enrolment) that lies more than `windowDays`
 * before progression; the progression value is the draw nearest the progression date within
 * `windowDays`. Counts come from `immuneProfiles` (derived from percentages where needed);
 * each parameter is tested with the paired Wilcoxon signed-rank test.
 *
 * @example
 * immuneAtProgression(records)[1]; // => { parameter: "CD4+ (cells/µL)", medianFirst: 820, medianSecond: 610, p: 0.002, … }
 */
export function immuneAtProgression(
  records: TrialRecords,
  { windowDays = 30 }: ImmuneAtProgressionOptions = {},
  profiles = immuneProfilesBySubject(
    // Filtering first spares the profiles the markers and cytokines.
    recordsBySubject(records.labResults.filter((r) => immunePanelAnalytes.has(r.analyte))),
  ),
  progressionOf = firstProgressions(records),
): PairedComparison[] | NotComputed {
  const chosen: { subjectId: string; cb: ImmuneProfile; progression: ImmuneProfile }[] = [];
  for (const subject of records.subjects) {
    const progressedOn = progressionOf.get(subject.subjectId);
    const draws = profiles.get(subject.subjectId);
    if (!progressedOn || !draws) continue;
    const cbFrom = subject.clinicalBenefitDate ?? subject.firstIfnDate ?? subject.enrolmentDate;
    const cbUntil = addDays(progressedOn, -windowDays);
    const cb = draws.find((d) => {
      const drawnOn = dateOfInstant(d.drawnAt);
      return drawnOn >= cbFrom && drawnOn < cbUntil;
    });
    const progression = nearest(draws, progressedOn, windowDays);
    if (cb && progression) chosen.push({ subjectId: subject.subjectId, cb, progression });
  }
  if (chosen.length === 0)
    return {
      notComputed: "no subject has immune draws both in clinical benefit and at progression",
    };
  const comparisons: PairedComparison[] = [];
  for (const [key, label] of parameters) {
    const pairs = chosen
      .filter(
        ({ cb, progression }) =>
          typeof cb[key] === "number" && typeof progression[key] === "number",
      )
      .map(({ subjectId, cb, progression }) => ({
        subjectId,
        first: cb[key] as number,
        second: progression[key] as number,
      }));
    const comparison = pairedComparison(label, ["clinical benefit", "progression"], pairs);
    if (!("notComputed" in comparison)) comparisons.push(comparison);
  }
  return comparisons.length > 0
    ? comparisons
    : { notComputed: "fewer than two subjects with any immune parameter in both states" };
}

function nearest(
  draws: ImmuneProfile[],
  date: PlainDate,
  windowDays: number,
): ImmuneProfile | undefined {
  let best: ImmuneProfile | undefined;
  let bestDistance = windowDays + 1;
  for (const draw of draws) {
    const distance = Math.abs(daysBetween(date, dateOfInstant(draw.drawnAt)));
    if (distance < bestDistance) {
      best = draw;
      bestDistance = distance;
    }
  }
  return best;
}
