import { cutoffRatio } from "./cutoff-ratio";
import type { MarkerCutoff } from "./marker-cutoff";
import { dateOfInstant, daysBetween, inTimeOrder, type PlainDate } from "./plain-date";
import { planForSubject } from "./plan-for-subject";
import type { Phase, Protocol } from "./protocol-schema";
import type { Instant, LabResultRecord, SampleRelation, SubjectRecord } from "./records";
import { standardizedValue } from "./standardized-value";
import type { SubjectEvents } from "./validate-events";

type MarkerCutoffFound = Extract<MarkerCutoff, { ok: true }>;

/** One marker draw as a chart shows it: standardized, with the cut-off it was read against. */
export interface MarkerChartPoint {
  analyte: string;
  drawnAt: Instant;
  relation: SampleRelation | null;
  cycle: number | null;
  /** The value in the catalogue's unit. */
  value: number;
  unit: string;
  /** By the protocol's `markers.standardization`: ÷ cut-off, or ÷ the cycle's pre-IL-2 value. */
  standardized: number;
  /** The cut-off of the draw's site, assay and date; null when the protocol has none. */
  cutoff: { value: number; unit: string; site: string; assay: string; validFrom: PlainDate } | null;
}

/** A post-IL-2 sampling window of the subject's plan. */
export interface PostIl2Window {
  cycle: number;
  il2At: Instant;
  opensAt: Instant;
  closesAt: Instant;
}

export interface MarkerChart {
  standardization: Protocol["markers"]["standardization"];
  points: MarkerChartPoint[];
  postIl2Windows: PostIl2Window[];
  /** Draws that could not be drawn, and why. */
  problems: string[];
}

/**
 * What a subject's tumor-marker chart draws, by the protocol's rules:
 * - each marker draw standardized by `standardizedValue` (÷ the cut-off valid on its date for its
 *   site and assay, or ÷ the latest pre-IL-2 value of its cycle under 'baseline'), with the
 *   cut-off used;
 * - the post-IL-2 windows of the subject's plan (`planForSubject`): `minHoursAfter`–
 *   `maxHoursAfter` after the IL-2 doses `sampling.post.afterDoses` names, placed at the time a
 *   dose was recorded as given, through the cycle of the last record.
 *
 * @example
 * markerChart(seedProtocol, { subject, administrations, labResults }).postIl2Windows[0];
 * // => { cycle: 1, il2At: "2025-02-03T08:00:00Z", opensAt: "2025-02-04T08:00:00Z", closesAt: "2025-02-06T08:00:00Z" }
 */
export function markerChart(protocol: Protocol, events: SubjectEvents): MarkerChart {
  const markers = new Set(protocol.markers.analytes);
  const draws = (events.labResults ?? [])
    .filter((r) => markers.has(r.analyte) && r.value !== null)
    .sort((a, b) => inTimeOrder(a.drawnAt, b.drawnAt));
  const points: MarkerChartPoint[] = [];
  const problems: string[] = [];
  for (const draw of draws) {
    const standardized = standardizedValue(protocol, draw, baselineOf(draw, draws));
    const read = cutoffRatio(protocol, draw);
    if (!standardized.ok) {
      problems.push(`${draw.analyte} of ${draw.drawnAt}: ${standardized.message}`);
      continue;
    }
    if (!read.ok && protocol.markers.standardization === "cutoff") {
      problems.push(`${draw.analyte} of ${draw.drawnAt}: ${read.message}`);
      continue;
    }
    points.push({
      analyte: draw.analyte,
      drawnAt: draw.drawnAt,
      relation: draw.relation ?? null,
      cycle: draw.cycle ?? null,
      value: read.ok ? read.value : (draw.value as number),
      unit: read.ok ? read.cutoff.unit : draw.unit,
      standardized: standardized.value,
      cutoff: read.ok ? cutoffUsed(read.cutoff) : null,
    });
  }
  return {
    standardization: protocol.markers.standardization,
    points,
    postIl2Windows: postIl2Windows(protocol, events, draws),
    problems,
  };
}

function cutoffUsed({ value, unit, site, assay, validFrom }: MarkerCutoffFound) {
  return { value, unit, site, assay, validFrom };
}

/** The latest pre-IL-2 draw of the same marker and cycle, at or before `draw`. */
function baselineOf(
  draw: LabResultRecord,
  inOrder: readonly LabResultRecord[],
): LabResultRecord | undefined {
  if (draw.cycle == null) return undefined;
  return inOrder
    .filter(
      (other) =>
        other.relation === "pre" &&
        other.analyte === draw.analyte &&
        other.cycle === draw.cycle &&
        inTimeOrder(other.drawnAt, draw.drawnAt) <= 0,
    )
    .at(-1);
}

function postIl2Windows(
  protocol: Protocol,
  events: SubjectEvents,
  draws: readonly LabResultRecord[],
): PostIl2Window[] {
  const { subject } = events;
  if (!protocol.arms.some((arm) => arm.code === subject.arm)) return [];
  const start = subject.firstIfnDate ?? subject.enrolmentDate;
  const last = [
    start,
    ...draws.map((draw) => dateOfInstant(draw.drawnAt)),
    ...(events.administrations ?? []).flatMap((a) =>
      a.givenAt ? [dateOfInstant(a.givenAt)] : a.scheduledDate ? [a.scheduledDate] : [],
    ),
  ]
    .sort()
    .at(-1) as PlainDate;
  const cycles = Math.floor(daysBetween(start, last) / protocol.cycle.lengthDays) + 1;
  return planForSubject(protocol, events, { cycles })
    .samplingWindows.filter((window) => window.relation === "post")
    .map(({ cycle, il2At, opensAt, closesAt }) => ({ cycle, il2At, opensAt, closesAt }));
}

/** The cycle as a timeline draws it: its length and its phases in days from the cycle's start. */
export interface CycleLayout {
  /** Cycle 1 day 1: the first IFN-β dose, or enrolment while none is recorded. */
  startDate: PlainDate;
  lengthDays: number;
  /** `fromDay` inclusive, `toDay` exclusive, counted from 0. */
  phases: { name: string; fromDay: number; toDay: number; drugs: Phase["drugs"] }[];
}

/**
 * The protocol's cycle for a subject's timeline: cycle 1 day 1 (as `planForSubject` starts it),
 * the cycle length and each phase's days.
 *
 * @example
 * cycleLayout(seedProtocol, subject).phases[1]; // => { name: "IL-2", fromDay: 28, toDay: 56, drugs: ["il-2"] }
 */
export function cycleLayout(protocol: Protocol, subject: SubjectRecord): CycleLayout {
  return {
    startDate: subject.firstIfnDate ?? subject.enrolmentDate,
    lengthDays: protocol.cycle.lengthDays,
    phases: protocol.cycle.phases.map((phase) => ({
      name: phase.name,
      fromDay: (phase.firstWeek - 1) * 7,
      toDay: phase.lastWeek * 7,
      drugs: phase.drugs,
    })),
  };
}
