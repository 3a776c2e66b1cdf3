/**
 * Fixed-decimal text of a number for tables, with an en dash for a missing value (R's NA).
 *
 * @example
 * formatNumber(33.14159, 1); // => "33.1"
 * formatNumber(null); // => "–"
 */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return value.toFixed(digits);
}

/**
 * A p-value as a committee reads it: three decimals, '< 0.001' below that.
 *
 * @example
 * formatP(0.00021); // => "< 0.001"
 * formatP(0.0194); // => "0.019"
 */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "–";
  return p < 0.001 ? "< 0.001" : p.toFixed(3);
}

/**
 * Text safe inside HTML elements and attribute values.
 *
 * @example
 * escapeHtml("CD4+/Treg <2"); // => "CD4+/Treg &lt;2"
 */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/**
 * A count with thousands separators, the same on every machine (no locale is read).
 *
 * @example
 * formatCount(9418); // => "9,418"
 */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
