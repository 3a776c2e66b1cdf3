import type { PairedComparison } from "@ciclo/trial";
import * as Plot from "@observablehq/plot";
import { formatCount } from "./format-number";
import type { PlotDocument } from "./plot-document";

/**
 * Most subject lines a paired plot draws. Past a few hundred lines a 250-pixel plot is a grey
 * block that tells a committee nothing and weighs megabytes; the pilot's 130 pairs stay whole.
 */
export const maxDrawnPairs = 250;

type Pair = PairedComparison["pairs"][number];

/** The pairs a plot draws: all of them, or every `step`-th by subject id when there are too many. */
export interface DrawnPairs {
  pairs: Pair[];
  /** 1 when every pair is drawn; else the systematic sampling interval. */
  step: number;
}

/**
 * A deterministic, value-blind subset of the pairs: sorted by subject id (code-unit order, the
 * same on every machine), then every `step`-th from the first, with the smallest step that keeps
 * at most `limit` lines. The same data give the same subset, so the same report bytes.
 *
 * @example
 * drawnPairs(pairs9418, 250); // => { pairs: [248 pairs], step: 38 }
 */
export function drawnPairs(pairs: readonly Pair[], limit = maxDrawnPairs): DrawnPairs {
  if (pairs.length <= limit) return { pairs: [...pairs], step: 1 };
  const step = Math.ceil(pairs.length / limit);
  const bySubject = [...pairs].sort((a, b) =>
    a.subjectId < b.subjectId ? -1 : a.subjectId > b.subjectId ? 1 : 0,
  );
  return { pairs: bySubject.filter((_, i) => i % step === 0), step };
}

/**
 * What a sampled plot shows, in words for its caption; null when every subject is drawn.
 *
 * @example
 * sampleCaption(248, 9418, 38);
 * // => "Lines for 248 of 9,418 subjects, one in 38 by subject id; diamonds: medians of all 9,418."
 */
export function sampleCaption(drawn: number, total: number, step: number): string | null {
  if (step === 1) return null;
  return `Lines for ${formatCount(drawn)} of ${formatCount(total)} subjects, one in ${step} by subject id; diamonds: medians of all ${formatCount(total)}.`;
}

/**
 * The caption as a node no wider than the plot: a plain string would widen the figure to its
 * one-line length and break the row of small plots in the report.
 */
function captionNode(document: PlotDocument, text: string, width: number): HTMLElement {
  const span = document.createElement("span");
  span.setAttribute(
    "style",
    `display: block; max-width: ${width}px; font-size: 12px; color: #4a5562`,
  );
  span.append(text);
  return span;
}

/**
 * Paired dot plot: each subject's two values joined by a line, the two states side by side,
 * with the medians of all subjects as diamonds. Above `maxLines` pairs only a systematic sample
 * of the subjects is drawn (see `drawnPairs`) and the caption says which; the medians are still
 * those of every subject, as in the table beside the plot.
 *
 * @example
 * pairedDotPlot(cd4, { document }).outerHTML; // => '<figure …><h2>CD4+ (cells/µL)</h2><svg …'
 */
export function pairedDotPlot(
  comparison: PairedComparison,
  {
    document,
    width = 250,
    maxLines = maxDrawnPairs,
  }: { document: PlotDocument; width?: number; maxLines?: number },
): SVGSVGElement | HTMLElement {
  const [first, second] = comparison.states;
  const drawn = drawnPairs(comparison.pairs, maxLines);
  const points = drawn.pairs.flatMap((pair) => [
    { subjectId: pair.subjectId, state: first, value: pair.first },
    { subjectId: pair.subjectId, state: second, value: pair.second },
  ]);
  const caption = sampleCaption(drawn.pairs.length, comparison.pairs.length, drawn.step);
  // A sample of hundreds of lines is drawn half-transparent so that where they crowd shows.
  const opacity = drawn.step === 1 ? 1 : 0.5;
  const medians = [
    { state: first, value: comparison.medianFirst },
    { state: second, value: comparison.medianSecond },
  ];
  return Plot.plot({
    document,
    width,
    height: 220,
    marginLeft: 50,
    title: comparison.parameter,
    caption: caption === null ? undefined : captionNode(document, caption, width),
    x: { type: "point", domain: [first, second], label: null, padding: 0.4 },
    y: { label: null, grid: true, nice: true },
    marks: [
      Plot.line(points, {
        x: "state",
        y: "value",
        z: "subjectId",
        stroke: "#9aa5b1",
        strokeWidth: 1,
        strokeOpacity: opacity,
      }),
      Plot.dot(points, { x: "state", y: "value", fill: "#1f5fa8", fillOpacity: opacity, r: 2.5 }),
      Plot.dot(medians, {
        x: "state",
        y: "value",
        stroke: "#c2452d",
        strokeWidth: 2.5,
        symbol: "diamond",
        r: 7,
      }),
    ],
  });
}
