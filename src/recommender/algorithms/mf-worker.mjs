// Worker thread for Hogwild SGD: views the shared arrays once, then runs the epochs it is
// asked for on its slice of the permutation (reshuffled every epoch).
import { parentPort, workerData } from 'node:worker_threads';
import { sgdRange, shuffleRange } from './mf-kernel.mjs';

const d = workerData;
const state = {
  users: new Int32Array(d.users),
  items: new Int32Array(d.items),
  ratings: new Float32Array(d.ratings),
  perm: new Int32Array(d.perm),
  P: new Float32Array(d.P),
  Q: new Float32Array(d.Q),
  bu: new Float32Array(d.bu),
  bi: new Float32Array(d.bi),
  f: d.f,
  mu: d.mu,
  lr: 0,
  lrBias: 0,
  reg: d.reg,
  regBias: d.regBias,
};

parentPort.on('message', (m) => {
  if (m.type === 'ping') {
    parentPort.postMessage({ type: 'pong' });
    return;
  }
  state.lr = m.lr;
  state.lrBias = m.lrBias;
  shuffleRange(state.perm, m.from, m.to, m.seed);
  const sse = sgdRange(state, m.from, m.to);
  parentPort.postMessage({ type: 'done', sse });
});
