/**
 * Shared pieces of the neighbourhood models: baseline residuals and sparse top-M neighbour
 * lists under the pearson-baseline similarity with shrinkage (Koren 2010; Surprise's
 * `pearson_baseline`): sim(a, b) = Σ e_a e_b / sqrt(Σ e_a² Σ e_b²) over common raters, times
 * (n_ab - 1) / (n_ab - 1 + shrinkage), where e = rating - baseline.
 */
import type { TrainingData } from '../types.js';
import type { Biases } from './baseline.js';
import {
  bestOf,
  createAccumulator,
  createHeaps,
  heapsToLists,
  symmetricRange,
  type NeighbourOptions,
  type SparseSide,
} from './knn-kernel.mjs';

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
export type { SparseSide };
export { bestOf };

/**
 * Top-M neighbours of every entity on `rows` (e.g. items), through the pivot side `cols`
 * (e.g. users; the transpose of `rows`), on this thread: cost Σ over pivots of
 * (ratings per pivot)² / 2, each pair being scored once (see knn-kernel.mjs).
 * knn-parallel.ts splits the same pass across worker threads, with the same lists.
 */
export function neighbourLists(
  rows: SparseSide,
  cols: SparseSide,
  nRows: number,
  opts: NeighbourOptions,
  onProgress?: (done: number, total: number) => void,
): Neighbours {
  const acc = createAccumulator(nRows);
  const heaps = createHeaps(nRows, opts.keep);
  const step = 256;
  for (let from = 0; from < nRows; from += step) {
    const to = Math.min(nRows, from + step);
    symmetricRange(rows, cols, from, to, opts, acc, heaps);
    onProgress?.(to, nRows);
  }
  return heapsToLists([heaps], nRows, opts.keep);
}
