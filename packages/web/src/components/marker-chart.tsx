import * as Plot from "@observablehq/plot";
import type { SubjectCharts } from "../api-types";
import { PlotFigure } from "./plot-figure";

type Chart = SubjectCharts["markers"];
type Point = Chart["points"][number];

/** "CEA 10 ng/mL": a cut-off as the caption and the labels name it. */
const cutoffText = (point: Point) =>
  point.cutoff ? `${point.analyte} ${point.cutoff.value} ${point.cutoff.unit}` : "";

/**
 * Tumor markers over time as the API standardizes them (÷ the cut-off of the subject's site,
 * assay and date, or ÷ the cycle's pre-IL-2 value), 1 drawn as a line, with the post-IL-2
 * sampling windows of her plan shaded: the post-IL-2 samples fall in those bands.
 */
export function MarkerChart({ chart }: { chart: Chart }) {
  const byCutoff = chart.standardization === "cutoff";
  const reference = byCutoff ? "cut-off" : "pre-IL-2 value";
  const points = chart.points.map((point) => ({
    ...point,
    date: new Date(point.drawnAt),
    label: `${point.analyte} ${point.value} ${point.unit} (${point.standardized.toFixed(2)}× ${
      byCutoff
        ? `cut-off ${point.cutoff?.value} ${point.cutoff?.unit}`
        : "the cycle's pre-IL-2 value"
    })`,
  }));
  const windows = chart.postIl2Windows.map((window) => ({
    from: new Date(window.opensAt),
    to: new Date(window.closesAt),
  }));
  if (points.length === 0) return <p className="empty">No marker results yet.</p>;
  const cutoffsUsed = [...new Set(chart.points.map(cutoffText).filter(Boolean))].join(", ");
  return (
    <>
      <PlotFigure
        caption={`Tumor markers ÷ ${reference}${byCutoff ? ` (cut-offs used: ${cutoffsUsed})` : ""}; shaded: the protocol's post-IL-2 sampling windows; hollow: post-IL-2 draws`}
        draw={() =>
          Plot.plot({
            width: 760,
            height: 260,
            marginLeft: 48,
            x: { type: "utc", label: null },
            y: { label: `value ÷ ${reference}`, grid: true, zero: true },
            color: { legend: true },
            marks: [
              Plot.rectX(windows, { x1: "from", x2: "to", fill: "#f2c14e", fillOpacity: 0.35 }),
              Plot.ruleY([1], { stroke: "#b00020", strokeDasharray: "4 3" }),
              Plot.text([1], {
                y: (d: number) => d,
                text: () => reference,
                frameAnchor: "right",
                dy: -6,
                fill: "#b00020",
              }),
              Plot.line(points, { x: "date", y: "standardized", stroke: "analyte" }),
              Plot.dot(
                points.filter((point) => point.relation !== "post"),
                { x: "date", y: "standardized", fill: "analyte", r: 4, title: "label" },
              ),
              // Post-IL-2 draws are hollow, so the pre/post pairs read at a glance.
              Plot.dot(
                points.filter((point) => point.relation === "post"),
                {
                  x: "date",
                  y: "standardized",
                  stroke: "analyte",
                  fill: "white",
                  strokeWidth: 2,
                  r: 4,
                  title: "label",
                },
              ),
            ],
          })
        }
      />
      {chart.problems.map((problem) => (
        <p key={problem} className="notice" role="note">
          Not drawn: {problem}
        </p>
      ))}
    </>
  );
}
