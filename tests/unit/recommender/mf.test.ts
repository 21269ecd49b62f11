import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { MatrixFactorization, mfWorkerUrl } from '../../../src/recommender/algorithms/mf.js';
import { buildTrainingData, historyOf, syntheticRatings } from '../../../src/recommender/data.js';
import { rmse } from '../../../src/recommender/evaluate/metrics.js';

const data = buildTrainingData(syntheticRatings({ users: 300, items: 200, ratings: 12_000, seed: 5 }));

describe('MF worker thread', () => {
  it('loads under the test runner and answers', async () => {
    const w = new Worker(mfWorkerUrl, {
      workerData: {
        users: new SharedArrayBuffer(4),
        items: new SharedArrayBuffer(4),
        ratings: new SharedArrayBuffer(4),
        perm: new SharedArrayBuffer(4),
        P: new SharedArrayBuffer(4),
        Q: new SharedArrayBuffer(4),
        bu: new SharedArrayBuffer(4),
        bi: new SharedArrayBuffer(4),
        f: 1,
        mu: 3,
        reg: 0,
        regBias: 0,
      },
    });
    const reply = await new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
      w.postMessage({ type: 'ping' });
    });
    expect(reply).toEqual({ type: 'pong' });
    await w.terminate();
  });
});

describe('MatrixFactorization', () => {
  it('training error falls epoch after epoch, on one thread and on two (Hogwild workers)', async () => {
    for (const threads of [1, 2]) {
      const m = new MatrixFactorization({ epochs: 12, factors: 16, parallelMin: 0 });
      await m.fit(data, { threads, seed: 2 });
      expect(m.trainingMse.length).toBe(12);
      expect(m.trainingMse.at(-1)!).toBeLessThan(m.trainingMse[0]! * 0.8);
      expect(Array.from(m.P.slice(0, 50)).every(Number.isFinite)).toBe(true);
    }
  });

  it('two threads learn as well as one (same data, training RMSE within 5%)', async () => {
    const trainedRmse = async (threads: number) => {
      const m = new MatrixFactorization({ epochs: 15, factors: 16, parallelMin: 0 });
      await m.fit(data, { threads, seed: 4 });
      return Math.sqrt(m.trainingMse.at(-1)!);
    };
    const one = await trainedRmse(1);
    const two = await trainedRmse(2);
    expect(Math.abs(two - one) / one).toBeLessThan(0.05);
  });

  it('fold-in of a training history reproduces the learned predictions closely', async () => {
    const m = new MatrixFactorization({ epochs: 25, factors: 16 });
    await m.fit(data, { threads: 1, seed: 1 });
    const all = Int32Array.from({ length: data.nItems }, (_, i) => i);
    const folded: number[] = [];
    const learned: number[] = [];
    for (let u = 0; u < 40; u++) {
      const out = new Float32Array(data.nItems);
      m.scoreHistory(historyOf(data, u), out);
      folded.push(...out);
      learned.push(...m.predict(u, all));
    }
    // the two agree far better than either agrees with a constant guess
    const spread = rmse(
      learned,
      learned.map(() => learned.reduce((a, b) => a + b, 0) / learned.length),
    );
    expect(rmse(folded, learned)).toBeLessThan(spread * 0.5);
  });

  it('fold-in moves a user towards what they rated', async () => {
    const m = new MatrixFactorization({ epochs: 20, factors: 16 });
    await m.fit(data, { threads: 1 });
    const item = 3;
    const low = new Float32Array(data.nItems);
    const high = new Float32Array(data.nItems);
    m.scoreHistory({ items: Int32Array.of(item, 10, 20), ratings: Float32Array.of(0.5, 3, 3) }, low);
    m.scoreHistory({ items: Int32Array.of(item, 10, 20), ratings: Float32Array.of(5, 3, 3) }, high);
    expect(high[item]!).toBeGreaterThan(low[item]!);
  });
});
