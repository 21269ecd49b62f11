/**
 * A scoring worker thread: builds the serving model from the shared bytes it was started with
 * (decode, catalogue, derived structures: all here, off the main thread), says it is ready,
 * then answers calls one at a time. One worker serves one model version for its whole life:
 * a new version gets new workers, so loading never queues behind, or ahead of, a request.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CatalogueMissingError, decodeServingModel } from './model-file.js';
import { dispatch } from './dispatch.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';
import { Scorer } from './scorer.js';

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (m: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer ?? []);

let scorer: Scorer | null = null;
try {
  const t0 = performance.now();
  const model = decodeServingModel(new Uint8Array(init.bytes), init.catalogue ? new Map(init.catalogue) : undefined);
  scorer = new Scorer(model, init.maxScoreBytes, init.candidates);
  post({ type: 'ready', decodeMs: performance.now() - t0 });
} catch (e) {
  post({ type: 'failed', message: e instanceof Error ? e.message : String(e), catalogueMissing: e instanceof CatalogueMissingError });
}

port.on('message', (m: ToWorker) => {
  if (m.type !== 'call' || !scorer) return;
  try {
    const value = dispatch(scorer, m.call);
    // stars arrays go back without a copy
    post({ type: 'result', id: m.id, ok: true, value }, value instanceof Float32Array ? [value.buffer as ArrayBuffer] : []);
  } catch (e) {
    post({ type: 'result', id: m.id, ok: false, message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
