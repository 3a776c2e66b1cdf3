import { markerLeadTime, markerSignals } from "../marker-signal";
import type { Protocol } from "../protocol-schema";
import { firstProgressions } from "./first-progressions";
import { resultsByPanel } from "./panel-results";
import { groupComparison } from "./rank-comparisons";
import type { GroupComparison, NotComputed } from "./trial-analyses";
import type { TrialRecords } from "./trial-records";

/**
 * Marker lead time before progression (domain.md §5.5): for each subject with an adjudicated
 * progression and a marker signal (`markerSignals`, the panel's first) on or before it, the
 * months from the signal to progression (`markerLeadTime`); the arms that give cytokines vs the
 * control arm, Mann–Whitney.
 *
 * @example
 * leadTimeByArm(records, seedProtocol).groups.map((g) => g.mean); // => [12.1, 2.4]
 */
export function leadTimeByArm(
  records: TrialRecords,
  protocol: Protocol,
  results = resultsByPanel(records.labResults, protocol).markers,
  progressionOf = firstProgressions(records),
): GroupComparison | NotComputed {
  const controlArms = new Set(protocol.arms.filter((arm) => arm.control).map((arm) => arm.code));
  const treated: number[] = [];
  const control: number[] = [];
  for (const subject of records.subjects) {
    const progressedOn = progressionOf.get(subject.subjectId);
    const own = results.get(subject.subjectId);
    if (!progressedOn || !own) continue;
    const signal = markerSignals(protocol, own).first;
    if (!signal) continue;
    const lead = markerLeadTime(signal, progressedOn);
    if (lead.days < 0) continue;
    (controlArms.has(subject.arm) ? control : treated).push(lead.months);
  }
  return groupComparison("Marker lead time (months)", [
    { label: "treated", values: treated },
    { label: "controls", values: control },
  ]);
}
