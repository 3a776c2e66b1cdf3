import { addDays, dateOfInstant, daysBetween, daysPerMonth } from "../plain-date";
import type { Protocol } from "../protocol-schema";
import { recordsBySubject } from "../records-by-subject";
import { standardizedValue } from "../standardized-value";
import { firstProgressions } from "./first-progressions";
import { resultsByPanel } from "./panel-results";
import type { MarkerTrajectory } from "./trial-analyses";
import type { TrialRecords } from "./trial-records";

/**
 * Standardized marker series of a few treated subjects who progressed, with their IL-2 weeks,
 * in months from the first IFN-β dose — the pictures behind §5.3 and §5.5. Picks the `count`
 * subjects with the most marker draws (ties by subject id, so the choice is reproducible).
 * Draws whose value cannot be standardized are skipped.
 *
 * @example
 * markerTrajectories(records, seedProtocol, 2).map((t) => t.subjectId); // => ["PI-007", "PI-012"]
 */
export function markerTrajectories(
  records: TrialRecords,
  protocol: Protocol,
  count: number,
  results = resultsByPanel(records.labResults, protocol).markers,
  progressionOf = firstProgressions(records),
): MarkerTrajectory[] {
  const candidates = mostDrawn(
    records.subjects.filter(
      (s) => s.firstIfnDate && progressionOf.has(s.subjectId) && results.has(s.subjectId),
    ),
    (s) => results.get(s.subjectId)!.length,
    count,
  );
  const chosen = new Set(candidates.map((s) => s.subjectId));
  const doses = recordsBySubject(
    records.administrations.filter(
      (a) =>
        chosen.has(a.subjectId) && a.drug === protocol.sampling.il2Drug && a.status === "given",
    ),
  );
  return candidates.map((subject) => {
    const origin = subject.firstIfnDate!;
    const months = (date: string) => daysBetween(origin, date) / daysPerMonth;
    const points = results
      .get(subject.subjectId)!
      .filter((r) => r.relation !== "post")
      .flatMap((r) => {
        const standardized = standardizedValue(protocol, r);
        return standardized.ok
          ? [
              {
                months: months(dateOfInstant(r.drawnAt)),
                marker: r.analyte,
                standardized: standardized.value,
              },
            ]
          : [];
      })
      .sort((a, b) => a.marker.localeCompare(b.marker) || a.months - b.months);
    return {
      subjectId: subject.subjectId,
      label: subject.pseudonym ?? subject.subjectId,
      arm: subject.arm,
      points,
      il2Windows: il2Windows(doses.get(subject.subjectId) ?? [], months),
      progressionMonths: months(progressionOf.get(subject.subjectId)!),
    };
  });
}

/**
 * The `count` subjects with the most draws, most first, ties by subject id: kept in a short
 * sorted list while the subjects are read once, instead of sorting them all for a few.
 */
function mostDrawn<T extends { subjectId: string }>(
  subjects: readonly T[],
  drawsOf: (subject: T) => number,
  count: number,
): T[] {
  const before = (a: T, b: T) =>
    drawsOf(a) - drawsOf(b) || (a.subjectId < b.subjectId ? 1 : a.subjectId > b.subjectId ? -1 : 0);
  const top: T[] = [];
  for (const subject of subjects) {
    if (top.length === count && (count === 0 || before(subject, top[count - 1]) <= 0)) continue;
    let at = top.length;
    while (at > 0 && before(subject, top[at - 1]) > 0) at--;
    top.splice(at, 0, subject);
    if (top.length > count) top.pop();
  }
  return top;
}

/** Each cycle's IL-2 doses as one window, from the first dose to the day after the last. */
function il2Windows(
  doses: { givenAt?: string | null; cycle?: number | null }[],
  months: (date: string) => number,
): { start: number; end: number }[] {
  const byCycle = new Map<number, string[]>();
  for (const dose of doses) {
    if (!dose.givenAt || dose.cycle == null) continue;
    byCycle.set(dose.cycle, [...(byCycle.get(dose.cycle) ?? []), dateOfInstant(dose.givenAt)]);
  }
  return [...byCycle.keys()]
    .sort((a, b) => a - b)
    .map((cycle) => {
      const dates = byCycle.get(cycle)!.sort();
      return { start: months(dates[0]), end: months(addDays(dates[dates.length - 1], 1)) };
    });
}
