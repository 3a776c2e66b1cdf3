import type { HazardRatio } from "@ciclo/trial";
import * as Plot from "@observablehq/plot";
import type { PlotDocument } from "./plot-document";

/** One row of the forest plot: a hazard ratio with its label. */
export interface ForestRow extends HazardRatio {
  label: string;
}

/**
 * Forest plot of hazard ratios with their 95% intervals on a log axis and the line of no
 * effect at 1. Rows are drawn top to bottom in the order given.
 *
 * @example
 * forestPlot([{ label: "PFS unadjusted", model: "unadjusted", term: "control vs treated",
 *   hazardRatio: 2.35, lower: 1.4, upper: 3.9, p: 0.001 }], { document });
 */
export function forestPlot(
  rows: readonly ForestRow[],
  { document, width = 640 }: { document: PlotDocument; width?: number },
): SVGSVGElement | HTMLElement {
  const finite = rows.filter(
    (row) => Number.isFinite(row.lower) && Number.isFinite(row.upper) && row.hazardRatio > 0,
  );
  const low = Math.min(0.5, ...finite.map((row) => row.lower));
  const high = Math.max(2, ...finite.map((row) => row.upper));
  return Plot.plot({
    document,
    width,
    height: 40 + 26 * rows.length,
    marginLeft: 290,
    marginRight: 20,
    x: {
      type: "log",
      domain: [low / 1.1, high * 1.1],
      label: "Hazard ratio (95% CI, log scale)",
      grid: true,
    },
    y: { domain: rows.map((row) => row.label), label: null },
    marks: [
      Plot.ruleX([1], { stroke: "#777", strokeDasharray: "4,3" }),
      Plot.ruleY(finite, { y: "label", x1: "lower", x2: "upper", stroke: "#333" }),
      Plot.dot(finite, { x: "hazardRatio", y: "label", fill: "#1f5fa8", r: 4, symbol: "square" }),
    ],
  });
}
