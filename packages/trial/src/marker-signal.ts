import { markerCutoff } from "./marker-cutoff";
import { markerValue } from "./marker-value";
import {
  dateOfInstant,
  daysBetween,
  daysPerMonth,
  inTimeOrder,
  type PlainDate,
} from "./plain-date";
import type { Protocol } from "./protocol-schema";
import type { Instant, LabResultRecord } from "./records";
import { significantChange } from "./reference-change-value";

/** A confirmed marker rise. Never a progression by itself (domain.md §4). */
export interface MarkerSignal {
  subjectId: string;
  analyte: string;
  /** The first rising draw: the date of the signal. */
  drawnAt: Instant;
  /** The draw that confirmed it (the same draw when the protocol asks for no confirmation). */
  confirmedAt: Instant;
  value: number;
  /** Lowest value before the rising draw. */
  nadir: number;
  cutoff: number;
  /** Relative rise over the nadir, and the RCV it exceeded. */
  change: number;
  rcv: number;
}

export interface MarkerSignals {
  /** The first signal of each marker that has one. */
  signals: MarkerSignal[];
  /** The earliest of them: the panel's signal. */
  first: MarkerSignal | null;
  /** Draws that could not be read (missing value, unit, cut-off). */
  problems: string[];
}

/**
 * Marker signals of one subject (domain.md §4, protocol `markers.signal`): for each marker, the
 * first draw whose value rises over the nadir (the lowest earlier value) by more than the RCV
 * and, when `requireAboveCutoff`, lies above the cut-off, confirmed by the next
 * `confirmations` draws meeting the same test against the same nadir. Only draws whose relation
 * is in `signal.relations` count (default pre and routine: post-IL-2 draws carry the cytokine's
 * transient effect). A draw without a relation counts as routine.
 *
 * Linear in the draws of each marker (the nadir is kept as the draws are read), plus their sort.
 *
 * @example
 * markerSignals(seedProtocol, ceaSeries).first; // => { analyte: "CEA", drawnAt: "1993-09-06T08:00:00Z", nadir: 2, value: 6, … }
 */
export function markerSignals(
  protocol: Protocol,
  results: readonly LabResultRecord[],
): MarkerSignals {
  const { relations, requireAboveCutoff, confirmations } = protocol.markers.signal;
  const signals: MarkerSignal[] = [];
  const problems: string[] = [];
  for (const analyte of protocol.markers.analytes) {
    const draws = readableDraws(
      protocol,
      results.filter(
        (r) => r.analyte === analyte && (relations as string[]).includes(r.relation ?? "routine"),
      ),
      problems,
    );
    let nadir = Number.POSITIVE_INFINITY;
    for (let i = 1; i + confirmations < draws.length; i++) {
      nadir = Math.min(nadir, draws[i - 1].value);
      const run = draws.slice(i, i + confirmations + 1);
      if (!run.every((d) => rises(protocol, analyte, nadir, d, requireAboveCutoff))) continue;
      const draw = draws[i];
      const { change, rcv } = significantChange(protocol, analyte, nadir, draw.value, draw.cutoff);
      signals.push({
        subjectId: draw.result.subjectId,
        analyte,
        drawnAt: draw.result.drawnAt,
        confirmedAt: run[run.length - 1].result.drawnAt,
        value: draw.value,
        nadir,
        cutoff: draw.cutoff,
        change,
        rcv,
      });
      break;
    }
  }
  const first = signals.reduce<MarkerSignal | null>(
    (a, s) => (a === null || s.drawnAt < a.drawnAt ? s : a),
    null,
  );
  return { signals, first, problems };
}

/** Whether a draw rises over the nadir by more than the RCV (and above the cut-off if asked). */
function rises(
  protocol: Protocol,
  analyte: string,
  nadir: number,
  draw: { value: number; cutoff: number },
  requireAboveCutoff: boolean,
): boolean {
  return (
    significantChange(protocol, analyte, nadir, draw.value, draw.cutoff).direction === "rise" &&
    (!requireAboveCutoff || draw.value > draw.cutoff)
  );
}

/** Draws in time order with their value and cut-off in the catalogue's unit. */
function readableDraws(
  protocol: Protocol,
  results: readonly LabResultRecord[],
  problems: string[],
): { result: LabResultRecord; value: number; cutoff: number }[] {
  const draws: { result: LabResultRecord; value: number; cutoff: number }[] = [];
  for (const result of [...results].sort((a, b) => inTimeOrder(a.drawnAt, b.drawnAt))) {
    if (result.value === null) continue;
    const value = markerValue(result);
    const cutoff = markerCutoff(protocol, result.analyte, dateOfInstant(result.drawnAt), {
      site: result.siteId,
      assay: result.assay,
    });
    if (!value.ok) problems.push(value.message);
    else if (!cutoff.ok) problems.push(cutoff.message);
    else draws.push({ result, value: value.value, cutoff: cutoff.value });
  }
  return draws;
}

/**
 * Marker lead time: from the signal to the adjudicated progression, in days and months
 * (365.25/12 days). Negative when the markers rose only after progression.
 *
 * @example
 * markerLeadTime(signal, "1994-03-01"); // => { days: 176, months: 5.782… } for a signal on 1993-09-06
 */
export function markerLeadTime(
  signal: MarkerSignal,
  progressedOn: PlainDate,
): { days: number; months: number } {
  const days = daysBetween(dateOfInstant(signal.drawnAt), progressedOn);
  return { days, months: days / daysPerMonth };
}
