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
  const p: number = section.logRank.p;
  return (
    <section className="panel" aria-label={title}>
      <h2>{title}</h2>
      <PlotFigure
        caption={`Kaplan–Meier ${section.endpoint} by arm, numbers at risk below; log-rank p = ${pValue(p)}`}
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
      {section.hazardRatios.length > 0 && (
        <HazardRatioTable
          caption={`Hazard ratios vs ${section.referenceArm}`}
          hazardRatios={section.hazardRatios}
        />
      )}
    </section>
  );
}

/** One Cox model term as GET /api/analyses gives it (the trial engine's HazardRatio). */
interface HazardRatio {
  model: string;
  term: string;
  // JSON carries a model that did not converge (NaN, infinite bounds) as null.
  hazardRatio: number | null;
  lower: number | null;
  upper: number | null;
  p: number | null;
}

/** The forest plot's numbers, readable without the plot and by screen readers. */
function HazardRatioTable({
  caption,
  hazardRatios,
}: {
  caption: string;
  hazardRatios: HazardRatio[];
}) {
  return (
    <div className="table-scroll">
      <table className="hazard-ratios">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Term</th>
            <th scope="col">Hazard ratio (95% CI)</th>
            <th scope="col">p</th>
          </tr>
        </thead>
        <tbody>
          {hazardRatios.map((hr) => (
            <tr key={`${hr.model} ${hr.term}`}>
              <td>{hr.model}</td>
              <th scope="row">{hr.term}</th>
              <td>
                {hr.hazardRatio === null
                  ? "not estimable"
                  : `${ratio(hr.hazardRatio)} (${ratio(hr.lower)}–${ratio(hr.upper)})`}
              </td>
              <td>{pValue(hr.p)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A ratio to three significant digits (0.512, 1.95, 12.3); an unbounded limit as ∞. */
function ratio(value: number | null): string {
  return value !== null && Number.isFinite(value) ? value.toPrecision(3) : "∞";
}

function pValue(p: number | null): string {
  if (p === null) return "—";
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

function months(value: number | null): string {
  return value === null ? "NR" : value.toFixed(1);
}
