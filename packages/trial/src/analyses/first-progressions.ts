import type { PlainDate } from "../plain-date";
import type { TrialRecords } from "./trial-records";

/**
 * The first adjudicated progression date of each subject. `analyzeTrial` computes it once and
 * hands it to the analyses that split a subject's course at progression.
 *
 * @example
 * firstProgressions(records).get("PI-007"); // => "1996-04-02"
 */
export function firstProgressions(records: TrialRecords): Map<string, PlainDate> {
  const first = new Map<string, PlainDate>();
  for (const p of records.progressions) {
    const known = first.get(p.subjectId);
    if (!known || p.progressedOn < known) first.set(p.subjectId, p.progressedOn);
  }
  return first;
}
