import { useState } from "react";

/**
 * The first rows of a long list, and the next `step` rows on demand: the dashboard of a large
 * study stays quick to draw and to read, and every row can still be reached.
 *
 * @example
 * const { shown, moreButton } = useShownRows(alerts, 10, "alerts", "Alerts");
 */
export function useShownRows<T>(rows: readonly T[], step: number, noun: string, list: string) {
  const [count, setCount] = useState(step);
  const shown = rows.slice(0, count);
  const hidden = rows.length - shown.length;
  const moreButton =
    hidden > 0 ? (
      <p className="more">
        {hidden} more {noun}.{" "}
        <button
          type="button"
          aria-label={`Show ${Math.min(step, hidden)} more ${noun} in ${list}`}
          onClick={() => setCount(count + step)}
        >
          Show {Math.min(step, hidden)} more
        </button>
      </p>
    ) : null;
  return { shown, moreButton };
}
