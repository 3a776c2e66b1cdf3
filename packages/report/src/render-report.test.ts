import { describe, expect, it } from "vitest";
import { smallAnalyses } from "../test/fixtures/small-analyses";
import { forestPlot } from "./forest-plot";
import { kaplanMeierPlot } from "./kaplan-meier-plot";
import { markerTrajectoryPlot } from "./marker-trajectory-plot";
import { pairedDotPlot } from "./paired-dot-plot";
import { renderReport } from "./render-report";
import { serverDocument } from "./server-document";

const analyses = smallAnalyses();
const pfs = analyses.pfs as Exclude<typeof analyses.pfs, { notComputed: string }>;

describe("plots (SVG snapshots)", () => {
  it("draws the Kaplan–Meier curves above the risk table with R's numbers at risk", async () => {
    const figure = kaplanMeierPlot(pfs, { document: serverDocument() }).outerHTML;
    // summary(survfit(...), times = c(0, 12, 24, 36, 48))$n.risk: control 12 8 5 1 0, treated 11 10 6 3 1
    for (const count of ["12", "8", "5", "11", "10", "6"])
      expect(figure).toContain(`>${count}</text>`);
    await expect(figure).toMatchFileSnapshot("../test/fixtures/snapshots/kaplan-meier.html");
  });

  it("draws the forest plot of hazard ratios", async () => {
    const rows = pfs.hazardRatios.map((hr) => ({ ...hr, label: `PFS ${hr.model} ${hr.term}` }));
    const svg = forestPlot(rows, { document: serverDocument() }).outerHTML;
    expect(svg).toContain("PFS unadjusted control vs treated");
    await expect(svg).toMatchFileSnapshot("../test/fixtures/snapshots/forest.svg");
  });

  it("draws a marker trajectory with the cut-off line and the IL-2 windows", async () => {
    const svg = markerTrajectoryPlot(analyses.markerTrajectories[0], {
      document: serverDocument(),
    }).outerHTML;
    const windows = svg.match(/<g [^>]*aria-label="rect"[^>]*>([\s\S]*?)<\/g>/)?.[1] ?? "";
    expect(windows.match(/<rect /g)?.length).toBe(3);
    expect(svg).toContain('aria-label="rule"');
    await expect(svg).toMatchFileSnapshot("../test/fixtures/snapshots/marker-trajectory.svg");
  });

  it("draws paired dots", async () => {
    const immune = analyses.immune as Exclude<typeof analyses.immune, { notComputed: string }>;
    const svg = pairedDotPlot(immune[0], { document: serverDocument() }).outerHTML;
    await expect(svg).toMatchFileSnapshot("../test/fixtures/snapshots/paired-dots.svg");
  });
});

describe("renderReport", () => {
  const html = renderReport(analyses, { document: serverDocument() });

  it("gives the same bytes for the same analyses, from fresh documents", () => {
    expect(renderReport(smallAnalyses(), { document: serverDocument() })).toBe(html);
  });

  it("is self-contained: no script, no stylesheet link, no external image", () => {
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(/i);
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
  });

  it("prints the medians with their CI, the log-rank p and the hazard ratios", () => {
    // survfit: control 23 (8–NA), treated 31 (18–NA); survdiff χ² 3.354 → p 0.067; coxph HR 2.49 (0.91–6.78)
    expect(html).toContain("<td>control</td><td>12</td><td>11</td><td>23.0</td><td>8.0–NR</td>");
    expect(html).toContain("Log-rank χ² = 3.35 on 1 df, p 0.067");
    expect(html).toContain("2.49 (0.91–6.78), p 0.075");
  });

  it("states the rules from the protocol in the methods section", () => {
    expect(html).toContain("CEA 5 ng/mL");
    expect(html).toContain("TREG above 2 × baseline");
    expect(html).toContain("Ciclo 0.0.0-test");
  });

  it("prints a section that could not be computed with its reason, and the warnings", () => {
    expect(html).toContain("Not computed: no post-IL-2 samples in the test set");
    expect(html).toContain('<p class="warning">Immortal time');
  });

  it("prints a timestamp only when one is passed in", () => {
    expect(html).not.toContain("Generated");
    const stamped = renderReport(analyses, {
      document: serverDocument(),
      generatedAt: "2026-11-29",
    });
    expect(stamped).toContain("Generated 2026-11-29.");
  });
});
