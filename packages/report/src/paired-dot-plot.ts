import type { PairedComparison } from "@ciclo/trial";
import * as Plot from "@observablehq/plot";
import type { PlotDocument } from "./plot-document";

/**
 * Paired dot plot: each subject's two values joined by a line, the two states side by side,
 * with the medians as thick bars.
 *
 * @example
 * pairedDotPlot(cd4, { document }).outerHTML; // => '<svg …'
 */
export function pairedDotPlot(
  comparison: PairedComparison,
  { document, width = 250 }: { document: PlotDocument; width?: number },
): SVGSVGElement | HTMLElement {
  const [first, second] = comparison.states;
  const points = comparison.pairs.flatMap((pair) => [
    { subjectId: pair.subjectId, state: first, value: pair.first },
    { subjectId: pair.subjectId, state: second, value: pair.second },
  ]);
  const medians = [
    { state: first, value: comparison.medianFirst },
    { state: second, value: comparison.medianSecond },
  ];
  return Plot.plot({
    document,
    width,
    height: 220,
    marginLeft: 50,
    title: comparison.parameter,
    x: { type: "point", domain: [first, second], label: null, padding: 0.4 },
    y: { label: null, grid: true, nice: true },
    marks: [
      Plot.line(points, {
        x: "state",
        y: "value",
        z: "subjectId",
        stroke: "#9aa5b1",
        strokeWidth: 1,
      }),
      Plot.dot(points, { x: "state", y: "value", fill: "#1f5fa8", r: 2.5 }),
      Plot.dot(medians, {
        x: "state",
        y: "value",
        stroke: "#c2452d",
        strokeWidth: 2.5,
        symbol: "diamond",
        r: 7,
      }),
    ],
  });
}
