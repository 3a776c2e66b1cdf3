/**
 * Records grouped by subject in one pass, so that per-subject rules read only their own rows
 * (a cohort of 10,000 subjects would otherwise be scanned once per subject).
 *
 * @example
 * recordsBySubject(labResults).get("PI-001"); // => that subject's results, in input order
 */
export function recordsBySubject<T extends { subjectId: string }>(
  records: readonly T[],
): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  // Stores and simulations return a subject's records together: the list of the last subject
  // is kept at hand, and the map is asked only when the subject changes.
  let lastSubject: string | undefined;
  let list: T[] = [];
  for (const record of records) {
    if (record.subjectId !== lastSubject) {
      lastSubject = record.subjectId;
      list = grouped.get(lastSubject) ?? [];
      if (list.length === 0) grouped.set(lastSubject, list);
    }
    list.push(record);
  }
  return grouped;
}
