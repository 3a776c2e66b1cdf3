/**
 * Cholesky tools for symmetric positive semi-definite matrices, stored row-major in a
 * Float64Array of n·n values, that tolerate singular matrices the way R's survival package does.
 *
 * The factorization is A = L D Lᵀ with unit lower-triangular L (below the diagonal) and D on the
 * diagonal. A pivot smaller than `tolerance` × the largest diagonal entry is set to 0: that
 * column is treated as redundant (aliased), its solution component is 0 and its row and column of
 * the inverse are 0. This is how `coxph` reports a coefficient as NA for a collinear covariate.
 *
 * Reference: R survival's `cholesky2`, `chsolve2` and `chinv2` (Therneau); Golub & Van Loan §4.1.
 * Complexity: O(n³) to factor and invert, O(n²) to solve.
 */

/**
 * Factors a symmetric matrix in place (the upper triangle is read, L and D are written to the
 * lower triangle and diagonal) and returns its numerical rank; the rank is negated when a pivot
 * is clearly negative (the matrix is not semi-definite).
 *
 * @example
 * const m = Float64Array.of(4, 2, 2, 3);
 * choleskyDecompose(m, 2, 1e-9); // => 2, m is now [4, 2, 0.5, 2]
 */
export function choleskyDecompose(matrix: Float64Array, n: number, tolerance: number): number {
  let largest = 0;
  for (let i = 0; i < n; i++) {
    if (matrix[i * n + i] > largest) largest = matrix[i * n + i];
    for (let j = i + 1; j < n; j++) matrix[j * n + i] = matrix[i * n + j];
  }
  const threshold = largest === 0 ? tolerance : largest * tolerance;
  let rank = 0;
  let semiDefinite = true;
  for (let i = 0; i < n; i++) {
    const pivot = matrix[i * n + i];
    if (!Number.isFinite(pivot) || pivot < threshold) {
      matrix[i * n + i] = 0;
      if (pivot < -8 * threshold) semiDefinite = false;
      continue;
    }
    rank++;
    for (let j = i + 1; j < n; j++) {
      const ratio = matrix[j * n + i] / pivot;
      matrix[j * n + i] = ratio;
      matrix[j * n + j] -= ratio * ratio * pivot;
      for (let k = j + 1; k < n; k++) matrix[k * n + j] -= ratio * matrix[k * n + i];
    }
  }
  return semiDefinite ? rank : -rank;
}

/**
 * Solves A x = y in place in `y`, given the factor from {@link choleskyDecompose}; components of
 * aliased columns are 0.
 *
 * @example
 * choleskySolve(factored, 2, y); // y now holds A⁻¹y
 */
export function choleskySolve(factor: Float64Array, n: number, y: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let value = y[i];
    for (let j = 0; j < i; j++) value -= y[j] * factor[i * n + j];
    y[i] = value;
  }
  for (let i = n - 1; i >= 0; i--) {
    const pivot = factor[i * n + i];
    if (pivot === 0) {
      y[i] = 0;
      continue;
    }
    let value = y[i] / pivot;
    for (let j = i + 1; j < n; j++) value -= y[j] * factor[j * n + i];
    y[i] = value;
  }
}

/**
 * Replaces the factor from {@link choleskyDecompose} by the full symmetric (generalized) inverse
 * of the original matrix, with zero rows and columns for aliased columns.
 *
 * @example
 * choleskyInvert(factored, 2); // factored now holds A⁻¹
 */
export function choleskyInvert(matrix: Float64Array, n: number): void {
  // Invert L (unit lower triangle) and D in place, by the sweep operator.
  for (let i = 0; i < n; i++) {
    if (matrix[i * n + i] > 0) {
      matrix[i * n + i] = 1 / matrix[i * n + i];
      for (let j = i + 1; j < n; j++) {
        matrix[j * n + i] = -matrix[j * n + i];
        for (let k = 0; k < i; k++) matrix[j * n + k] += matrix[j * n + i] * matrix[i * n + k];
      }
    }
  }
  // Form L⁻ᵀ D⁻¹ L⁻¹ in the upper triangle, then mirror it.
  for (let i = 0; i < n; i++) {
    if (matrix[i * n + i] === 0) {
      for (let j = 0; j < i; j++) matrix[j * n + i] = 0;
      for (let j = i; j < n; j++) matrix[i * n + j] = 0;
      continue;
    }
    for (let j = i + 1; j < n; j++) {
      const value = matrix[j * n + i] * matrix[j * n + j];
      matrix[i * n + j] = value;
      for (let k = i; k < j; k++) matrix[i * n + k] += value * matrix[j * n + k];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) matrix[i * n + j] = matrix[j * n + i];
}

/**
 * The quadratic form xᵀ A⁻¹ x for a symmetric A (not modified), with aliased directions dropped;
 * the score, Wald and log-rank statistics all have this shape.
 *
 * @example
 * quadraticFormInverse(Float64Array.of(2, 0, 0, 4), 2, Float64Array.of(2, 2)); // => 3
 */
export function quadraticFormInverse(
  matrix: Float64Array,
  n: number,
  x: Float64Array,
  tolerance = 1e-9,
): number {
  const factor = Float64Array.from(matrix);
  choleskyDecompose(factor, n, tolerance);
  const solved = Float64Array.from(x);
  choleskySolve(factor, n, solved);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i] * solved[i];
  return sum;
}
