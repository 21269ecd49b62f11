/**
 * Shared pieces of the neighbourhood models: baseline residuals and sparse top-M neighbour
 * lists under the pearson-baseline similarity with shrinkage (Koren 2010; Surprise's
 * `pearson_baseline`): sim(a, b) = Σ e_a e_b / sqrt(Σ e_a² Σ e_b²) over common raters, times
 * (n_ab - 1) / (n_ab - 1 + shrinkage), where e = rating - baseline.
 */
import { topK } from '../evaluate/metrics.js';
import type { TrainingData } from '../types.js';
import type { Biases } from './baseline.js';

/** Neighbour lists in CSR form, each list sorted by similarity, best first; positive only. */
export interface Neighbours {
  ptr: Int32Array;
  idx: Int32Array;
  sim: Float32Array;
}

/** Residuals r - (mu + b_u + b_i), aligned with userRatings (csr) and itemRatings (csc). */
export function residuals(data: TrainingData, b: Biases): { csr: Float32Array; csc: Float32Array } {
  const csr = new Float32Array(data.nRatings);
  const csc = new Float32Array(data.nRatings);
  for (let u = 0; u < data.nUsers; u++) {
    const base = b.mu + b.userBias[u]!;
    for (let k = data.userPtr[u]!; k < data.userPtr[u + 1]!; k++) csr[k] = data.userRatings[k]! - base - b.itemBias[data.userItems[k]!]!;
  }
  for (let i = 0; i < data.nItems; i++) {
    const base = b.mu + b.itemBias[i]!;
    for (let k = data.itemPtr[i]!; k < data.itemPtr[i + 1]!; k++) csc[k] = data.itemRatings[k]! - base - b.userBias[data.itemUsers[k]!]!;
  }
  return { csr, csc };
}

/** One side of the rating matrix: entity -> (other, residual). */
export interface SparseSide {
  ptr: Int32Array;
  other: Int32Array;
  resid: Float32Array;
}

/** Similarity accumulators for one entity against all others (dense, reused; touched list for sparsity). */
export class SimAccumulator {
  readonly prod: Float64Array;
  readonly sqA: Float64Array;
  readonly sqB: Float64Array;
  readonly count: Int32Array;
  readonly touched: Int32Array;
  nTouched = 0;
  constructor(n: number) {
    this.prod = new Float64Array(n);
    this.sqA = new Float64Array(n);
    this.sqB = new Float64Array(n);
    this.count = new Int32Array(n);
    this.touched = new Int32Array(n);
  }
  add(b: number, ea: number, eb: number): void {
    if (this.count[b] === 0) this.touched[this.nTouched++] = b;
    this.prod[b]! += ea * eb;
    this.sqA[b]! += ea * ea;
    this.sqB[b]! += eb * eb;
    this.count[b]!++;
  }
  /** Shrunk similarities of the touched entities (excluding `self`), then reset. */
  drain(self: number, shrinkage: number, minSupport: number, keep: number): { idx: Int32Array; sim: Float32Array } {
    const cand = new Int32Array(this.nTouched);
    const vals = new Float32Array(this.nTouched);
    let m = 0;
    for (let t = 0; t < this.nTouched; t++) {
      const b = this.touched[t]!;
      const n = this.count[b]!;
      const den = Math.sqrt(this.sqA[b]! * this.sqB[b]!);
      if (b !== self && n >= minSupport && den > 0) {
        const s = (this.prod[b]! / den) * ((n - 1) / (n - 1 + shrinkage));
        if (s > 0) {
          cand[m] = b;
          vals[m++] = s;
        }
      }
      this.prod[b] = 0;
      this.sqA[b] = 0;
      this.sqB[b] = 0;
      this.count[b] = 0;
    }
    this.nTouched = 0;
    const best = topK(vals.subarray(0, m), keep);
    return { idx: Int32Array.from(best, (j) => cand[j]!), sim: Float32Array.from(best, (j) => vals[j]!) };
  }
}

/**
 * Top-M neighbours of every entity on `rows` (e.g. items), through the pivot side `cols`
 * (e.g. users): cost Σ over pivots of (ratings per pivot)².
 */
export function neighbourLists(
  rows: SparseSide,
  cols: SparseSide,
  nRows: number,
  opts: { shrinkage: number; minSupport: number; keep: number },
  onProgress?: (done: number, total: number) => void,
): Neighbours {
  const acc = new SimAccumulator(nRows);
  const ptr = new Int32Array(nRows + 1);
  const lists: { idx: Int32Array; sim: Float32Array }[] = [];
  for (let a = 0; a < nRows; a++) {
    for (let k = rows.ptr[a]!; k < rows.ptr[a + 1]!; k++) {
      const pivot = rows.other[k]!;
      const ea = rows.resid[k]!;
      for (let q = cols.ptr[pivot]!; q < cols.ptr[pivot + 1]!; q++) acc.add(cols.other[q]!, ea, cols.resid[q]!);
    }
    const l = acc.drain(a, opts.shrinkage, opts.minSupport, opts.keep);
    lists.push(l);
    ptr[a + 1] = ptr[a]! + l.idx.length;
    if (onProgress && (a & 255) === 0) onProgress(a, nRows);
  }
  const idx = new Int32Array(ptr[nRows]!);
  const sim = new Float32Array(ptr[nRows]!);
  lists.forEach((l, a) => {
    idx.set(l.idx, ptr[a]!);
    sim.set(l.sim, ptr[a]!);
  });
  return { ptr, idx, sim };
}
