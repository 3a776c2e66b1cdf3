import { type Protocol, referenceChangeValue } from "@ciclo/trial";

/** One draw's result of one analyte, in time order within a subject. */
export interface AlertDraw {
  subjectId: string;
  analyte: string;
  value: number;
  unit: string;
  drawnAt: string;
  relation: "pre" | "post" | "routine";
  cycle: number | null;
}

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
 * The alerts of the dashboard, computed from the protocol's own rules (domain.md §4):
 *
 * - `markerSignal`: a marker above its cut-off whose rise over the subject's nadir exceeds the
 *   reference change value RCV = z·√2·CV (CV of the level above or below the cut-off), confirmed
 *   by the protocol's number of further draws;
 * - `tregIncrease`: Treg above k × the mean of the first baseline draws, confirmed likewise;
 * - `postIl2Rise`: a marker drawn 24–72 h after IL-2 that is above its cut-off, or above the
 *   cycle's pre-IL-2 value when there is one (standardized as value ÷ cut-off).
 *
 * Values are compared as recorded: the lab-result check already refuses units that do not
 * belong to the analyte. The rules are the site's early warning, not the analysis: the derived
 * outcomes are computed by the trial engine.
 *
 * @example
 * dashboardAlerts(seedProtocol, [{ subjectId: "s1", analyte: "CEA", value: 9, unit: "ng/mL",
 *   drawnAt: "2025-03-05T09:00:00Z", relation: "post", cycle: 1 }]);
 * // => [{ kind: "postIl2Rise", analyte: "CEA", message: "CEA 9 ng/mL after IL-2 is 1.80× its cut-off 5 ng/mL", … }]
 */
export function dashboardAlerts(protocol: Protocol, draws: readonly AlertDraw[]): DashboardAlert[] {
  const bySeries = new Map<string, AlertDraw[]>();
  for (const draw of draws) {
    const key = `${draw.subjectId}\u0000${draw.analyte}`;
    const series = bySeries.get(key) ?? [];
    series.push(draw);
    bySeries.set(key, series);
  }
  const alerts: DashboardAlert[] = [];
  for (const series of bySeries.values()) {
    series.sort((a, b) => a.drawnAt.localeCompare(b.drawnAt));
    const analyte = series[0].analyte;
    if (protocol.markers.analytes.includes(analyte)) {
      alerts.push(...markerSignal(protocol, series), ...postIl2Rises(protocol, series));
    }
    if (analyte === protocol.treg.analyte) alerts.push(...tregIncrease(protocol, series));
  }
  return alerts.sort((a, b) => b.drawnAt.localeCompare(a.drawnAt));
}

function cutoffOf(protocol: Protocol, analyte: string, drawnAt: string) {
  const day = drawnAt.slice(0, 10);
  return protocol.markers.cutoffs.find(
    (cutoff) =>
      cutoff.analyte === analyte &&
      cutoff.validFrom <= day &&
      (cutoff.validTo === null || day <= cutoff.validTo),
  );
}

function markerSignal(protocol: Protocol, series: AlertDraw[]): DashboardAlert[] {
  const risen = (draw: AlertDraw, nadir: number) => {
    const cutoff = cutoffOf(protocol, draw.analyte, draw.drawnAt);
    if (!cutoff) return false;
    const above = draw.value > cutoff.value;
    if (protocol.markers.signal.requireAboveCutoff && !above) return false;
    // The CV of the draw's own level (above or below the cut-off), as the trial engine picks it.
    const rcv = referenceChangeValue(protocol, draw.analyte, draw.value, cutoff.value);
    return nadir > 0 && draw.value / nadir - 1 > rcv;
  };
  const confirmations = protocol.markers.signal.confirmations;
  let nadir = series[0].value;
  for (let index = 1; index + confirmations < series.length; index++) {
    const following = series.slice(index, index + confirmations + 1);
    if (following.every((draw) => risen(draw, nadir))) {
      const first = series[index];
      const confirmedBy = following[following.length - 1];
      const rise = Math.round((first.value / nadir - 1) * 100);
      return [
        {
          kind: "markerSignal",
          subjectId: first.subjectId,
          analyte: first.analyte,
          drawnAt: confirmedBy.drawnAt,
          message: `${first.analyte} rose ${rise}% over its nadir ${nadir} ${first.unit} to ${first.value} ${first.unit}, above the cut-off, confirmed on ${confirmedBy.drawnAt.slice(0, 10)}`,
        },
      ];
    }
    nadir = Math.min(nadir, series[index].value);
  }
  return [];
}

function postIl2Rises(protocol: Protocol, series: AlertDraw[]): DashboardAlert[] {
  const alerts: DashboardAlert[] = [];
  for (const draw of series) {
    if (draw.relation !== "post") continue;
    const cutoff = cutoffOf(protocol, draw.analyte, draw.drawnAt);
    if (!cutoff) continue;
    const standardized = draw.value / cutoff.value;
    const pre = series
      .filter(
        (each) =>
          each.relation === "pre" && each.cycle === draw.cycle && each.drawnAt < draw.drawnAt,
      )
      .at(-1);
    const rose = pre ? draw.value > pre.value : standardized > 1;
    if (!rose || standardized <= 1) continue;
    const versus = pre ? `, up from ${pre.value} ${pre.unit} before IL-2` : "";
    alerts.push({
      kind: "postIl2Rise",
      subjectId: draw.subjectId,
      analyte: draw.analyte,
      drawnAt: draw.drawnAt,
      message: `${draw.analyte} ${draw.value} ${draw.unit} after IL-2 is ${standardized.toFixed(2)}× its cut-off ${cutoff.value} ${cutoff.unit}${versus}`,
    });
  }
  return alerts;
}

function tregIncrease(protocol: Protocol, series: AlertDraw[]): DashboardAlert[] {
  const { k, baselineDraws, confirmations } = protocol.treg;
  if (series.length < baselineDraws + 1 + confirmations) return [];
  const baseline =
    series.slice(0, baselineDraws).reduce((sum, draw) => sum + draw.value, 0) / baselineDraws;
  for (let index = baselineDraws; index + confirmations < series.length; index++) {
    const following = series.slice(index, index + confirmations + 1);
    if (following.every((draw) => draw.value > k * baseline)) {
      const first = series[index];
      return [
        {
          kind: "tregIncrease",
          subjectId: first.subjectId,
          analyte: first.analyte,
          drawnAt: following[following.length - 1].drawnAt,
          message: `${first.analyte} ${first.value} ${first.unit} is more than ${k}× its baseline ${Number(baseline.toFixed(2))} ${first.unit}, confirmed on the next draw`,
        },
      ];
    }
  }
  return [];
}
