import { cycleWeekOfDate } from "../cycle-week";
import { addDays, dateOfInstant, inTimeOrder, type PlainDate } from "../plain-date";
import { type PostIl2Sample, pairPostIl2Samples } from "../post-il2-sample";
import type { Protocol } from "../protocol-schema";
import type { LabResultRecord } from "../records";
import { recordsBySubject } from "../records-by-subject";
import { firstProgressions } from "./first-progressions";
import { resultsByPanel } from "./panel-results";
import { pairedComparison } from "./rank-comparisons";
import type { NotComputed, PairedComparison } from "./trial-analyses";
import type { TrialRecords } from "./trial-records";

type State = "clinical benefit" | "progression";

/**
 * Marker response to IL-2 (domain.md §5.3): standardized pre- and post-IL-2 values from
 * `pairPostIl2Samples`, per marker and pooled, in clinical benefit and at progression, each
 * compared with the paired Wilcoxon signed-rank test. A pair belongs to progression when its
 * post draw falls on or after the first progression date less half a cycle (the cycle in which
 * the disease progressed), otherwise to clinical benefit. One pair per subject enters each test,
 * so the pairs are independent. A sample without a recorded cycle is given the cycle of its
 * draw date from the subject's first IFN-β dose: the first pair in clinical benefit, the last at progression;
 * pooled, the mean over the subject's markers of those pairs.
 *
 * @example
 * markerResponse(records, seedProtocol).find((c) => c.parameter === "pooled, clinical benefit");
 * // => { medianFirst: 1.4, medianSecond: 1.1, p: 0.001, … } (a fall after IL-2)
 */
export function markerResponse(
  records: TrialRecords,
  protocol: Protocol,
  bySubject = resultsByPanel(records.labResults, protocol).markers,
  progressionOf = firstProgressions(records),
): PairedComparison[] | NotComputed {
  const firstIfn = new Map(records.subjects.map((s) => [s.subjectId, s.firstIfnDate ?? null]));
  const halfCycle = Math.floor(protocol.cycle.lengthDays / 2);
  const chosen: Record<State, PostIl2Sample[]> = { "clinical benefit": [], progression: [] };
  let pairCount = 0;
  for (const [subjectId, results] of bySubject) {
    const paired = results.filter((r) => r.relation !== "routine");
    if (paired.length === 0) continue;
    const { pairs } = pairPostIl2Samples(
      protocol,
      withCycles(paired, firstIfn.get(subjectId) ?? null, protocol.cycle.lengthDays),
    );
    pairCount += pairs.length;
    const progressedOn = progressionOf.get(subjectId);
    const progressionFrom = progressedOn ? addDays(progressedOn, -halfCycle) : null;
    for (const pair of chosenPairs(pairs, progressionFrom)) chosen[pair.state].push(pair.pair);
  }
  if (pairCount === 0)
    return { notComputed: "no post-IL-2 marker sample pairs with a pre-IL-2 sample" };
  const comparisons: PairedComparison[] = [];
  for (const state of ["clinical benefit", "progression"] as const) {
    const ofState = chosen[state];
    for (const analyte of protocol.markers.analytes) {
      const selected = ofState.filter((pair) => pair.analyte === analyte).map(asPair);
      push(
        comparisons,
        pairedComparison(`${analyte}, ${state}`, ["pre-IL-2", "post-IL-2"], selected),
      );
    }
    push(
      comparisons,
      pairedComparison(`pooled, ${state}`, ["pre-IL-2", "post-IL-2"], pooled(ofState)),
    );
  }
  return comparisons.length > 0
    ? comparisons
    : { notComputed: "fewer than two subjects with a pre/post pair in either state" };
}

/**
 * One subject's pair per marker and state: the first in clinical benefit, the last at
 * progression (a post draw on or after `progressionFrom`), in order of their first post draw.
 */
function chosenPairs(
  pairs: readonly PostIl2Sample[],
  progressionFrom: PlainDate | null,
): { state: State; pair: PostIl2Sample }[] {
  const chosen = new Map<string, { state: State; pair: PostIl2Sample }>();
  for (const pair of [...pairs].sort((a, b) => inTimeOrder(a.postDrawnAt, b.postDrawnAt))) {
    const state: State =
      progressionFrom !== null && dateOfInstant(pair.postDrawnAt) >= progressionFrom
        ? "progression"
        : "clinical benefit";
    const key = `${pair.analyte}\u0000${state}`;
    const known = chosen.get(key);
    if (!known) chosen.set(key, { state, pair });
    else if (state === "progression") known.pair = pair;
  }
  return [...chosen.values()];
}

/**
 * Samples without a recorded cycle get the cycle of their draw date, counted from the subject's
 * first IFN-β dose (cycle 1 day 1) by the protocol's cycle length; recorded cycles are kept.
 */
function withCycles(
  results: LabResultRecord[],
  cycleOneDayOne: PlainDate | null,
  cycleLengthDays: number,
): LabResultRecord[] {
  if (cycleOneDayOne === null) return results;
  return results.map((r) =>
    r.cycle == null
      ? {
          ...r,
          cycle: cycleWeekOfDate(cycleOneDayOne, dateOfInstant(r.drawnAt), cycleLengthDays).cycle,
        }
      : r,
  );
}

function asPair(pair: PostIl2Sample) {
  return { subjectId: pair.subjectId, first: pair.preStandardized, second: pair.postStandardized };
}

/** Per subject, the mean standardized pre and post value over her markers. */
function pooled(pairs: PostIl2Sample[]): PairedComparison["pairs"] {
  return [...recordsBySubject(pairs).entries()].map(([subjectId, list]) => ({
    subjectId,
    first: list.reduce((sum, p) => sum + p.preStandardized, 0) / list.length,
    second: list.reduce((sum, p) => sum + p.postStandardized, 0) / list.length,
  }));
}

function push(list: PairedComparison[], comparison: PairedComparison | NotComputed): void {
  if (!("notComputed" in comparison)) list.push(comparison);
}
