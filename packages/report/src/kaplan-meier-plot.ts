import type { SurvivalComparison } from "@ciclo/trial";
import * as Plot from "@observablehq/plot";
import { armColor, type PlotDocument } from "./plot-document";

type Curve = SurvivalComparison["curves"][number];
interface CurvePoint {
  arm: string;
  time: number;
  surv: number;
}

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
      stepLines(comparison.curves),
      censorTicks(censored),
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

function lastStep(curve: Curve): number[] {
  return curve.steps.length > 0 ? [curve.steps[curve.steps.length - 1].time] : [];
}

/**
 * The points of one arm's step line: S(0) = 1, each step where S changes, and the last step so
 * that the line runs to the end of follow-up. A step with censorings only keeps S, so its point
 * would only continue the horizontal run: leaving it out draws the same line (at 10,000
 * patients a fifth of the overall-survival steps are such).
 */
export function stepPoints(curve: Curve): CurvePoint[] {
  const points: CurvePoint[] = [{ arm: curve.arm, time: 0, surv: 1 }];
  curve.steps.forEach((step, i) => {
    const changes = step.surv !== points[points.length - 1].surv;
    if (changes || i === curve.steps.length - 1)
      points.push({ arm: curve.arm, time: step.time, surv: step.surv });
  });
  return points;
}

/** Half the arm of Plot's "plus" dot at r = 3 (d3's symbol of size 9π), so the ticks look as before. */
const tickHalf = 4.488;

/** A pixel coordinate rounded as d3-path rounds Plot's lines (three decimals by default). */
function px(value: number, digits = 3): string {
  const scale = 10 ** digits;
  return String(Math.round(value * scale) / scale);
}

const svgNamespace = "http://www.w3.org/2000/svg";

/**
 * The arms' step lines, as Plot's line mark with curve "step-after" draws them (same group
 * attributes, same vertices to three decimals), written as H/V moves: d3 writes every corner
 * as a full "L x,y" pair, twice per step, which at 10,000 patients is half of the plot's bytes.
 */
function stepLines(curves: readonly Curve[]): Plot.RenderFunction {
  return (_index, scales, _values, _dimensions, context) => {
    const group = context.document.createElementNS(svgNamespace, "g");
    const attributes = {
      "stroke-linecap": "round",
      "stroke-linejoin": "round",
      "stroke-width": "1.5",
      fill: "none",
      "aria-label": "line",
    };
    for (const [name, value] of Object.entries(attributes)) group.setAttribute(name, value);
    for (const curve of curves) {
      const [start, ...rest] = stepPoints(curve).map((point) => ({
        x: px(scales.x?.(point.time) as number),
        y: px(scales.y?.(point.surv) as number),
      }));
      const path = context.document.createElementNS(svgNamespace, "path");
      path.setAttribute("d", `M${start.x},${start.y}${rest.map((p) => `H${p.x}V${p.y}`).join("")}`);
      path.setAttribute("stroke", scales.color?.(curve.arm) as string);
      group.appendChild(path);
    }
    return group;
  };
}

/**
 * A "+" at each censoring time, on the curve, in the arm's color. Plot's dot mark writes each
 * tick as a symbol path with its own color and a full-precision translate (about 120 bytes, and
 * over a thousand ticks per arm at 10,000 patients); here each is a short absolute path in one
 * group per arm. The ticks stay separate elements, so where they overlap they blend as before.
 */
function censorTicks(censored: CurvePoint[]): Plot.RenderFunction {
  return (_index, scales, _values, _dimensions, context) => {
    const group = context.document.createElementNS(svgNamespace, "g");
    group.setAttribute("aria-label", "censored");
    group.setAttribute("fill", "none");
    group.setAttribute("stroke-width", "1.5");
    const armGroups = new Map<string, Element>();
    for (const point of censored) {
      let armGroup = armGroups.get(point.arm);
      if (!armGroup) {
        armGroup = context.document.createElementNS(svgNamespace, "g");
        armGroup.setAttribute("stroke", scales.color?.(point.arm) as string);
        armGroups.set(point.arm, group.appendChild(armGroup));
      }
      const x = scales.x?.(point.time) as number;
      const y = scales.y?.(point.surv) as number;
      const tick = context.document.createElementNS(svgNamespace, "path");
      // Four decimals: at three, Chromium's anti-aliasing of a few tick edges changes.
      const [left, top] = [px(x - tickHalf, 4), px(y - tickHalf, 4)];
      tick.setAttribute(
        "d",
        `M${left},${px(y, 4)}h${tickHalf * 2}M${px(x, 4)},${top}v${tickHalf * 2}`,
      );
      armGroup.appendChild(tick);
    }
    return group;
  };
}
