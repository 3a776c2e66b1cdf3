/**
 * @ciclo/report — the trial report: tables and SVG plots (Kaplan–Meier with risk table, forest
 * plot, marker trajectories, paired dots) and one self-contained HTML document. The same code
 * draws in the browser (real `document`) and on the server (linkedom's `document`).
 *
 * Failure contract: rendering takes analyses that are already computed and cannot fail on user
 * input; a section that could not be computed carries its reason and is printed as such.
 */
export { canonicalChunks, dataSnapshotHash } from "./data-snapshot-hash";
export { type ForestRow, forestPlot } from "./forest-plot";
export { escapeHtml, formatNumber, formatP } from "./format-number";
export { type KaplanMeierPlotOptions, kaplanMeierPlot } from "./kaplan-meier-plot";
export { markerTrajectoryPlot } from "./marker-trajectory-plot";
export { pairedDotPlot } from "./paired-dot-plot";
export { armColor, type PlotDocument } from "./plot-document";
export { type RenderReportOptions, renderReport } from "./render-report";
export { serverDocument } from "./server-document";
export { reportVersion, type TrialReportOptions, trialReport } from "./trial-report";
