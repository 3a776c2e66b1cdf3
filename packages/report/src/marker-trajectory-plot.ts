import type { MarkerTrajectory } from "@ciclo/trial";
import * as Plot from "@observablehq/plot";
import type { PlotDocument } from "./plot-document";

const markerColors = { domain: ["CEA", "CA15-3", "TPA"], range: ["#1f5fa8", "#c2452d", "#2a9d8f"] };

/**
 * One subject's standardized markers (value ÷ cut-off) over months from the origin, with the
 * cut-off line at 1, the IL-2 weeks shaded and the progression date marked.
 *
 * @example
 * markerTrajectoryPlot(trajectory, { document }).outerHTML; // => '<svg …'
 */
export function markerTrajectoryPlot(
  trajectory: MarkerTrajectory,
  { document, width = 640 }: { document: PlotDocument; width?: number },
): SVGSVGElement | HTMLElement {
  const progression = trajectory.progressionMonths === null ? [] : [trajectory.progressionMonths];
  return Plot.plot({
    document,
    width,
    height: 220,
    marginLeft: 50,
    title: `${trajectory.label} (${trajectory.arm})`,
    x: { label: "Months from the first IFN-β dose", grid: true },
    y: { label: "Value ÷ cut-off", grid: true, nice: true },
    color: { ...markerColors, legend: true },
    marks: [
      Plot.rectX(trajectory.il2Windows, {
        x1: "start",
        x2: "end",
        fill: "#f2c14e",
        fillOpacity: 0.25,
      }),
      Plot.ruleY([1], { stroke: "#c2452d", strokeDasharray: "5,3" }),
      Plot.ruleX(progression, { stroke: "#333", strokeWidth: 1.5 }),
      Plot.line(trajectory.points, { x: "months", y: "standardized", stroke: "marker" }),
      Plot.dot(trajectory.points, { x: "months", y: "standardized", fill: "marker", r: 2.5 }),
    ],
  });
}
