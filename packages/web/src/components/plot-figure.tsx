import { useEffect, useRef } from "react";

/**
 * Mounts a chart drawn by Observable Plot (an SVG or figure element) and redraws it whenever the
 * caller renders it anew (charts are small; redrawing costs less than tracking their inputs);
 * `caption` describes it for screen readers.
 */
export function PlotFigure({ draw, caption }: { draw: () => Element; caption: string }) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = draw();
    holder.current?.replaceChildren(chart);
    return () => chart.remove();
  }, [draw]);
  return (
    <figure className="plot-figure">
      <div ref={holder} role="img" aria-label={caption} />
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
