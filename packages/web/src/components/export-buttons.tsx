import type { TrialAnalysesView } from "./analysis-page";

/** Downloads: the self-contained HTML report, every number as JSON, and the data as CSV. */
export function ExportButtons({
  query,
  analyses,
}: {
  query: string;
  analyses: TrialAnalysesView | undefined;
}) {
  const saveJson = () => {
    if (!analyses) return;
    const blob = new Blob([JSON.stringify(analyses, null, 2)], { type: "application/json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "ciclo-analyses.json";
    link.click();
    URL.revokeObjectURL(link.href);
  };
  return (
    <fieldset className="export-buttons">
      <legend className="visually-hidden">Export</legend>
      <a
        className="button"
        href={`/api/report.html${query ? `?${query}` : ""}`}
        download="ciclo-report.html"
      >
        Export report (HTML)
      </a>
      <button type="button" onClick={saveJson} disabled={!analyses}>
        Export analyses (JSON)
      </button>
      <a className="button" href="/api/export/subjects" download>
        Export subjects (CSV)
      </a>
      <a className="button" href="/api/export/lab-results" download>
        Export lab results (CSV)
      </a>
    </fieldset>
  );
}
