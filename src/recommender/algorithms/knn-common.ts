/**
 * Shared pieces of the neighbourhood models: baseline residuals and sparse top-M neighbour
 * lists under the pearson-baseline similarity with shrinkage (Koren 2010; Surprise's
 * `pearson_baseline`): sim(a, b) = Σ e_a e_b / sqrt(Σ e_a² Σ e_b²) over common raters, times
 * (n_ab - 1) / (n_ab - 1 + shrinkage), where e = rating - baseline.
 */
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
  readonly prod: Float32Array;
  readonly sqA: Float32Array;
  readonly sqB: Float32Array;
  readonly count: Int32Array;
  readonly touched: Int32Array;
  nTouched = 0;
  constructor(n: number) {
    this.prod = new Float32Array(n);
    this.sqA = new Float32Array(n);
    this.sqB = new Float32Array(n);
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
    const { prod, sqA, sqB, count, touched } = this;
    const cand = new Int32Array(this.nTouched);
    const vals = new Float32Array(this.nTouched);
    let m = 0;
    for (let t = 0; t < this.nTouched; t++) {
      const b = touched[t]!;
      const n = count[b]!;
      const den = Math.sqrt(sqA[b]! * sqB[b]!);
      if (b !== self && n >= minSupport && den > 0) {
        const s = (prod[b]! / den) * ((n - 1) / (n - 1 + shrinkage));
        if (s > 0) {
          cand[m] = b;
          vals[m++] = s;
        }
      }
      prod[b] = 0;
      sqA[b] = 0;
      sqB[b] = 0;
      count[b] = 0;
    }
    this.nTouched = 0;
    return bestOf(cand, vals, m, keep);
  }
}

const BINS = 2048;
const histogram = new Int32Array(BINS);

/**
 * The `keep` largest similarities (all in (0, 1]) of the first m candidates, best first, ties
 * by lower index. A histogram finds the cut in O(m), so only about `keep` entries get sorted.
 */
export function bestOf(cand: Int32Array, vals: Float32Array, m: number, keep: number): { idx: Int32Array; sim: Float32Array } {
  let cut = 0;
  if (m > keep) {
    histogram.fill(0);
    for (let t = 0; t < m; t++) histogram[Math.min(BINS - 1, Math.floor(vals[t]! * BINS))]!++;
    let above = 0;
    let bin = BINS - 1;
    for (; bin > 0; bin--) {
      above += histogram[bin]!;
      if (above >= keep) break;
    }
    cut = bin / BINS;
  }
  const order: number[] = [];
  for (let t = 0; t < m; t++) if (vals[t]! >= cut) order.push(t);
  order.sort((a, b) => vals[b]! - vals[a]! || cand[a]! - cand[b]!);
  const n = Math.min(keep, order.length);
  const idx = new Int32Array(n);
  const sim = new Float32Array(n);
  for (let t = 0; t < n; t++) {
    idx[t] = cand[order[t]!]!;
    sim[t] = vals[order[t]!]!;
  }
  return { idx, sim };
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
  const { prod, sqA, sqB, count, touched } = acc;
  const cPtr = cols.ptr;
  const cOther = cols.other;
  const cResid = cols.resid;
  for (let a = 0; a < nRows; a++) {
    let nTouched = 0;
    for (let k = rows.ptr[a]!; k < rows.ptr[a + 1]!; k++) {
      const pivot = rows.other[k]!;
      const ea = rows.resid[k]!;
      const ea2 = ea * ea;
      const end = cPtr[pivot + 1]!;
      for (let q = cPtr[pivot]!; q < end; q++) {
        const b = cOther[q]!;
        const eb = cResid[q]!;
        if (count[b] === 0) touched[nTouched++] = b;
        prod[b]! += ea * eb;
        sqA[b]! += ea2;
        sqB[b]! += eb * eb;
        count[b]!++;
      }
    }
    acc.nTouched = nTouched;
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
