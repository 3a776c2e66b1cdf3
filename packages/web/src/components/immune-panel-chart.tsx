import * as Plot from "@observablehq/plot";
import type { StoredRecord } from "../api-types";
import { PlotFigure } from "./plot-figure";

/** The immune panel over time, one small chart per analyte (their units differ). */
export function ImmunePanelChart({
  panel,
  samples,
  labResults,
}: {
  /** The analytes of the catalogue's immune panel. */
  panel: readonly string[];
  samples: StoredRecord[];
  labResults: StoredRecord[];
}) {
  const drawnAt = new Map(samples.map((sample) => [sample.id, new Date(sample.drawnAt)]));
  const series = panel
    .map((analyte) => ({
      analyte,
      points: labResults
        .filter(
          (r) => r.analyte === analyte && typeof r.value === "number" && drawnAt.has(r.sampleId),
        )
        .map((r) => ({
          date: drawnAt.get(r.sampleId)!,
          value: r.value as number,
          unit: r.unit as string,
        }))
        .sort((a, b) => a.date.getTime() - b.date.getTime()),
    }))
    .filter((each) => each.points.length > 0);
  if (series.length === 0) return <p className="empty">No immune-panel results yet.</p>;
  return (
    <div className="small-multiples">
      {series.map(({ analyte, points }) => (
        <PlotFigure
          key={analyte}
          caption={`${analyte} (${points[0].unit})`}
          draw={() =>
            Plot.plot({
              width: 250,
              height: 140,
              marginLeft: 44,
              x: { type: "utc", label: null, ticks: 3 },
              y: { label: null, grid: true, zero: true },
              marks: [
                Plot.line(points, { x: "date", y: "value", stroke: "#1f5fa8" }),
                Plot.dot(points, { x: "date", y: "value", fill: "#1f5fa8", r: 3 }),
              ],
            })
          }
        />
      ))}
    </div>
  );
}
