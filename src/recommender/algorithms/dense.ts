/**
 * Dense symmetric positive-definite inverse in place (Gauss-Jordan without pivoting, which is
 * stable for SPD matrices), row-major Float64Array. n^3 multiply-adds with contiguous inner
 * loops: about 1 s at n = 1000 on this machine, so callers keep n small (see ease.ts).
 */
export function invertSpdInPlace(a: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) {
    const kk = k * n;
    const pivot = a[kk + k]!;
    if (!(pivot > 0)) throw new Error(`matrix is not positive definite at ${k}`);
    const inv = 1 / pivot;
    a[kk + k] = 1;
    for (let j = 0; j < n; j++) a[kk + j]! *= inv;
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const ii = i * n;
      const f = a[ii + k]!;
      if (f === 0) continue;
      a[ii + k] = 0;
      for (let j = 0; j < n; j++) a[ii + j]! -= f * a[kk + j]!;
    }
  }
}
