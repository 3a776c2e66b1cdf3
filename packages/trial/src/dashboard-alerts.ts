import { analytes } from "./analytes";
import { cutoffRatio } from "./cutoff-ratio";
import { type MarkerSignal, markerSignals } from "./marker-signal";
import { dateOfInstant, inTimeOrder } from "./plain-date";
import { type PostIl2Sample, pairPostIl2Samples } from "./post-il2-sample";
import type { Protocol } from "./protocol-schema";
import type { LabResultRecord, SubjectRecord } from "./records";
import { recordsBySubject } from "./records-by-subject";
import { tregIncrease } from "./treg-increase";

export type AlertKind = "markerSignal" | "tregIncrease" | "postIl2Rise";

/** An alert for the site: what turned, for whom, on which draw, said in words. */
export interface DashboardAlert {
  kind: AlertKind;
  subjectId: string;
  analyte: string;
  drawnAt: string;
  message: string;
}

/**
 * The alerts of the dashboard: the trial engine's own rules (domain.md §4), run on each
 * subject's results, so that the site sees what the analyses will find.
 *
 * - `markerSignal`: the first signal of each marker by `markerSignals` (a rise over the nadir
 *   beyond the RCV, above the cut-off, confirmed), dated by the confirming draw;
 * - `tregIncrease`: the confirmed increase over k × the clinical-benefit baseline by
 *   `tregIncrease`, dated by the confirming draw;
 * - `postIl2Rise`: a post-IL-2 draw that `pairPostIl2Samples` pairs with its cycle's pre-IL-2
 *   draw and classes a rise; or, while the cycle has no pre-IL-2 draw to compare with, a post
 *   draw above its cut-off (the early warning a site needs before the pair is complete).
 *
 * Cut-offs are chosen by `markerCutoff` (site- and assay-specific, `validTo` exclusive). Results
 * carry the subject's `siteId` for that choice.
 *
 * @example
 * dashboardAlerts(seedProtocol, [subject], [{ subjectId: "s1", analyte: "CEA", value: 9,
 *   unit: "ng/mL", drawnAt: "2025-03-05T09:00:00Z", relation: "post", cycle: 1 }]);
 * // => [{ kind: "postIl2Rise", analyte: "CEA", message: "CEA 9 ng/mL after IL-2 is 1.80× its cut-off 5 ng/mL", … }]
 */
export function dashboardAlerts(
  protocol: Protocol,
  subjects: readonly SubjectRecord[],
  results: readonly LabResultRecord[],
): DashboardAlert[] {
  const resultsOf = recordsBySubject(results);
  const alerts: DashboardAlert[] = [];
  for (const subject of subjects) {
    const own = resultsOf.get(subject.subjectId);
    if (!own) continue;
    alerts.push(
      ...markerSignals(protocol, own).signals.map(markerSignalAlert),
      ...postIl2Rises(protocol, own),
      ...tregIncreaseAlerts(protocol, subject, own),
    );
  }
  return alerts.sort((a, b) => inTimeOrder(b.drawnAt, a.drawnAt));
}

/** The catalogue's unit: the engine's values and cut-offs come back in it. */
const unitOf = (analyte: string) => analytes[analyte]?.unit ?? "";

const percent = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;

function markerSignalAlert(signal: MarkerSignal): DashboardAlert {
  const unit = unitOf(signal.analyte);
  return {
    kind: "markerSignal",
    subjectId: signal.subjectId,
    analyte: signal.analyte,
    drawnAt: signal.confirmedAt,
    message: `${signal.analyte} rose ${Math.round(signal.change * 100)}% over its nadir ${signal.nadir} ${unit} to ${signal.value} ${unit} on ${dateOfInstant(signal.drawnAt)} (RCV ${percent(signal.rcv)}, cut-off ${signal.cutoff} ${unit}), confirmed on ${dateOfInstant(signal.confirmedAt)}`,
  };
}

function postIl2Rises(protocol: Protocol, results: readonly LabResultRecord[]): DashboardAlert[] {
  const { pairs } = pairPostIl2Samples(protocol, results);
  const paired = new Set(pairs.map((pair) => `${pair.analyte}\u0000${pair.postDrawnAt}`));
  const alerts: DashboardAlert[] = [];
  for (const pair of pairs) {
    if (pair.classification !== "rise") continue;
    const post = results.find(
      (r) => r.analyte === pair.analyte && r.drawnAt === pair.postDrawnAt && r.relation === "post",
    )!;
    alerts.push(pairedRiseAlert(protocol, post, pair));
  }
  for (const post of results) {
    if (post.relation !== "post" || !protocol.markers.analytes.includes(post.analyte)) continue;
    if (paired.has(`${post.analyte}\u0000${post.drawnAt}`)) continue;
    const alert = unpairedRiseAlert(protocol, post);
    if (alert) alerts.push(alert);
  }
  return alerts;
}

/** The post draw's value over its cut-off, e.g. "CEA 9 ng/mL after IL-2 is 1.80× its cut-off 5 ng/mL". */
function aboveCutoff(protocol: Protocol, post: LabResultRecord) {
  const read = cutoffRatio(protocol, post);
  if (!read.ok) return null;
  const { value, ratio, cutoff } = read;
  return {
    ratio,
    words: `${post.analyte} ${value} ${cutoff.unit} after IL-2 is ${ratio.toFixed(2)}× its cut-off ${cutoff.value} ${cutoff.unit}`,
  };
}

function pairedRiseAlert(
  protocol: Protocol,
  post: LabResultRecord,
  pair: PostIl2Sample,
): DashboardAlert {
  const unit = unitOf(pair.analyte);
  const level =
    aboveCutoff(protocol, post)?.words ?? `${pair.analyte} ${pair.postValue} ${unit} after IL-2`;
  return {
    kind: "postIl2Rise",
    subjectId: pair.subjectId,
    analyte: pair.analyte,
    drawnAt: pair.postDrawnAt,
    message: `${level}, up ${Math.round(pair.change * 100)}% from ${pair.preValue} ${unit} before IL-2 in cycle ${pair.cycle} (RCV ${percent(pair.rcv)})`,
  };
}

function unpairedRiseAlert(protocol: Protocol, post: LabResultRecord): DashboardAlert | null {
  const level = aboveCutoff(protocol, post);
  if (!level || level.ratio <= 1) return null;
  return {
    kind: "postIl2Rise",
    subjectId: post.subjectId,
    analyte: post.analyte,
    drawnAt: post.drawnAt,
    message: level.words,
  };
}

function tregIncreaseAlerts(
  protocol: Protocol,
  subject: SubjectRecord,
  results: readonly LabResultRecord[],
): DashboardAlert[] {
  const outcome = tregIncrease(protocol, subject, results);
  if (!outcome.ok || !outcome.increase) return [];
  const { analyte, k } = protocol.treg;
  const { increase, baseline } = outcome;
  const unit = unitOf(analyte);
  return [
    {
      kind: "tregIncrease",
      subjectId: subject.subjectId,
      analyte,
      drawnAt: increase.confirmedAt,
      message: `${analyte} ${round2(increase.value)} ${unit} on ${dateOfInstant(increase.drawnAt)} is ${increase.ratio.toFixed(2)}× its baseline ${round2(baseline)} ${unit} (more than ${k}×), confirmed on ${dateOfInstant(increase.confirmedAt)}`,
    },
  ];
}

const round2 = (value: number) => Number(value.toFixed(2));

/**
 * The analytes the alerts read: the markers, and the Treg analyte with what an absolute Treg
 * count is derived from (its percentage of CD4+, itself from a percentage of the lymphocytes, as
 * `immuneProfiles` derives it).
 *
 * @example
 * alertAnalytes(seedProtocol); // => ["CEA", "CA15-3", "TPA", "TREG", "TREG_PCT", "CD4", "CD4_PCT", "LYMPHOCYTES"]
 */
export function alertAnalytes(protocol: Protocol): string[] {
  const treg =
    protocol.treg.analyte === "TREG"
      ? ["TREG", "TREG_PCT", "CD4", "CD4_PCT", "LYMPHOCYTES"]
      : [protocol.treg.analyte];
  return [...protocol.markers.analytes, ...treg];
}
