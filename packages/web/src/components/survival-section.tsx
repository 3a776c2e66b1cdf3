import { forestPlot, kaplanMeierPlot } from "@ciclo/report";
import { PlotFigure } from "./plot-figure";

/**
 * One survival comparison drawn with the report's own plots (Kaplan–Meier with its risk table,
 * hazard ratios as a forest plot), with medians and the log-rank test; or why it is missing.
 */
export function SurvivalSection({
  title,
  section,
}: {
  title: string;
  // biome-ignore lint/suspicious/noExplicitAny: a SurvivalComparison or NotComputed from the API
  section: any;
}) {
  if (!section || section.notComputed) {
    return (
      <section className="panel">
        <h2>{title}</h2>
        <p className="empty">Not computed: {section?.notComputed ?? "no data"}</p>
      </section>
    );
  }
  const p = section.logRank.p;
  return (
    <section className="panel" aria-label={title}>
      <h2>{title}</h2>
      <PlotFigure
        caption={`Kaplan–Meier ${section.endpoint} by arm, numbers at risk below; log-rank p = ${p < 0.001 ? p.toExponential(1) : p.toFixed(3)}`}
        draw={() => kaplanMeierPlot(section, { document, width: 560 })}
      />
      <table>
        <thead>
          <tr>
            <th scope="col">Arm</th>
            <th scope="col">n</th>
            <th scope="col">Events</th>
            <th scope="col">Median, months (95% CI)</th>
          </tr>
        </thead>
        <tbody>
          {section.curves.map(
            (curve: {
              arm: string;
              n: number;
              events: number;
              median: number | null;
              medianLower: number | null;
              medianUpper: number | null;
            }) => (
              <tr key={curve.arm}>
                <th scope="row">{curve.arm}</th>
                <td>{curve.n}</td>
                <td>{curve.events}</td>
                <td>
                  {months(curve.median)} ({months(curve.medianLower)}–{months(curve.medianUpper)})
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
      {section.hazardRatios.length > 0 && (
        <PlotFigure
          caption={`Hazard ratios vs ${section.referenceArm} (95% CI, log scale)`}
          draw={() =>
            forestPlot(
              section.hazardRatios.map((hr: { model: string; term: string }) => ({
                ...hr,
                label: `${hr.model}: ${hr.term}`,
              })),
              { document, width: 560 },
            )
          }
        />
      )}
    </section>
  );
}

function months(value: number | null): string {
  return value === null ? "NR" : value.toFixed(1);
}
