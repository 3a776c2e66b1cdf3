/**
 * Holm's step-down adjustment of P-values for multiple testing: R's `p.adjust(p, "holm")`.
 *
 * Sort ascending p₍₁₎ ≤ … ≤ p₍ₘ₎; adjusted p₍ᵢ₎ = min(1, max over j ≤ i of (m − j + 1)·p₍ⱼ₎),
 * returned in the input order. Controls the family-wise error rate under any dependence.
 * Reference: Holm (1979) Scand. J. Statist. 6:65–70.
 * Complexity: O(m log m). Edge cases: NaN P-values stay NaN and do not count in m, as R's
 * `p.adjust` with `n = length(p[!is.na(p)])`; ties keep R's order (a stable sort).
 *
 * @example
 * holm([0.01, 0.04, 0.03]); // => [0.03, 0.06, 0.06]
 */
export function holm(pValues: readonly number[]): number[] {
  const order = pValues
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => !Number.isNaN(p))
    .sort((a, b) => a.p - b.p);
  const m = order.length;
  const adjusted = pValues.map(() => Number.NaN);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
