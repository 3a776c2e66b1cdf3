import type { PairedComparison } from "@ciclo/trial";
import { describe, expect, it } from "vitest";
import { smallAnalyses } from "../test/fixtures/small-analyses";
import { forestPlot } from "./forest-plot";
import { formatCount } from "./format-number";
import { kaplanMeierPlot, stepPoints } from "./kaplan-meier-plot";
import { markerTrajectoryPlot } from "./marker-trajectory-plot";
import { drawnPairs, pairedDotPlot } from "./paired-dot-plot";
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

/** The SVG elements of one mark, by its aria-label (Plot writes one <g> per mark). */
function markElements(svg: string, mark: string, element: string): number {
  const group = svg.match(new RegExp(`<g [^>]*aria-label="${mark}"[^>]*>([\\s\\S]*?)</g>`))?.[1];
  return group?.match(new RegExp(`<${element} `, "g"))?.length ?? 0;
}

/**
 * A cohort-sized comparison: subject S0000 … S(n−1), listed in reverse id order so that the
 * sample has to sort them. Subjects whose index is a multiple of 29 have first values 0 … 99.9
 * (i ÷ 70); all others 100, so the median of all first values (100: 6,770 of the 7,012 values
 * are 100) is not the median of the drawn sample (about 50).
 */
function cohortComparison(n: number): PairedComparison {
  const pairs = Array.from({ length: n }, (_, i) => ({
    subjectId: `S${String(i).padStart(4, "0")}`,
    first: i % 29 === 0 ? i / 70 : 100,
    second: 50,
  })).reverse();
  return {
    parameter: "CD4+ (cells/µL)",
    states: ["clinical benefit", "progression"],
    pairs,
    medianFirst: 100,
    medianSecond: 50,
    statistic: 0,
    p: 1,
    effectSize: 0,
    shift: null,
  };
}

describe("paired plots at cohort size", () => {
  const document = serverDocument();

  it("draws one subject in 29 by subject id for 7,012 pairs: 242 lines, said in the caption", () => {
    const svg = pairedDotPlot(cohortComparison(7012), { document }).outerHTML;
    // ⌈7012 / 250⌉ = 29; subjects 0, 29, …, 7018 > 7011 stop at 29 · 241 = 6989: 242 lines.
    expect(markElements(svg, "line", "path")).toBe(242);
    expect(markElements(svg, "dot", "circle")).toBe(484);
    expect(svg).toContain(
      "Lines for 242 of 7,012 subjects, one in 29 by subject id; diamonds: medians of all 7,012.</span></figcaption>",
    );
    // The caption wraps at the plot's width, so the small plots still sit side by side.
    expect(svg).toContain('<figcaption><span style="display: block; max-width: 250px;');
    // Hundreds of lines are drawn half-transparent; the pilot's plots are not (snapshot).
    expect(svg).toContain('stroke-opacity="0.5"');
  });

  it("picks the same subjects whatever the order of the pairs, so the same data give the same bytes", () => {
    const comparison = cohortComparison(7012);
    const drawn = drawnPairs(comparison.pairs);
    expect(drawn.step).toBe(29);
    expect(drawn.pairs.slice(0, 3).map((p) => p.subjectId)).toEqual(["S0000", "S0029", "S0058"]);
    expect(drawn.pairs.at(-1)?.subjectId).toBe("S6989");
    const shuffled = {
      ...comparison,
      pairs: [...comparison.pairs].sort((a, b) => a.first - b.first),
    };
    expect(pairedDotPlot(shuffled, { document }).outerHTML).toBe(
      pairedDotPlot(comparison, { document }).outerHTML,
    );
  });

  it("marks the medians of all subjects, not of the drawn sample", () => {
    const svg = pairedDotPlot(cohortComparison(7012), { document }).outerHTML;
    // The drawn first values run 0 … 99.9, so y is nice'd to [0, 100] over pixels 190 … 20:
    // the median of all (100) sits at the top, y = 20; the second median (50) at y = 105.
    // The sample's own first median (about 50) would sit near 105.
    expect(svg).toContain('transform="translate(90,20)"');
    expect(svg).toContain('transform="translate(190,105)"');
  });

  it("draws every subject, without a caption, up to 250 pairs", () => {
    const svg = pairedDotPlot(cohortComparison(250), { document }).outerHTML;
    expect(markElements(svg, "line", "path")).toBe(250);
    expect(svg).not.toContain("<figcaption>");
    const over = pairedDotPlot(cohortComparison(251), { document }).outerHTML;
    // ⌈251 / 250⌉ = 2: subjects 0, 2, …, 250.
    expect(markElements(over, "line", "path")).toBe(126);
    expect(over).toContain("Lines for 126 of 251 subjects, one in 2 by subject id");
  });

  it("draws the sample in the report while its table counts every pair", () => {
    const comparison = cohortComparison(7012);
    const html = renderReport(
      { ...analyses, immune: [comparison] },
      { document: serverDocument() },
    );
    // The analyses themselves (as --json and /api/analyses give them) keep every pair, in order.
    expect(comparison.pairs).toHaveLength(7012);
    expect(comparison.pairs[0].subjectId).toBe("S7011");
    expect(html).toContain("<td>CD4+ (cells/µL)</td><td>7012</td><td>100.00</td><td>50.00</td>");
    expect(html).toContain("Lines for 242 of 7,012 subjects");
  });

  it("writes counts with thousands separators", () => {
    expect([formatCount(250), formatCount(7012), formatCount(1234567)]).toEqual([
      "250",
      "7,012",
      "1,234,567",
    ]);
  });
});

describe("Kaplan–Meier thinning", () => {
  it("keeps S(0) = 1, the steps where S changes and the last step", () => {
    const step = (time: number, nEvent: number, surv: number) => ({
      time,
      nRisk: 0,
      nEvent,
      nCensor: nEvent === 0 ? 1 : 0,
      surv,
      lower: 0,
      upper: 1,
    });
    const curve = {
      ...pfs.curves[0],
      arm: "treated",
      steps: [step(2, 1, 0.9), step(3, 0, 0.9), step(4, 0, 0.9), step(5, 1, 0.8), step(7, 0, 0.8)],
    };
    expect(stepPoints(curve).map((p) => [p.time, p.surv])).toEqual([
      [0, 1],
      [2, 0.9],
      [5, 0.8],
      [7, 0.8],
    ]);
  });

  it("draws the small set's lines through 10 and 9 points and a tick at each of 5 censorings", () => {
    const figure = kaplanMeierPlot(pfs, { document: serverDocument() }).outerHTML;
    const paths = [...figure.matchAll(/<path stroke="#[0-9a-f]+" d="(M[^"]*)"/g)].map((m) => m[1]);
    // The corners Plot's step-after line wrote for control (d3-path, three decimals), less the
    // zero-length pair at the censoring-only step of 12 months (x = 110.994): 1 + 9 points.
    expect(paths[0]).toBe(
      "M70,20H87.081V61.667H97.329V103.333H124.658V127.143H148.571V150.952H162.236V174.762H172.484V198.571H182.733V222.381H216.894V246.19H223.727V270",
    );
    // Treated: 28, 45 and 161 censored-only, 161 the last step (kept): 1 + 7 + 1 points.
    expect(paths[1].match(/H/g)?.length).toBe(8);
    expect(paths[1].endsWith("H620V223.977")).toBe(true);
    // Censorings: control at 12; treated at 13 (with an event), 28, 45, 161.
    expect(figure.match(/h8\.976/g)?.length).toBe(5);
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
    expect(html).toContain(
      "<td>control</td><td>12</td><td>11</td><td>1</td><td>23.0</td><td>8.0–NR</td>",
    );
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
