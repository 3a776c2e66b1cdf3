import * as Plot from "@observablehq/plot";
import type { StoredRecord } from "../api-types";
import type { ProtocolView } from "../use-protocol";
import { PlotFigure } from "./plot-figure";

const hour = 3_600_000;

/**
 * Tumor markers over time, each divided by its cut-off (1 = the cut-off line), with the
 * 24–72 h window after each IL-2 dose shaded: the post-IL-2 samples fall in those bands.
 */
export function MarkerChart({
  protocol,
  samples,
  labResults,
  administrations,
}: {
  protocol: ProtocolView;
  samples: StoredRecord[];
  labResults: StoredRecord[];
  administrations: StoredRecord[];
}) {
  const drawnAt = new Map(samples.map((sample) => [sample.id, new Date(sample.drawnAt)]));
  const relation = new Map(samples.map((sample) => [sample.id, sample.relation]));
  const points = labResults
    .filter(
      (result) => protocol.markers.includes(result.analyte) && typeof result.value === "number",
    )
    .map((result) => {
      const cutoff = protocol.cutoffs.find((each) => each.analyte === result.analyte)!;
      return {
        analyte: result.analyte,
        date: drawnAt.get(result.sampleId)!,
        relation: relation.get(result.sampleId),
        standardized: result.value / cutoff.value,
        label: `${result.analyte} ${result.value} ${result.unit} (${(result.value / cutoff.value).toFixed(2)}× cut-off)`,
      };
    })
    .filter((point) => point.date)
    .sort((a, b) => a.date.getTime() - b.date.getTime());
  const windows = administrations
    .filter((dose) => dose.drug === "il-2" && dose.status === "given" && dose.givenAt)
    .map((dose) => {
      const given = new Date(dose.givenAt).getTime();
      return { from: new Date(given + 24 * hour), to: new Date(given + 72 * hour) };
    });
  if (points.length === 0) return <p className="empty">No marker results yet.</p>;
  const cutoffText = protocol.cutoffs.map((c) => `${c.analyte} ${c.value} ${c.unit}`).join(", ");
  return (
    <PlotFigure
      caption={`Tumor markers ÷ cut-off (${cutoffText}); shaded: 24–72 h after each IL-2 dose; hollow: post-IL-2 draws`}
      draw={() =>
        Plot.plot({
          width: 760,
          height: 260,
          marginLeft: 48,
          x: { type: "utc", label: null },
          y: { label: "value ÷ cut-off", grid: true, zero: true },
          color: { legend: true },
          marks: [
            Plot.rectX(windows, { x1: "from", x2: "to", fill: "#f2c14e", fillOpacity: 0.35 }),
            Plot.ruleY([1], { stroke: "#b00020", strokeDasharray: "4 3" }),
            Plot.text([1], {
              y: (d: number) => d,
              text: () => "cut-off",
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
  );
}
