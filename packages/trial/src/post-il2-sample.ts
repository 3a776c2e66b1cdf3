import { markerCutoff } from "./marker-cutoff";
import { markerValue } from "./marker-value";
import { dateOfInstant, inTimeOrder } from "./plain-date";
import type { Protocol } from "./protocol-schema";
import type { Instant, LabResultRecord } from "./records";
import { type MarkerChange, significantChange } from "./reference-change-value";
import { standardizedValue } from "./standardized-value";

/** A post-IL-2 marker value paired with the pre-IL-2 value of its cycle. */
export interface PostIl2Sample {
  subjectId: string;
  analyte: string;
  cycle: number;
  preDrawnAt: Instant;
  postDrawnAt: Instant;
  preValue: number;
  postValue: number;
  /** Standardized by the protocol's rule (cut-off ratio, or 1 and post ÷ pre for 'baseline'). */
  preStandardized: number;
  postStandardized: number;
  /** (post − pre) / pre, the RCV of the pre value's side of the cut-off, and the verdict. */
  change: number;
  rcv: number;
  classification: MarkerChange;
}

/**
 * Post-IL-2 marker response (domain.md §4): each *post* draw of a marker is paired with the
 * latest *pre* draw of the same marker, subject and cycle drawn before it; the pair's change is
 * classed as a fall, no change or a rise by the RCV. Expected: falls during clinical benefit,
 * rises at progression. Unpairable draws come back as problems. A *post* draw is one the
 * validator accepted inside a window of `postIl2Windows` (anchored to the cycle's first IL-2
 * dose, which the *pre* draw precedes), so pre and post bracket the same dose.
 *
 * @example
 * pairPostIl2Samples(seedProtocol, results).pairs[0];
 * // => { analyte: "CEA", cycle: 2, preValue: 10, postValue: 8, preStandardized: 2, postStandardized: 1.6, change: -0.2, rcv: 0.166…, classification: "fall", … }
 */
export function pairPostIl2Samples(
  protocol: Protocol,
  results: readonly LabResultRecord[],
): { pairs: PostIl2Sample[]; problems: string[] } {
  const pairs: PostIl2Sample[] = [];
  const problems: string[] = [];
  const markers = new Set(protocol.markers.analytes);
  const readable = results.filter((r) => markers.has(r.analyte) && r.value !== null);
  const preDraws = preDrawsByCycle(readable);
  for (const post of readable.filter((r) => r.relation === "post")) {
    const where = `post-IL-2 ${post.analyte} of ${post.subjectId} drawn ${post.drawnAt}`;
    if (post.cycle == null) {
      problems.push(`${where} has no cycle; record the cycle of the sample`);
      continue;
    }
    const pre = (preDraws.get(cycleKey(post)) ?? [])
      .filter((r) => r.drawnAt < post.drawnAt)
      .sort((a, b) => inTimeOrder(b.drawnAt, a.drawnAt))[0];
    if (!pre) {
      problems.push(`${where} has no pre-IL-2 ${post.analyte} in cycle ${post.cycle} before it`);
      continue;
    }
    const pair = comparePair(protocol, pre, post);
    if (typeof pair === "string") problems.push(`${where}: ${pair}`);
    else pairs.push(pair);
  }
  return { pairs, problems };
}

/**
 * The pre-IL-2 draws of each subject, marker and cycle, in input order: each post draw then
 * reads only its own cycle's few pre draws instead of every result (linear, not quadratic).
 */
function preDrawsByCycle(readable: readonly LabResultRecord[]): Map<string, LabResultRecord[]> {
  const grouped = new Map<string, LabResultRecord[]>();
  for (const r of readable) {
    if (r.relation !== "pre" || r.cycle == null) continue;
    const key = cycleKey(r);
    const list = grouped.get(key);
    if (list) list.push(r);
    else grouped.set(key, [r]);
  }
  return grouped;
}

function cycleKey(r: LabResultRecord): string {
  return `${r.subjectId}\u0000${r.analyte}\u0000${r.cycle}`;
}

function comparePair(
  protocol: Protocol,
  pre: LabResultRecord,
  post: LabResultRecord,
): PostIl2Sample | string {
  const preValue = markerValue(pre);
  const postValue = markerValue(post);
  const cutoff = markerCutoff(protocol, pre.analyte, dateOfInstant(pre.drawnAt), {
    site: pre.siteId,
    assay: pre.assay,
  });
  const preStandardized = standardizedValue(protocol, pre, pre);
  const postStandardized = standardizedValue(protocol, post, pre);
  for (const outcome of [preValue, postValue, cutoff, preStandardized, postStandardized])
    if (!outcome.ok) return outcome.message;
  if (!preValue.ok || !postValue.ok || !cutoff.ok || !preStandardized.ok || !postStandardized.ok)
    return "unreadable";
  const { change, rcv, direction } = significantChange(
    protocol,
    pre.analyte,
    preValue.value,
    postValue.value,
    cutoff.value,
  );
  return {
    subjectId: post.subjectId,
    analyte: post.analyte,
    cycle: post.cycle!,
    preDrawnAt: pre.drawnAt,
    postDrawnAt: post.drawnAt,
    preValue: preValue.value,
    postValue: postValue.value,
    preStandardized: preStandardized.value,
    postStandardized: postStandardized.value,
    change,
    rcv,
    classification: direction,
  };
}
