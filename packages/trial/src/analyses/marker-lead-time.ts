import { type MarkerSignal, markerLeadTime, markerSignals } from "../marker-signal";
import { addDays, dateOfInstant } from "../plain-date";
import type { Protocol } from "../protocol-schema";
import { firstProgressions } from "./first-progressions";
import { resultsByPanel } from "./panel-results";
import { groupComparison } from "./rank-comparisons";
import type { GroupComparison, NotComputed } from "./trial-analyses";
import type { TrialRecords } from "./trial-records";

/** Marker lead time before progression, with detection by arm and its competing analysis. */
export interface LeadTimeAnalysis {
  /** The protocol's window before progression in which a signal counts (months). */
  windowMonths: number;
  /** Per arm group: progressed subjects with marker draws, and those with a signal in the window. */
  detection: { group: string; evaluable: number; detected: number; rate: number }[];
  /**
   * The published analysis: lead times of detected progressions only. It conditions on
   * detection, so an arm whose markers miss more progressions can still show longer leads.
   */
  detected: (GroupComparison & { bias: string }) | NotComputed;
  /** The competing analysis: every evaluable progression, an undetected one as 0 months of lead. */
  allProgressions: GroupComparison | NotComputed;
}

/** Why the detected-only comparison cannot stand alone, in one sentence. */
export const leadTimeDetectionBias =
  "Only progressions the markers detected enter, so the comparison ignores the progressions each arm's markers missed; read it with the detection rates and the analysis that counts every progression.";

/**
 * Marker lead time before progression (domain.md §5.5). For each subject with an adjudicated
 * progression and marker draws (evaluable), the signal is the earliest of her markers' first
 * signals (`markerSignals`) whose first rising draw falls within the protocol's
 * `markers.signal.leadWindowMonths` before progression (on or before its date); an older signal
 * is a false alarm, not a lead, and a later one no lead at all. Reported: the detection rate per arm group (cytokine arms vs control arms),
 * the published comparison of lead times among detected progressions (Mann–Whitney, with its
 * bias), and the competing comparison over every evaluable progression with 0 months for an
 * undetected one.
 *
 * @example
 * leadTimeByArm(records, seedProtocol).detection; // => [{ group: "treated", evaluable: 30, detected: 27, rate: 0.9 }, …]
 */
export function leadTimeByArm(
  records: TrialRecords,
  protocol: Protocol,
  results = resultsByPanel(records.labResults, protocol).markers,
  progressionOf = firstProgressions(records),
): LeadTimeAnalysis | NotComputed {
  const windowMonths = protocol.markers.signal.leadWindowMonths;
  const windowDays = Math.round((windowMonths * 365.25) / 12);
  const controlArms = new Set(protocol.arms.filter((arm) => arm.control).map((arm) => arm.code));
  const groups = {
    treated: { detected: [] as number[], all: [] as number[] },
    controls: { detected: [] as number[], all: [] as number[] },
  };
  for (const subject of records.subjects) {
    const progressedOn = progressionOf.get(subject.subjectId);
    const own = results.get(subject.subjectId);
    if (!progressedOn || !own || own.length === 0) continue;
    const group = groups[controlArms.has(subject.arm) ? "controls" : "treated"];
    const windowOpens = addDays(progressedOn, -windowDays);
    const signal = markerSignals(protocol, own)
      .signals.filter((s) => {
        const drawnOn = dateOfInstant(s.drawnAt);
        return drawnOn >= windowOpens && drawnOn <= progressedOn;
      })
      .reduce<MarkerSignal | null>((a, s) => (a === null || s.drawnAt < a.drawnAt ? s : a), null);
    const lead = signal ? markerLeadTime(signal, progressedOn).months : null;
    if (lead !== null) group.detected.push(lead);
    group.all.push(lead ?? 0);
  }
  const detection = Object.entries(groups).map(([group, { detected, all }]) => ({
    group,
    evaluable: all.length,
    detected: detected.length,
    rate: all.length > 0 ? detected.length / all.length : Number.NaN,
  }));
  if (detection.every((d) => d.evaluable === 0))
    return { notComputed: "no progressed subject has marker draws" };
  const detected = groupComparison("Marker lead time, detected progressions (months)", [
    { label: "treated", values: groups.treated.detected },
    { label: "controls", values: groups.controls.detected },
  ]);
  return {
    windowMonths,
    detection,
    detected: "notComputed" in detected ? detected : { ...detected, bias: leadTimeDetectionBias },
    allProgressions: groupComparison(
      "Marker lead time, every progression, undetected = 0 (months)",
      [
        { label: "treated", values: groups.treated.all },
        { label: "controls", values: groups.controls.all },
      ],
    ),
  };
}
