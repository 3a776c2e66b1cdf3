import {
  type BiasCheck,
  type GroupComparison,
  type HazardRatio,
  isNotComputed,
  type LocationShift,
  type NotComputed,
  type PairedComparison,
  type SurvivalComparison,
  type TrialAnalyses,
} from "@ciclo/trial";
import { type ForestRow, forestPlot } from "./forest-plot";
import { escapeHtml, formatNumber, formatP } from "./format-number";
import { kaplanMeierPlot } from "./kaplan-meier-plot";
import { markerTrajectoryPlot } from "./marker-trajectory-plot";
import { pairedDotPlot } from "./paired-dot-plot";
import type { PlotDocument } from "./plot-document";
import { reportStyle } from "./report-style";

export interface RenderReportOptions {
  document: PlotDocument;
  /** Shown in the footer only when given, so that the same data give the same bytes. */
  generatedAt?: string;
  /** Subjects whose marker trajectories are drawn (default: the first two treated ones). */
  trajectoryCount?: number;
}

/**
 * The trial report as one self-contained HTML document: inline CSS and SVG, no script, no
 * network. The same analyses always give the same bytes (no clock is read).
 *
 * @example
 * const html = renderReport(analyses, { document: parseHTML("<html></html>").document });
 */
export function renderReport(analyses: TrialAnalyses, options: RenderReportOptions): string {
  const sections = [
    titleBlock(analyses),
    summarySection(analyses),
    flowSection(analyses),
    survivalSection(analyses, options),
    immuneSection(analyses, options),
    markerSection(analyses, options),
    tregSection(analyses),
    leadTimeSection(analyses),
    multiplicitySection(analyses),
    methodsSection(analyses),
    footer(analyses, options),
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(analyses.title)}</title>
<style>${reportStyle}</style>
</head>
<body>
${sections.join("\n")}
</body>
</html>
`;
}

function titleBlock(analyses: TrialAnalyses): string {
  const m = analyses.methods;
  return `<header class="title">
<h1>${escapeHtml(analyses.title)}</h1>
<p>${escapeHtml(m.protocolTitle)}</p>
<p>Protocol <b>${escapeHtml(m.protocolId)}</b> version <b>${escapeHtml(m.protocolVersion)}</b> · ${analyses.subjects} subjects · time origin: ${escapeHtml(m.origin)} · reference arm: ${escapeHtml(m.referenceArm)}</p>
<p>Data snapshot (SHA-256 of the records used): <code>${escapeHtml(analyses.dataSnapshot)}</code></p>
</header>
${analyses.warnings.map((warning) => `<p class="warning">${escapeHtml(warning)}</p>`).join("\n")}`;
}

function notComputed(section: NotComputed): string {
  return `<p class="not-computed">Not computed: ${escapeHtml(section.notComputed)}</p>`;
}

/** The headline numbers a committee asks for first, one row per endpoint. */
function summarySection(analyses: TrialAnalyses): string {
  const rows = [analyses.pfs, analyses.os]
    .filter((section): section is SurvivalComparison => !isNotComputed(section))
    .map((comparison) => {
      const medians = comparison.curves
        .map((curve) => `${escapeHtml(curve.arm)} ${monthsOrNr(curve.median)}`)
        .join(" vs ");
      const unadjusted = comparison.hazardRatios.find((hr) => hr.model === "unadjusted");
      const adjusted = comparison.hazardRatios.find((hr) => hr.model === "adjusted");
      return `<tr><td>${escapeHtml(comparison.endpoint)}</td><td>${medians}</td><td>${formatP(comparison.logRank.p)}</td><td class="effect">${hrText(unadjusted)}</td><td class="effect">${hrText(adjusted)}</td></tr>`;
    });
  if (rows.length === 0) return "";
  return `<h2>Summary</h2>
<table class="summary"><thead><tr><th>Endpoint</th><th>Median, months</th><th>Log-rank p</th><th>HR unadjusted (95% CI)</th><th>HR adjusted (95% CI)</th></tr></thead>
<tbody>${rows.join("")}</tbody></table>`;
}

function hrText(hr: HazardRatio | undefined): string {
  if (!hr) return "–";
  return `${formatNumber(hr.hazardRatio)} (${formatNumber(hr.lower)}–${formatNumber(hr.upper)}), p ${formatP(hr.p)}`;
}

function survivalSection(analyses: TrialAnalyses, options: RenderReportOptions): string {
  const parts = [`<h2>1. Clinical benefit duration (PFS) and overall survival by arm</h2>`];
  const forestRows: ForestRow[] = [];
  for (const section of [analyses.pfs, analyses.os]) {
    if (isNotComputed(section)) {
      parts.push(notComputed(section));
      continue;
    }
    parts.push(endpointBlock(section, options));
    forestRows.push(
      ...section.hazardRatios
        .filter((hr) => isArmTerm(section, hr))
        .map((hr) => forestRow(section.endpoint, hr)),
    );
  }
  parts.push(followUpBlock(analyses), balanceBlock(analyses));
  parts.push("<h3>Landmark analysis</h3>");
  if (isNotComputed(analyses.landmark)) parts.push(notComputed(analyses.landmark));
  else
    for (const section of [analyses.landmark.pfs, analyses.landmark.os]) {
      parts.push(endpointBlock(section, options));
      forestRows.push(
        ...section.hazardRatios
          .filter((hr) => isArmTerm(section, hr))
          .map((hr) => forestRow(section.endpoint, hr)),
      );
    }
  parts.push("<h3>Treatment as a time-varying covariate</h3>");
  if (isNotComputed(analyses.timeVarying)) parts.push(notComputed(analyses.timeVarying));
  else {
    parts.push(hazardTable(analyses.timeVarying));
    forestRows.push(
      ...analyses.timeVarying.map((hr) => ({ ...hr, label: `time-varying · ${hr.term}` })),
    );
  }
  if (forestRows.length > 0)
    parts.push(
      "<h3>Hazard ratios</h3>",
      `<p>Every row compares ${escapeHtml(
        analyses.methods.arms
          .filter((a) => a.control)
          .map((a) => a.code)
          .join(", ") || "the control arm",
      )} with ${escapeHtml(analyses.methods.referenceArm)} (time-varying rows: before vs after the first IFN-β dose); a hazard ratio above 1 favours ${escapeHtml(analyses.methods.referenceArm)}.</p>`,
      `<figure>${forestPlot(forestRows, { document: options.document, width: 780 }).outerHTML}</figure>`,
    );
  return parts.join("\n");
}

/**
 * The flow of subjects (CONSORT style): enrolled by arm, then each analysis set with how many
 * entered and every exclusion with its reason.
 */
function flowSection(analyses: TrialAnalyses): string {
  const { enrolled, sets } = analyses.flow;
  const total = enrolled.reduce((sum, e) => sum + e.subjects, 0);
  const arms = enrolled.map((e) => `${escapeHtml(e.arm)} ${e.subjects}`).join(", ");
  const rows = sets
    .map((set) => {
      const excluded =
        set.excluded.length === 0
          ? "none"
          : set.excluded.map((e) => `${e.subjects}: ${escapeHtml(e.reason)}`).join("; ");
      return `<tr><td>${escapeHtml(set.analysis)}</td><td>${set.included}</td><td>${excluded}</td></tr>`;
    })
    .join("");
  return `<h2>Flow of subjects</h2>
<p>Enrolled: ${total} (${arms}).</p>
<table class="flow"><thead><tr><th>Analysis set</th><th>Included</th><th>Not included (subjects: reason)</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** Median follow-up by reverse Kaplan–Meier, the convention journals ask for. */
function followUpBlock(analyses: TrialAnalyses): string {
  const rows = analyses.followUp
    .map(
      (f) =>
        `<tr><td>${escapeHtml(f.group)}</td><td>${f.n}</td><td>${monthsOrNr(f.median)}</td><td>${monthsOrNr(f.lower)}–${monthsOrNr(f.upper)}</td></tr>`,
    )
    .join("");
  return `<h3>Follow-up</h3>
<table><caption>Median follow-up (months), reverse Kaplan–Meier of OS: a death counts as censored follow-up</caption><thead><tr><th>Group</th><th>n</th><th>Median</th><th>95% CI</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** Counts (or mean ± SD) of each prognostic covariate by arm, with standardized differences. */
function balanceBlock(analyses: TrialAnalyses): string {
  if (analyses.balance.length === 0) return "";
  const arms = analyses.balance[0].arms.map((a) => a.arm);
  const rows = analyses.balance
    .map((row) => {
      const cells = row.arms
        .map((a) =>
          a.count !== null
            ? `<td>${a.count}/${a.recorded} (${formatNumber(a.recorded > 0 ? (100 * a.count) / a.recorded : Number.NaN, 0)}%)</td>`
            : `<td>${formatNumber(a.mean, 1)} ± ${formatNumber(a.sd, 1)} (n ${a.recorded})</td>`,
        )
        .join("");
      const flag = Math.abs(row.standardizedDifference) > 0.1 ? ' class="warning"' : "";
      return `<tr><td>${escapeHtml(row.covariate)}</td>${cells}<td${flag}>${formatNumber(row.standardizedDifference)}</td></tr>`;
    })
    .join("");
  return `<h3>Balance of the prognostic covariates</h3>
<table><thead><tr><th>Covariate</th>${arms.map((a) => `<th>${escapeHtml(a)}</th>`).join("")}<th>Standardized difference</th></tr></thead><tbody>${rows}</tbody></table>
<p>Standardized difference: difference of proportions (or means) ÷ the pooled SD; above 0.1 in absolute value marks an imbalance the adjusted model must carry.</p>`;
}

/** The primary analysis at full alpha, and every secondary P-value with its Holm adjustment. */
function multiplicitySection(analyses: TrialAnalyses): string {
  const { primary, secondary } = analyses.multiplicity;
  const rows = secondary
    .map(
      (row) =>
        `<tr><td>${escapeHtml(row.analysis)}</td><td>${formatP(row.p)}</td><td>${formatP(row.holm)}</td></tr>`,
    )
    .join("");
  const head = primary
    ? `The protocol names ${escapeHtml(analyses.methods.primaryEndpoint)} as the primary endpoint: its log-rank test (p ${formatP(primary.p)}) is the primary analysis, at the full 5%.`
    : `The primary analysis (${escapeHtml(analyses.methods.primaryEndpoint)}) could not be computed.`;
  return `<h2>Multiplicity</h2>
<p>${head} The other ${secondary.length} P-values are secondary; Holm's adjustment keeps the chance of any false positive among them at 5%.</p>
<table><thead><tr><th>Secondary analysis</th><th>p</th><th>p (Holm)</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** An arm contrast, not an adjustment covariate (whose labels may also say "vs"). */
function isArmTerm(section: SurvivalComparison, hr: HazardRatio): boolean {
  return !section.adjustedFor.includes(hr.term);
}

/** A forest row labelled by endpoint and model; the arm contrast is the same in every row. */
function forestRow(endpoint: string, hr: HazardRatio): ForestRow {
  return { ...hr, label: `${endpoint}, ${hr.model}` };
}

function endpointBlock(comparison: SurvivalComparison, options: RenderReportOptions): string {
  const figure = kaplanMeierPlot(comparison, { document: options.document, width: 780 }).outerHTML;
  return `<h3>${escapeHtml(comparison.endpoint)}</h3>\n${figure}\n${endpointTables(comparison)}`;
}

/** A median or limit in months; NR (not reached) when the curve stays above one half. */
function monthsOrNr(months: number | null): string {
  return months === null ? "NR" : formatNumber(months, 1);
}

function endpointTables(comparison: SurvivalComparison): string {
  const medianRows = comparison.curves
    .map(
      (curve) =>
        `<tr><td>${escapeHtml(curve.arm)}</td><td>${curve.n}</td><td>${curve.events}</td><td>${curve.censored}</td><td>${monthsOrNr(curve.median)}</td><td>${monthsOrNr(curve.medianLower)}–${monthsOrNr(curve.medianUpper)}</td></tr>`,
    )
    .join("");
  const lr = comparison.logRank;
  const adjusted =
    comparison.adjustedFor.length > 0
      ? `; the adjusted model uses ${comparison.adjustedN} subjects with complete covariates`
      : "";
  return `<table><caption>${escapeHtml(comparison.endpoint)}: Kaplan–Meier medians (months)</caption><thead><tr><th>Arm</th><th>n</th><th>Events</th><th>Censored</th><th>Median</th><th>95% CI</th></tr></thead><tbody>${medianRows}</tbody></table>
<p>Medians: NR = not reached. Log-rank χ² = ${formatNumber(lr.chisq)} on ${lr.df} df, p ${formatP(lr.p)}. Cox models: Efron ties${adjusted}.</p>
${hazardTable(comparison.hazardRatios)}
${proportionalHazardsTable(comparison)}
${comparison.warnings.map((warning) => `<p class="warning">${escapeHtml(warning)}</p>`).join("\n")}`;
}

/**
 * The test of proportional hazards of each model (R's cox.zph, KM time scale): a small p says the
 * hazard ratio drifts over time, so a single HR summarizes it poorly.
 */
function proportionalHazardsTable(comparison: SurvivalComparison): string {
  const rows = comparison.proportionalHazards.flatMap((model) =>
    model.rows.map(
      (row) =>
        `<tr><td>${escapeHtml(model.model)}</td><td>${escapeHtml(row.term)}</td><td>${formatNumber(row.chisq)}</td><td>${row.df}</td><td>${formatP(row.p)}</td></tr>`,
    ),
  );
  if (rows.length === 0) return "";
  const doubtful = comparison.proportionalHazards.flatMap((model) =>
    model.rows.filter((row) => row.p < 0.05).map((row) => `${row.term} (${model.model})`),
  );
  const verdict =
    doubtful.length === 0
      ? "No term departs from proportional hazards at the 5% level."
      : `Proportional hazards are in doubt for ${doubtful.join(", ")}: read its hazard ratio as an average over follow-up.`;
  return `<table><caption>${escapeHtml(comparison.endpoint)}: test of proportional hazards (scaled Schoenfeld residuals, Kaplan–Meier time scale)</caption><thead><tr><th>Model</th><th>Term</th><th>χ²</th><th>df</th><th>p</th></tr></thead><tbody>${rows.join("")}</tbody></table>
<p>${escapeHtml(verdict)}</p>`;
}

function hazardTable(hazardRatios: HazardRatio[]): string {
  const rows = hazardRatios
    .map(
      (hr) =>
        `<tr><td>${escapeHtml(hr.model)}</td><td>${escapeHtml(hr.term)}</td><td>${hr.n}</td><td>${hr.events}</td><td>${formatNumber(hr.hazardRatio)}</td><td>${formatNumber(hr.lower)}–${formatNumber(hr.upper)}</td><td>${formatP(hr.p)}</td></tr>`,
    )
    .join("");
  return `<table><thead><tr><th>Model</th><th>Term</th><th>N</th><th>Events</th><th>HR</th><th>95% CI</th><th>p</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function pairedTable(comparisons: PairedComparison[]): string {
  const rows = comparisons
    .map(
      (c) =>
        `<tr><td>${escapeHtml(c.parameter)}</td><td>${c.pairs.length}</td><td>${formatNumber(c.medianFirst)}</td><td>${formatNumber(c.medianSecond)}</td><td class="effect">${shiftText(c.shift)}</td><td>${formatNumber(c.statistic, 1)}</td><td>${formatP(c.p)}</td><td>${formatNumber(c.effectSize)}</td></tr>`,
    )
    .join("");
  const [first, second] = comparisons[0]?.states ?? ["first", "second"];
  return `<table><thead><tr><th>Parameter</th><th>Pairs</th><th>Median ${escapeHtml(first)}</th><th>Median ${escapeHtml(second)}</th><th>Shift (HL, CI)</th><th>V</th><th>p</th><th>Effect r</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function pairedPlots(comparisons: PairedComparison[], options: RenderReportOptions): string {
  const plots = comparisons.map((c) => pairedDotPlot(c, { document: options.document }).outerHTML);
  return `<figure class="pairs">${plots.join("")}</figure>`;
}

function immuneSection(analyses: TrialAnalyses, options: RenderReportOptions): string {
  const head = "<h2>2. Immune parameters in clinical benefit vs at progression</h2>";
  if (isNotComputed(analyses.immune)) return `${head}\n${notComputed(analyses.immune)}`;
  return `${head}
<p>Paired per subject, Wilcoxon signed-rank test; shift: the Hodges–Lehmann pseudomedian of clinical benefit − progression with its confidence interval (as R's wilcox.test with conf.int); effect size r = z/√n of the signed-rank statistic (about 0.1 small, 0.3 medium, 0.5 large; the sign follows clinical benefit − progression).</p>
${pairedTable(analyses.immune)}
${pairedPlots(analyses.immune, options)}`;
}

function markerSection(analyses: TrialAnalyses, options: RenderReportOptions): string {
  const head = "<h2>3. Marker response to IL-2</h2>";
  const body = isNotComputed(analyses.markerResponse)
    ? notComputed(analyses.markerResponse)
    : `<p>Standardized values (value ÷ cut-off) of each post-IL-2 sample against the latest pre-IL-2 sample of its cycle; Wilcoxon signed-rank test per marker and pooled; shift: Hodges–Lehmann pseudomedian of pre − post with its confidence interval.</p>
${pairedTable(analyses.markerResponse)}
${pairedPlots(analyses.markerResponse, options)}`;
  const count = options.trajectoryCount ?? 2;
  const trajectories = analyses.markerTrajectories
    .slice(0, count)
    .map((t) => markerTrajectoryPlot(t, { document: options.document, width: 780 }).outerHTML);
  const trajectoryBlock =
    trajectories.length > 0
      ? `<h3>Marker trajectories</h3><p>Shaded: IL-2 weeks; dashed: the cut-off (standardized value 1); solid vertical line: progression.</p><figure class="trajectories">${trajectories.join("")}</figure>`
      : "";
  return `${head}\n${body}\n${trajectoryBlock}`;
}

function groupTable(comparison: GroupComparison, unit: string): string {
  const rows = comparison.groups
    .map(
      (g) =>
        `<tr><td>${escapeHtml(g.label)}</td><td>${g.values.length}</td><td>${formatNumber(g.median, 1)}</td><td>${formatNumber(g.mean, 1)} ± ${formatNumber(g.sd, 1)}</td></tr>`,
    )
    .join("");
  return `<table><thead><tr><th>${escapeHtml(comparison.parameter)}</th><th>n</th><th>Median ${unit}</th><th>Mean ± SD ${unit}</th></tr></thead><tbody>${rows}</tbody></table>
<p>Mann–Whitney W = ${formatNumber(comparison.statistic, 1)}, p ${formatP(comparison.p)}. Hodges–Lehmann shift (${escapeHtml(comparison.groups[0].label)} − ${escapeHtml(comparison.groups[1].label)}) ${shiftText(comparison.shift)} ${unit}.</p>`;
}

/**
 * A Hodges–Lehmann shift with its interval and level, e.g. "−26.0 (−37.0 to −18.0, 90% CI,
 * exact)": R lowers the level when the sample cannot reach 95%, and the text says so.
 */
function shiftText(shift: LocationShift | null): string {
  if (!shift) return "–";
  const digits = Math.abs(shift.estimate) >= 10 ? 1 : Math.abs(shift.estimate) >= 1 ? 2 : 3;
  const level = `${Number((shift.confLevel * 100).toFixed(1))}% CI`;
  return `${formatNumber(shift.estimate, digits)} (${formatNumber(shift.lower, digits)} to ${formatNumber(shift.upper, digits)}, ${level}${shift.exact ? ", exact" : ""})`;
}

function tregSection(analyses: TrialAnalyses): string {
  const head = "<h2>4. Treg increase and survival</h2>";
  const section = analyses.tregIncrease;
  if (isNotComputed(section)) return `${head}\n${notComputed(section)}`;
  const parts = [head, "<h3>Confirmed Treg increase as a time-varying covariate of OS</h3>"];
  const model = section.timeVaryingOs;
  if (isNotComputed(model)) parts.push(notComputed(model));
  else {
    const byArm = model.increases
      .map(
        (a) =>
          `<tr><td>${escapeHtml(a.arm)}</td><td>${a.subjects}</td><td>${a.increased}</td><td>${a.deaths}</td></tr>`,
      )
      .join("");
    parts.push(
      `<p>Every subject with a Treg baseline, both arms, in one Cox model stratified by arm: a subject counts as increased from the draw that confirms her rise (the rule needs the next draw), and as not increased before it or without one. No subject is left out for having or lacking an increase.</p>`,
      `<table><thead><tr><th>Arm</th><th>Subjects</th><th>Increase confirmed</th><th>Deaths</th></tr></thead><tbody>${byArm}</tbody></table>`,
      hazardTable([model.hazardRatio]),
      ...model.excluded.map(
        (row) =>
          `<p class="note">Not in the model: ${row.subjects} subject(s) with immune draws, ${escapeHtml(row.reason)}.</p>`,
      ),
    );
  }
  parts.push("<h3>Time to Treg increase, &lt; 5 y vs ≥ 5 y survivors</h3>");
  if (isNotComputed(section.interval)) parts.push(notComputed(section.interval));
  else
    parts.push(
      `<p class="reproduction">${escapeHtml(section.interval.reproduction)}; not evidence of an association.</p>`,
      `<p class="warning">${escapeHtml(section.interval.bias)}</p>`,
      groupTable(section.interval, "(months)"),
    );
  parts.push(biasCheckBlock(section.biasCheck));
  return parts.join("\n");
}

/** The bias check: each analysis' false-positive rate under the simulated null. */
function biasCheckBlock(check: BiasCheck | NotComputed): string {
  const head = "<h3>Bias check under the null</h3>";
  if (isNotComputed(check)) return `${head}\n${notComputed(check)}`;
  const rows = check.rows
    .map(
      (row) =>
        `<tr><td>${escapeHtml(row.analysis)}</td><td>${escapeHtml(row.test)}</td><td>${row.replicates}</td><td>${formatPercent(row.falsePositiveRate)} ± ${formatPercent(row.monteCarloSe)}</td></tr>`,
    )
    .join("");
  return `${head}
<p>${check.replicates} simulated trials of the null (seed ${check.seed}): ${escapeHtml(check.nullModel)}. A valid test rejects in about ${formatPercent(check.alpha)} of them at α = ${check.alpha}.</p>
<table><thead><tr><th>Analysis</th><th>Test</th><th>Replicates</th><th>P &lt; ${check.alpha} (± Monte-Carlo SE)</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function formatPercent(share: number): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(1)}%` : "–";
}

function leadTimeSection(analyses: TrialAnalyses): string {
  const head = "<h2>5. Marker lead time before progression</h2>";
  const lead = analyses.leadTime;
  if (isNotComputed(lead)) return `${head}\n${notComputed(lead)}`;
  const rows = lead.detection
    .map(
      (d) =>
        `<tr><td>${escapeHtml(d.group)}</td><td>${d.evaluable}</td><td>${d.detected}</td><td>${formatPercent(d.rate)}</td></tr>`,
    )
    .join("");
  const parts = [
    head,
    `<p>A marker signal leads a progression when it comes within ${lead.windowMonths} months before it (the protocol's window); an older signal is a false alarm. Evaluable: progressed subjects with marker draws.</p>`,
    `<table><caption>Detection of progression by the markers</caption><thead><tr><th>Arms</th><th>Evaluable progressions</th><th>Detected</th><th>Detection rate</th></tr></thead><tbody>${rows}</tbody></table>`,
    "<h3>Lead time of detected progressions (the published analysis)</h3>",
  ];
  if (isNotComputed(lead.detected)) parts.push(notComputed(lead.detected));
  else
    parts.push(
      `<p class="warning">${escapeHtml(lead.detected.bias)}</p>`,
      groupTable(lead.detected, "(months)"),
    );
  parts.push("<h3>Lead time over every progression (an undetected one counts 0 months)</h3>");
  parts.push(
    isNotComputed(lead.allProgressions)
      ? notComputed(lead.allProgressions)
      : groupTable(lead.allProgressions, "(months)"),
  );
  return parts.join("\n");
}

function methodsSection(analyses: TrialAnalyses): string {
  const m = analyses.methods;
  const fact = (label: string, value: string) =>
    `<tr><td>${escapeHtml(label)}</td><td>${escapeHtml(value)}</td></tr>`;
  const cutoffs = m.cutoffs
    .map(
      (c) =>
        `${c.analyte} ${c.value} ${c.unit} (assay ${c.assay}, site ${c.site}, from ${c.validFrom})`,
    )
    .join("; ");
  const rcv = m.rcv
    .map((r) => `${r.analyte} ${r.belowCutoff} below / ${r.aboveCutoff} above the cut-off`)
    .join("; ");
  return `<h2>Methods</h2>
<table class="facts"><tbody>
${fact("Protocol", `${m.protocolId} version ${m.protocolVersion}`)}
${fact("Arms", m.arms.map((a) => `${a.code}: ${a.label}${a.control ? " (control)" : ""}`).join("; "))}
${fact("Time origin", m.origin)}
${fact("Landmark", m.landmarkMonths === null ? "none" : `${m.landmarkMonths} months from the origin`)}
${fact("Censoring", "at the date of last contact for subjects without the event")}
${fact("Clinical benefit", m.clinicalBenefitRule)}
${fact("Hazard ratios", `Cox proportional hazards, Efron ties, reference arm ${m.referenceArm}; adjusted for ${m.adjustedFor.join(", ") || "nothing"}`)}
${fact("Survival estimates", "Kaplan–Meier; 95% CI on the log scale; medians by R's rule (survfit)")}
${fact("Marker cut-offs", cutoffs)}
${fact("Standardization", m.standardization)}
${fact("Reference change value", `RCV = ${m.rcvZ}·√2·√(CVa² + CVi²); CVs: ${rcv}`)}
${fact("Marker signal", m.signalRule)}
${fact("Treg increase", m.tregRule)}
${fact("Software", m.software.map((s) => `${s.name} ${s.version}`).join(", "))}
</tbody></table>`;
}

function footer(analyses: TrialAnalyses, options: RenderReportOptions): string {
  const when = options.generatedAt ? ` Generated ${escapeHtml(options.generatedAt)}.` : "";
  return `<footer>Ciclo trial report. Protocol ${escapeHtml(analyses.methods.protocolId)} ${escapeHtml(analyses.methods.protocolVersion)}; data snapshot ${escapeHtml(analyses.dataSnapshot.slice(0, 16))}….${when} The same records and protocol give this document byte for byte.</footer>`;
}
