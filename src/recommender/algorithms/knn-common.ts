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
export type RatingViews = Pick<
  TrainingData,
  'nUsers' | 'nItems' | 'nRatings' | 'userPtr' | 'userItems' | 'userRatings' | 'itemPtr' | 'itemUsers' | 'itemRatings'
>;

export function residuals(data: RatingViews, b: Biases): { csr: Float32Array; csc: Float32Array } {
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

/**
 * Both views of the ratings from the by-user one alone: the by-item view is its transpose,
 * users ascending within an item, as buildTrainingData orders it.
 */
export function ratingViews(userPtr: Int32Array, userItems: Int32Array, userRatings: Float32Array, nItems: number): RatingViews {
  const nUsers = userPtr.length - 1;
  const n = userItems.length;
  const itemPtr = new Int32Array(nItems + 1);
  for (let k = 0; k < n; k++) itemPtr[userItems[k]! + 1]!++;
  for (let i = 0; i < nItems; i++) itemPtr[i + 1]! += itemPtr[i]!;
  const fill = itemPtr.slice(0, nItems);
  const itemUsers = new Int32Array(n);
  const itemRatings = new Float32Array(n);
  for (let u = 0; u < nUsers; u++) {
    for (let k = userPtr[u]!; k < userPtr[u + 1]!; k++) {
      const at = fill[userItems[k]!]!++;
      itemUsers[at] = u;
      itemRatings[at] = userRatings[k]!;
    }
  }
  return { nUsers, nItems, nRatings: n, userPtr, userItems, userRatings, itemPtr, itemUsers, itemRatings };
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
