/**
 * Small dense solves for fold-in: a hand-written Cholesky on Float64Array is ~4x faster than
 * ml-matrix for the (f+1)x(f+1) systems solved per user (measured; see DESIGN.md).
 */

/** Solves A x = b for symmetric positive definite A (n x n, row-major); A and b are overwritten, x returned in b. */
export function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= a[j * n + k]! * a[j * n + k]!;
    if (d <= 0) d = 1e-12; // only reachable with a zero ridge term; keep it finite
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = s / ljj;
    }
  }
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= a[i * n + k]! * b[k]!;
    b[i] = s / a[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= a[k * n + i]! * b[k]!;
    b[i] = s / a[i * n + i]!;
  }
  return b;
}

/** Ridge regression with a per-coefficient penalty: argmin ||X w - y||² + Σ lambda_j w_j². X row-major (rows x cols). */
export function ridge(x: Float64Array, y: Float64Array, rows: number, cols: number, lambda: ArrayLike<number>): Float64Array {
  const a = new Float64Array(cols * cols);
  const b = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let i = 0; i < cols; i++) {
      const xi = x[o + i]!;
      b[i]! += xi * y[r]!;
      for (let j = 0; j <= i; j++) a[i * cols + j]! += xi * x[o + j]!;
    }
  }
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < i; j++) a[j * cols + i] = a[i * cols + j]!;
    a[i * cols + i]! += lambda[i]!;
  }
  return choleskySolve(a, b, cols);
}
