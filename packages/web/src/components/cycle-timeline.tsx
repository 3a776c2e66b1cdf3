import * as Plot from "@observablehq/plot";
import type { StoredRecord, SubjectCharts } from "../api-types";
import { PlotFigure } from "./plot-figure";

const day = 86_400_000;
/** Fills of the phases, in the protocol's order (a rest phase is grey). */
const phaseFills = ["#cfe3f7", "#f8e3a6", "#d9ead3", "#f4cccc"];
const restFill = "#eeeeee";

/**
 * The subject's cycles as rows, with the protocol's phases (from GET /api/subjects/{id}/charts)
 * and what happened in each: administrations, draws and response assessments, by day of cycle.
 */
export function CycleTimeline({
  cycles: layout,
  administrations,
  samples,
  assessments,
}: {
  cycles: SubjectCharts["cycles"] | undefined;
  administrations: StoredRecord[];
  samples: StoredRecord[];
  assessments: StoredRecord[];
}) {
  if (!layout) return <p className="loading">Loading the cycles…</p>;
  const { startDate, lengthDays } = layout;
  const phases = layout.phases.map((phase, index) => ({
    ...phase,
    fill: phase.drugs.length === 0 ? restFill : phaseFills[index % phaseFills.length],
  }));
  const origin = Date.parse(`${startDate}T00:00:00Z`);
  const place = (instant: string, kind: string, label: string) => {
    const days = (Date.parse(instant) - origin) / day;
    const cycle = Math.floor(days / lengthDays) + 1;
    return { cycle, dayOfCycle: days - (cycle - 1) * lengthDays, kind, label };
  };
  const events = [
    ...administrations
      .filter((dose) => dose.givenAt || dose.scheduledDate)
      .map((dose) =>
        place(
          dose.givenAt ?? `${dose.scheduledDate}T12:00:00Z`,
          `${dose.drug} ${dose.status}`,
          `${dose.drug} ${dose.status} ${dose.givenAt ?? dose.scheduledDate}`,
        ),
      ),
    ...samples.map((sample) =>
      place(sample.drawnAt, `${sample.relation} draw`, `${sample.relation} draw ${sample.drawnAt}`),
    ),
    ...assessments.map((a) =>
      place(`${a.assessedOn}T12:00:00Z`, "assessment", `${a.overallResponse} on ${a.assessedOn}`),
    ),
  ].filter((event) => event.cycle >= 1);
  const cycles = Math.max(1, ...events.map((event) => event.cycle));
  const rows = Array.from({ length: cycles }, (_, i) => i + 1);
  const weeks = Array.from({ length: lengthDays / 7 + 1 }, (_, i) => i * 7);
  const phaseText = phases
    .map((phase) => `${phase.name} days ${phase.fromDay + 1}–${phase.toDay}`)
    .join(", ");
  return (
    <PlotFigure
      caption={`Cycles of ${lengthDays} days from ${startDate}: ${phaseText}; marks show doses, draws and assessments`}
      draw={() =>
        Plot.plot({
          width: 760,
          height: 60 + cycles * 36,
          marginLeft: 70,
          x: { domain: [0, lengthDays], label: "day of cycle", ticks: weeks },
          y: { domain: rows, label: null, tickFormat: (c: number) => `cycle ${c}` },
          color: { legend: true },
          symbol: { legend: false },
          marks: [
            // One mark per phase with a constant fill, so the colour scale stays the events'.
            ...phases.map((phase) =>
              Plot.barX(rows, {
                x1: phase.fromDay,
                x2: phase.toDay,
                y: (cycle: number) => cycle,
                fill: phase.fill,
                inset: 2,
              }),
            ),
            Plot.dot(events, {
              x: "dayOfCycle",
              y: "cycle",
              stroke: "kind",
              symbol: "kind",
              r: 4,
              title: "label",
            }),
          ],
        })
      }
    />
  );
}
