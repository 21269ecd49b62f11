/**
 * The kNN similarity pass split across worker threads. Every pair is scored by the same
 * kernel (knn-kernel.mjs) whichever thread takes its row, and the merge keeps the same best
 * `keep` per entity, so the lists are identical to the single-thread ones; workers claim
 * chunks of rows from a shared counter, which balances the load when another process holds
 * a core.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { heapsToLists, type Heaps, type NeighbourOptions, type SparseSide } from './knn-kernel.mjs';
import { neighbourLists, type Neighbours } from './knn-common.js';

/** The URL of the worker script (plain .mjs: loads under node, tsx and vitest alike). */
export const knnWorkerUrl = new URL('./knn-worker.mjs', import.meta.url);

export interface ParallelOptions {
  /** Worker threads (default: all cores); 1 stays on this thread. */
  threads?: number | undefined;
  /** Estimated work (co-rating visits) below which the search stays on this thread: workers cost ~50 ms to start. */
  parallelMin?: number | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/** Co-rating visits of a full search (twice those of the pass): Σ over pivots of (row-side count x column-side count). */
export function searchWork(rows: SparseSide, cols: SparseSide): number {
  const nPivots = cols.ptr.length - 1;
  const rowCount = new Float64Array(nPivots);
  for (let k = 0; k < rows.other.length; k++) rowCount[rows.other[k]!]!++;
  let work = 0;
  for (let p = 0; p < nPivots; p++) work += rowCount[p]! * (cols.ptr[p + 1]! - cols.ptr[p]!);
  return work;
}

const toShared = <T extends Int32Array | Float32Array>(a: T): SharedArrayBuffer => {
  const buf = new SharedArrayBuffer(a.byteLength);
  new Uint8Array(buf).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return buf;
};

const sharedSide = (s: SparseSide) => ({ ptr: toShared(s.ptr), other: toShared(s.other), resid: toShared(s.resid) });

/** neighbourLists() on worker threads when the pass is big enough to pay for them. */
export async function findNeighbours(
  rows: SparseSide,
  cols: SparseSide,
  nRows: number,
  opts: NeighbourOptions,
  par: ParallelOptions = {},
): Promise<Neighbours> {
  const threads = Math.max(1, Math.min(par.threads ?? availableParallelism(), 8));
  if (threads === 1 || nRows < 2 * threads || searchWork(rows, cols) < (par.parallelMin ?? 2e8)) {
    return neighbourLists(rows, cols, nRows, opts, par.onProgress);
  }
  const workerData = {
    rows: sharedSide(rows),
    cols: sharedSide(cols),
    opts: { shrinkage: opts.shrinkage, minSupport: opts.minSupport, keep: opts.keep },
    counter: new SharedArrayBuffer(4),
    nRows,
    // small enough to balance two busy cores (rows cost more as the index grows: each pair
    // is scored from its higher row), large enough that the messages cost nothing
    chunk: Math.max(8, Math.min(256, Math.ceil(nRows / (threads * 64)))),
  };
  let done = 0;
  const workers = Array.from({ length: threads }, () => new Worker(knnWorkerUrl, { workerData }));
  try {
    const parts = await Promise.all(
      workers.map(
        (w) =>
          new Promise<Heaps>((resolve, reject) => {
            w.on('message', (m: { type: 'progress'; rows: number } | { type: 'done'; heaps: Heaps }) => {
              if (m.type === 'done') return resolve(m.heaps);
              done += m.rows;
              par.onProgress?.(done, nRows);
            });
            w.on('error', reject);
            w.on('exit', (code) => reject(new Error(`kNN worker exited (code ${code}) before handing back its lists`)));
          }),
      ),
    );
    if (done !== nRows) throw new Error(`kNN workers covered ${done} of ${nRows} rows`);
    return heapsToLists(parts, nRows, opts.keep);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
