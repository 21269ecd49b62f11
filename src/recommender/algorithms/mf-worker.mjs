// Worker thread for Hogwild SGD: views the shared arrays once, then runs the epochs it is
// asked for on its slice of the permutation (reshuffled every epoch).
import { parentPort, workerData } from 'node:worker_threads';
import { sgdRange, sgdUsers, shuffleRange } from './mf-kernel.mjs';

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
const userOrder = d.userOrder ? new Int32Array(d.userOrder) : null;
const userPtr = d.userPtr ? new Int32Array(d.userPtr) : null;

parentPort.on('message', (m) => {
  if (m.type === 'ping') {
    parentPort.postMessage({ type: 'pong' });
    return;
  }
  state.lr = m.lr;
  state.lrBias = m.lrBias;
  let sse;
  if (m.byUser && userOrder && userPtr) sse = sgdUsers(state, userOrder, userPtr, m.from, m.to, m.seed);
  else {
    shuffleRange(state.perm, m.from, m.to, m.seed);
    sse = sgdRange(state, m.from, m.to);
  }
  parentPort.postMessage({ type: 'done', sse });
});
