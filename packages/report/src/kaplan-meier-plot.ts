import type { SurvivalComparison } from "@ciclo/trial";
import * as Plot from "@observablehq/plot";
import { armColor, type PlotDocument } from "./plot-document";

export interface KaplanMeierPlotOptions {
  document: PlotDocument;
  width?: number;
  /** Label of the time axis. */
  timeLabel?: string;
}

const marginLeft = 70;
const marginRight = 20;

/**
 * Kaplan–Meier curves of every arm (step functions from S(0) = 1, a tick at each censoring)
 * above their number-at-risk table, both on one time axis so that the counts sit under the
 * times they belong to.
 *
 * @example
 * const figure = kaplanMeierPlot(pfs, { document });
 * figure.outerHTML; // => '<figure class="km">…<svg …>…</svg>…</figure>'
 */
export function kaplanMeierPlot(
  comparison: SurvivalComparison,
  { document, width = 640, timeLabel = "Months" }: KaplanMeierPlotOptions,
): HTMLElement {
  const lastTime = Math.max(...comparison.riskTimes, ...comparison.curves.flatMap(lastStep));
  const xDomain = [0, lastTime];
  const arms = comparison.curves.map((curve) => curve.arm);
  const color = {
    domain: arms,
    range: arms.map((arm, i) => armColor(arm, i)),
    legend: true,
  };
  const steps = comparison.curves.flatMap((curve) => [
    { arm: curve.arm, time: 0, surv: 1 },
    ...curve.steps.map((step) => ({ arm: curve.arm, time: step.time, surv: step.surv })),
  ]);
  const censored = comparison.curves.flatMap((curve) =>
    curve.steps
      .filter((step) => step.nCensor > 0)
      .map((step) => ({ arm: curve.arm, time: step.time, surv: step.surv })),
  );
  const curvePlot = Plot.plot({
    document,
    width,
    height: 300,
    marginLeft,
    marginRight,
    x: { domain: xDomain, label: timeLabel, grid: true },
    y: { domain: [0, 1], label: `${comparison.endpoint} probability`, grid: true },
    color,
    marks: [
      Plot.line(steps, { x: "time", y: "surv", stroke: "arm", curve: "step-after" }),
      Plot.dot(censored, { x: "time", y: "surv", stroke: "arm", symbol: "plus", r: 3 }),
      Plot.ruleY([0.5], { stroke: "#999", strokeDasharray: "3,3" }),
    ],
  });
  const riskRows = comparison.curves.flatMap((curve) =>
    comparison.riskTimes.map((time, i) => ({ arm: curve.arm, time, nRisk: curve.nRiskAt[i] })),
  );
  const riskTable = Plot.plot({
    document,
    width,
    height: 30 + 20 * arms.length,
    marginLeft,
    marginRight,
    marginTop: 24,
    x: { domain: xDomain, axis: null },
    y: { domain: arms, label: null, tickSize: 0 },
    color: { domain: arms, range: color.range },
    marks: [
      Plot.text(riskRows, { x: "time", y: "arm", text: "nRisk", fill: "arm" }),
      Plot.text(["Number at risk"], { frameAnchor: "top-left", dx: -marginLeft, dy: -20 }),
    ],
  });
  const figure = document.createElement("figure");
  figure.setAttribute("class", "km");
  figure.append(curvePlot, riskTable);
  return figure;
}

function lastStep(curve: SurvivalComparison["curves"][number]): number[] {
  return curve.steps.length > 0 ? [curve.steps[curve.steps.length - 1].time] : [];
}
