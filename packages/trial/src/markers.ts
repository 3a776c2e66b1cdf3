import { daysBetween, daysPerMonth, type PlainDate } from "./plain-date";
import { cutoffOn, type Protocol } from "./protocol";

/** One marker value at one draw, in the catalogue unit. */
export interface MarkerDraw {
  drawnAt: string;
  value: number;
  assay?: string | null;
  relation?: "pre" | "post" | "routine";
  cycle?: number | null;
}

/**
 * The reference change value of a marker at a level: RCV = z·√2·CV, where CV is the protocol's
 * total CV (analytical and within-person combined, so √(CVa² + CVi²) is already taken), the one
 * for results below or above the cut-off. Returned as a fraction (0.427 = 42.7%).
 *
 * @example
 * referenceChangeValue(seedProtocol, "CEA", 3); // => 1.96·√2·0.154 = 0.42688…
 */
export function referenceChangeValue(
  protocol: Protocol,
  analyte: string,
  level: number,
  date = "9999-12-31",
): number {
  const cv = protocol.markers.rcv.totalCv[analyte];
  if (!cv)
    throw new RangeError(
      `the protocol gives no CV for ${analyte}; add it under markers.rcv.totalCv`,
    );
  const cutoff = cutoffOn(protocol, analyte, date);
  const above = cutoff !== undefined && level > cutoff.value;
  return protocol.markers.rcv.z * Math.SQRT2 * (above ? cv.aboveCutoff : cv.belowCutoff);
}

/**
 * A marker value divided by its cut-off (default) or by the patient's own pre-IL-2 value: > 1
 * means above. Lets CEA, CA 15-3 and TPA be pooled.
 *
 * @example
 * standardizedValue(seedProtocol, "CEA", 7.5, "2024-01-01"); // => 1.5 (cut-off 5 ng/mL)
 */
export function standardizedValue(
  protocol: Protocol,
  analyte: string,
  value: number,
  date: PlainDate,
  { baseline, assay }: { baseline?: number; assay?: string } = {},
): number {
  if (protocol.markers.standardization === "baseline") {
    if (!baseline)
      throw new RangeError("baseline standardization needs the patient's pre-IL-2 value");
    return value / baseline;
  }
  const cutoff = cutoffOn(protocol, analyte, date, assay);
  if (!cutoff)
    throw new RangeError(`no cut-off for ${analyte} on ${date}; add one to markers.cutoffs`);
  return value / cutoff.value;
}

/** Whether the change from `from` to `to` exceeds the RCV at the `from` level. */
export function isSignificantChange(
  protocol: Protocol,
  analyte: string,
  from: number,
  to: number,
): boolean {
  return Math.abs(to - from) / from > referenceChangeValue(protocol, analyte, from);
}

export interface MarkerSignal {
  analyte: string;
  /** The draw at which the rise is first seen (the signal date). */
  drawnAt: string;
  value: number;
  nadir: number;
  confirmedAt?: string;
}

/**
 * The first marker signal: a rise over the patient's nadir (lowest value so far) beyond the RCV,
 * above the cut-off, and — by default — confirmed by the next draw also meeting both conditions.
 * A signal never counts as progression by itself.
 */
export function markerSignal(
  protocol: Protocol,
  analyte: string,
  draws: MarkerDraw[],
): MarkerSignal | undefined {
  const ordered = [...draws].sort((a, b) => a.drawnAt.localeCompare(b.drawnAt));
  let nadir = Number.POSITIVE_INFINITY;
  const rises = (draw: MarkerDraw, against: number) => {
    const cutoff = cutoffOn(protocol, analyte, draw.drawnAt.slice(0, 10), draw.assay ?? undefined);
    const aboveCutoff = cutoff !== undefined && draw.value > cutoff.value;
    return (
      aboveCutoff &&
      (draw.value - against) / against > referenceChangeValue(protocol, analyte, against)
    );
  };
  for (const [index, draw] of ordered.entries()) {
    if (Number.isFinite(nadir) && rises(draw, nadir)) {
      if (!protocol.markers.signal.confirmOnNextDraw)
        return { analyte, drawnAt: draw.drawnAt, value: draw.value, nadir };
      const next = ordered[index + 1];
      if (next && rises(next, nadir)) {
        return {
          analyte,
          drawnAt: draw.drawnAt,
          value: draw.value,
          nadir,
          confirmedAt: next.drawnAt,
        };
      }
    }
    nadir = Math.min(nadir, draw.value);
  }
  return undefined;
}

/** Months from a marker signal to the adjudicated progression (negative if the signal came later). */
export function markerLeadTimeMonths(signal: MarkerSignal, progressionDate: PlainDate): number {
  return daysBetween(signal.drawnAt.slice(0, 10), progressionDate) / daysPerMonth;
}

export interface PostIl2Pair {
  cycle: number;
  pre: MarkerDraw;
  post: MarkerDraw;
  /** post / pre of the standardized values (equal to the raw ratio under cut-off standardization). */
  ratio: number;
  change: "fall" | "no change" | "rise";
}

/**
 * Pairs each post-IL-2 draw with the latest pre-IL-2 draw of the same cycle taken before it, and
 * classifies the change: within 1 ± `markers.postIl2ChangeFraction` is "no change".
 */
export function pairPostIl2Samples(protocol: Protocol, draws: MarkerDraw[]): PostIl2Pair[] {
  const band = protocol.markers.postIl2ChangeFraction;
  const pairs: PostIl2Pair[] = [];
  for (const post of draws.filter((draw) => draw.relation === "post")) {
    const pre = draws
      .filter(
        (draw) =>
          draw.relation === "pre" && draw.cycle === post.cycle && draw.drawnAt < post.drawnAt,
      )
      .sort((a, b) => b.drawnAt.localeCompare(a.drawnAt))[0];
    if (!pre || post.cycle == null) continue;
    const ratio = post.value / pre.value;
    const change = ratio < 1 - band ? "fall" : ratio > 1 + band ? "rise" : "no change";
    pairs.push({ cycle: post.cycle, pre, post, ratio, change });
  }
  return pairs.sort((a, b) => a.post.drawnAt.localeCompare(b.post.drawnAt));
}
