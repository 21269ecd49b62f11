import { describe, expect, it } from 'vitest';
import { ItemKnn } from '../../../src/recommender/algorithms/item-knn.js';
import { fitBiases } from '../../../src/recommender/algorithms/baseline.js';
import { bestOf, neighbourLists, residuals, type Neighbours, type SparseSide } from '../../../src/recommender/algorithms/knn-common.js';
import { accumulate, createAccumulator, drain } from '../../../src/recommender/algorithms/knn-kernel.mjs';
import { findNeighbours } from '../../../src/recommender/algorithms/knn-parallel.js';
import { UserKnn } from '../../../src/recommender/algorithms/user-knn.js';
import { buildTrainingData, historyOf, syntheticRatings } from '../../../src/recommender/data.js';

describe('pearson-baseline neighbour lists', () => {
  it('matches a hand computation, with shrinkage, positive only, best first', () => {
    // 3 items (rows) over 3 users (pivots); residuals given directly.
    // item0: u0 1, u1 -1, u2 2 ; item1: u0 1, u1 -1 ; item2: u0 -1, u2 -2
    const rows = {
      ptr: Int32Array.of(0, 3, 5, 7),
      other: Int32Array.of(0, 1, 2, 0, 1, 0, 2),
      resid: Float32Array.of(1, -1, 2, 1, -1, -1, -2),
    };
    const cols = {
      ptr: Int32Array.of(0, 3, 5, 7),
      other: Int32Array.of(0, 1, 2, 0, 1, 0, 2),
      resid: Float32Array.of(1, 1, -1, -1, -1, 2, -2),
    };
    const nb = neighbourLists(rows, cols, 3, { shrinkage: 1, minSupport: 1, keep: 5 });
    // sim(0,1): common u0,u1: prod 1*1 + (-1)(-1) = 2; sqA = 2, sqB = 2 -> 1; shrink (2-1)/(2-1+1) = 0.5
    // sim(0,2): common u0,u2: prod -1 + -4 = -5 -> negative, dropped
    expect(Array.from(nb.idx.subarray(nb.ptr[0]!, nb.ptr[1]!))).toEqual([1]);
    expect(nb.sim[nb.ptr[0]!]).toBeCloseTo(0.5, 6);
    expect(Array.from(nb.idx.subarray(nb.ptr[2]!, nb.ptr[3]!))).toEqual([]);
  });

  it('bestOf keeps exactly the largest, sorted, ties by lower index', () => {
    let x = 9;
    const n = 5000;
    const vals = Float32Array.from({ length: n }, () => ((x = (x * 48271) % 2147483647) % 10000) / 10000 + 1e-4);
    const cand = Int32Array.from({ length: n }, (_, i) => i);
    const got = bestOf(cand, vals, n, 300);
    const want = Array.from(cand)
      .sort((a, b) => vals[b]! - vals[a]! || a - b)
      .slice(0, 300);
    expect(Array.from(got.idx)).toEqual(want);
    expect(bestOf(cand, vals, 3, 10).idx.length).toBe(3);
  });
});

/** The plain definition: each row against every other, its best `keep` (ties: lower index). */
function reference(
  rows: SparseSide,
  cols: SparseSide,
  n: number,
  opts: { shrinkage: number; minSupport: number; keep: number },
): Neighbours {
  const acc = createAccumulator(n);
  const ptr = new Int32Array(n + 1);
  const idx: number[] = [];
  const sim: number[] = [];
  for (let a = 0; a < n; a++) {
    for (let k = rows.ptr[a]!; k < rows.ptr[a + 1]!; k++) {
      const p = rows.other[k]!;
      for (let q = cols.ptr[p]!; q < cols.ptr[p + 1]!; q++) accumulate(acc, cols.other[q]!, rows.resid[k]!, cols.resid[q]!);
    }
    const l = drain(acc, a, opts.shrinkage, opts.minSupport, opts.keep);
    idx.push(...l.idx);
    sim.push(...l.sim);
    ptr[a + 1] = idx.length;
  }
  return { ptr, idx: Int32Array.from(idx), sim: Float32Array.from(sim) };
}

describe('the similarity pass (each pair scored once, on one thread or on workers)', () => {
  const data = buildTrainingData(syntheticRatings({ users: 300, items: 120, ratings: 9000, seed: 4 }));
  const e = residuals(data, fitBiases(data, 15, 10, 5));
  // residuals on a coarse grid: many equal similarities, so ties must break the same way
  const coarse = (a: Float32Array) => a.map((x) => Math.round(x * 2) / 2);
  const users = { ptr: data.userPtr, other: data.userItems, resid: coarse(e.csr) };
  const items = { ptr: data.itemPtr, other: data.itemUsers, resid: coarse(e.csc) };
  const opts = { shrinkage: 10, minSupport: 2, keep: 7 };

  it.each([
    ['users', users, items, data.nUsers],
    ['items', items, users, data.nItems],
  ] as const)('neighbours of %s equal the row-by-row definition, ties by lower index', async (_side, rows, cols, n) => {
    const want = reference(rows, cols, n, opts);
    expect(want.idx.length).toBeGreaterThan(n);
    for (const got of [neighbourLists(rows, cols, n, opts), await findNeighbours(rows, cols, n, opts, { threads: 2, parallelMin: 0 })]) {
      expect(Array.from(got.ptr)).toEqual(Array.from(want.ptr));
      expect(Array.from(got.idx)).toEqual(Array.from(want.idx));
      expect(Array.from(got.sim)).toEqual(Array.from(want.sim));
    }
  });
});

describe('kNN models', () => {
  const data = buildTrainingData(syntheticRatings({ users: 200, items: 150, ratings: 8000, seed: 9 }));
  const all = Int32Array.from({ length: data.nItems }, (_, i) => i);

  it.each([
    ['item', () => new ItemKnn({ k: 20 })],
    ['user', () => new UserKnn({ k: 20 })],
  ])('%s-kNN: fold-in of a training history gives its training predictions', async (_kind, make) => {
    const m = make();
    await m.fit(data);
    for (const u of [0, 17, 150]) {
      const out = new Float32Array(data.nItems);
      m.scoreHistory(historyOf(data, u), out);
      const p = m.predict(u, all);
      for (let i = 0; i < data.nItems; i++) expect(out[i]!).toBeCloseTo(p[i]!, 4);
    }
  });

  it('user-kNN stars for a few items equal its whole-catalogue scoring, in any order', async () => {
    const m = new UserKnn({ k: 20 });
    await m.fit(data);
    const few = Int32Array.of(149, 3, -1, 77, 3, 400);
    for (const u of [0, 42, 199]) {
      const whole = new Float32Array(data.nItems);
      m.scoreHistory(historyOf(data, u), whole);
      const p = m.predict(u, few);
      expect(Number.isNaN(p[2]!) && Number.isNaN(p[5]!)).toBe(true);
      for (const t of [0, 1, 3, 4]) expect(p[t]!).toBeCloseTo(whole[few[t]!]!, 4);
    }
  });

  it('item-kNN exposes similar items, most similar first', async () => {
    const m = new ItemKnn();
    await m.fit(data);
    const s = m.similarTo(0);
    expect(s.items.length).toBeGreaterThan(0);
    for (let t = 1; t < s.sims.length; t++) expect(s.sims[t]!).toBeLessThanOrEqual(s.sims[t - 1]!);
    expect(m.similarTo(-1).items.length).toBe(0);
  });
});
