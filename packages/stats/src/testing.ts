/**
 * Numeric comparison for tests, with the tolerance spelled out.
 *
 * Passes when |actual − expected| ≤ max(abs, rel·|expected|) element by element. `null` in the
 * expected value stands for R's NA and matches NaN or null; infinities must match exactly.
 * Throws an Error naming the first index that differs, so a failing test says where and by how much.
 *
 * @example
 * expectClose(0.5 + 1e-12, 0.5, { rel: 1e-9 }); // passes
 * expectClose([1, 2], [1, 2.1], { rel: 1e-9 }); // throws "index 1: 2 vs expected 2.1 …"
 */
export function expectClose(
  actual: number | null | ArrayLike<number | null>,
  expected: number | null | ArrayLike<number | null>,
  { rel = 1e-9, abs = 0, label = "" }: { rel?: number; abs?: number; label?: string } = {},
): void {
  const actualValues = toArray(actual);
  const expectedValues = toArray(expected);
  const prefix = label ? `${label}: ` : "";
  if (actualValues.length !== expectedValues.length) {
    throw new Error(
      `${prefix}length ${actualValues.length} vs expected length ${expectedValues.length}`,
    );
  }
  for (let i = 0; i < expectedValues.length; i++) {
    const difference = mismatch(actualValues[i], expectedValues[i], rel, abs);
    if (difference !== undefined) throw new Error(`${prefix}index ${i}: ${difference}`);
  }
}

function toArray(value: number | null | ArrayLike<number | null>): (number | null)[] {
  return value === null || typeof value === "number" ? [value] : Array.from(value);
}

function isMissing(value: number | null): boolean {
  return value === null || Number.isNaN(value);
}

/** Returns a description of the mismatch, or undefined when the values agree. */
function mismatch(
  actual: number | null,
  expected: number | null,
  rel: number,
  abs: number,
): string | undefined {
  if (isMissing(expected) || isMissing(actual)) {
    return isMissing(expected) && isMissing(actual)
      ? undefined
      : `${actual} vs expected ${expected}`;
  }
  const a = actual as number;
  const e = expected as number;
  if (!Number.isFinite(e) || !Number.isFinite(a)) {
    return a === e ? undefined : `${a} vs expected ${e}`;
  }
  const tolerance = Math.max(abs, rel * Math.abs(e));
  const difference = Math.abs(a - e);
  return difference <= tolerance
    ? undefined
    : `${a} vs expected ${e} (difference ${difference.toExponential(3)}, tolerance ${tolerance.toExponential(3)})`;
}
