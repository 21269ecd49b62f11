// Worker thread for the kNN similarity pass: views the shared rating sides once, claims chunks
// of rows from a shared counter (so a busy core simply takes fewer chunks), scores each pair
// once into its own heaps over all entities, and hands the heaps back (transferred) at the end
// for the main thread to merge.
import { parentPort, workerData } from 'node:worker_threads';
import { createAccumulator, createHeaps, symmetricRange } from './knn-kernel.mjs';

const d = workerData;
const side = (s) => ({ ptr: new Int32Array(s.ptr), other: new Int32Array(s.other), resid: new Float32Array(s.resid) });
const rows = side(d.rows);
const cols = side(d.cols);
const counter = new Int32Array(d.counter);
const acc = createAccumulator(d.nRows);
const heaps = createHeaps(d.nRows, d.opts.keep);

for (;;) {
  const from = Atomics.add(counter, 0, d.chunk);
  if (from >= d.nRows) break;
  const to = Math.min(d.nRows, from + d.chunk);
  symmetricRange(rows, cols, from, to, d.opts, acc, heaps);
  parentPort.postMessage({ type: 'progress', rows: to - from });
}
const { keep, size, idx, sim, floor } = heaps;
parentPort.postMessage({ type: 'done', heaps: { keep, size, idx, sim, floor } }, [size.buffer, idx.buffer, sim.buffer, floor.buffer]);
