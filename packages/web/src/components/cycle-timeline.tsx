import * as Plot from "@observablehq/plot";
import type { StoredRecord } from "../api-types";
import { PlotFigure } from "./plot-figure";

const day = 86_400_000;
const phases = [
  { name: "IFN-β", from: 0, to: 28, fill: "#cfe3f7" },
  { name: "IL-2", from: 28, to: 56, fill: "#f8e3a6" },
  { name: "rest", from: 56, to: 70, fill: "#eeeeee" },
];

/**
 * The subject's cycles as rows of 10 weeks (IFN-β weeks 1–4, IL-2 weeks 5–8, rest 9–10) with
 * what happened in each: administrations, draws and response assessments, by day of cycle.
 */
export function CycleTimeline({
  subject,
  administrations,
  samples,
  assessments,
}: {
  subject: StoredRecord;
  administrations: StoredRecord[];
  samples: StoredRecord[];
  assessments: StoredRecord[];
}) {
  const start = subject.firstIfnDate ?? subject.enrolmentDate;
  const origin = Date.parse(`${start}T00:00:00Z`);
  const place = (instant: string, kind: string, label: string) => {
    const days = (Date.parse(instant) - origin) / day;
    return {
      cycle: Math.floor(days / 70) + 1,
      dayOfCycle: days - Math.floor(days / 70) * 70,
      kind,
      label,
    };
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
  return (
    <PlotFigure
      caption={`Cycles from ${start}: IFN-β weeks 1–4 (blue), IL-2 weeks 5–8 (yellow), rest weeks 9–10; marks show doses, draws and assessments`}
      draw={() =>
        Plot.plot({
          width: 760,
          height: 60 + cycles * 36,
          marginLeft: 70,
          x: {
            domain: [0, 70],
            label: "day of cycle",
            ticks: [0, 7, 14, 21, 28, 35, 42, 49, 56, 63, 70],
          },
          y: { domain: rows, label: null, tickFormat: (c: number) => `cycle ${c}` },
          color: { legend: true },
          symbol: { legend: false },
          marks: [
            // One mark per phase with a constant fill, so the colour scale stays the events'.
            ...phases.map((phase) =>
              Plot.barX(rows, {
                x1: phase.from,
                x2: phase.to,
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
