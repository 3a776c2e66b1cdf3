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
  for (const record of records) {
    const list = grouped.get(record.subjectId);
    if (list) list.push(record);
    else grouped.set(record.subjectId, [record]);
  }
  return grouped;
}
