import { describe, expect, it } from 'vitest';
import { denseTimes, Ease, historyWeights } from '../../../src/recommender/algorithms/ease.js';
import { invertSpdInPlace } from '../../../src/recommender/algorithms/dense.js';
import { buildTrainingData } from '../../../src/recommender/data.js';

function randomData(users: number, items: number, perUser: number, seed = 9) {
  let s = seed;
  const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const u: number[] = [];
  const m: number[] = [];
  const r: number[] = [];
  for (let a = 1; a <= users; a++) {
    const seen = new Set<number>();
    while (seen.size < perUser) seen.add(1 + Math.floor(Math.pow(rand(), 2) * items));
    for (const x of seen) {
      u.push(a);
      m.push(x);
      r.push(0.5 + Math.floor(rand() * 10) / 2);
    }
  }
  return buildTrainingData({ userIds: Int32Array.from(u), movieIds: Int32Array.from(m), ratings: Float32Array.from(r) });
}

describe('invertSpdInPlace', () => {
  it('inverts a symmetric positive-definite matrix', () => {
    const a = Float64Array.of(4, 1, 0, 1, 3, 1, 0, 1, 2);
    const inv = Float64Array.from(a);
    invertSpdInPlace(inv, 3);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += a[i * 3 + k]! * inv[k * 3 + j]!;
        expect(s).toBeCloseTo(i === j ? 1 : 0, 10);
      }
  });
});

describe('denseTimes', () => {
  it.each([1, 2, 5, 6])('multiplies an %i x %i matrix by a vector like the row-by-row loop', (m) => {
    const k = Float64Array.from({ length: m * m }, (_, i) => ((i * 37) % 11) - 5 + i / 7);
    const a = Float64Array.from({ length: m }, (_, i) => (i % 3) - 1.5 + i);
    const want = Array.from({ length: m }, (_, v) => a.reduce((s, x, u) => s + k[v * m + u]! * x, 0));
    const got = denseTimes(k, m, a);
    want.forEach((w, v) => expect(got[v]!).toBeCloseTo(w, 9));
  });
});

describe('EASE', () => {
  it('the user-side (Woodbury) form scores exactly like the item-side closed form', () => {
    const data = randomData(30, 60, 12);
    const dual = new Ease({ lambda: 5, maxUsers: 1000, ratingWeight: 0.5 });
    const primal = new Ease({ lambda: 5, maxUsers: 0, maxItems: 1000, ratingWeight: 0.5 });
    dual.fit(data);
    primal.fit(data);
    // a short history takes the per-film rows of K^-1 X^T, a long one the m x m product
    const short = { items: Int32Array.of(1, 4, 9, 20), ratings: Float32Array.of(5, 3, 4, 1) };
    const long = {
      items: Int32Array.from({ length: 20 }, (_, t) => t * 3),
      ratings: Float32Array.from({ length: 20 }, (_, t) => 1 + (t % 5)),
    };
    for (const h of [short, long]) {
      const a = new Float32Array(data.nItems);
      const b = new Float32Array(data.nItems);
      dual.scoreHistory(h, a);
      primal.scoreHistory(h, b);
      for (let j = 0; j < data.nItems; j++) {
        if (h.items.includes(j)) continue; // the dual form zeroes what was rated
        expect(a[j]!).toBeCloseTo(b[j]!, 4);
      }
    }
  });

  it('scores a few films as it scores the catalogue, in both forms (restricted to the most rated films too)', () => {
    const data = randomData(30, 60, 12);
    const forms = [
      new Ease({ lambda: 5, maxUsers: 1000, ratingWeight: 0.5 }),
      new Ease({ lambda: 5, maxUsers: 0, maxItems: 1000, ratingWeight: 0.5 }),
      new Ease({ lambda: 5, maxUsers: 0, maxItems: 25, ratingWeight: 0.5 }),
    ];
    const h = { items: Int32Array.of(1, 4, 9, 20, 33), ratings: Float32Array.of(5, 3, 4, 1, 4.5) };
    const films = Int32Array.of(0, 4, 7, 21, 40, 59, 2, 60);
    for (const e of forms) {
      e.fit(data);
      const all = new Float32Array(data.nItems);
      e.scoreHistory(h, all);
      const few = new Float32Array(films.length);
      e.scoreItems(h, films, few);
      films.forEach((i, q) => {
        if (i >= data.nItems) expect(few[q]).toBeNaN();
        else if (Number.isNaN(all[i]!)) expect(few[q]).toBeNaN();
        else expect(few[q]!).toBeCloseTo(all[i]!, 4);
      });
    }
  });

  it('scores movies nobody rated as 0 and rated ones as 0 (never recommended back)', () => {
    const data = buildTrainingData(
      { userIds: Int32Array.of(1, 1, 2, 2), movieIds: Int32Array.of(10, 20, 20, 30), ratings: Float32Array.of(4, 4, 4, 4) },
      { extraMovieIds: [99] },
    );
    const e = new Ease({ lambda: 1 });
    e.fit(data);
    const out = new Float32Array(data.nItems);
    e.scoreHistory({ items: Int32Array.of(data.itemIndex.get(10)!), ratings: Float32Array.of(5) }, out);
    expect(out[data.itemIndex.get(99)!]).toBe(0);
    expect(out[data.itemIndex.get(10)!]).toBe(0);
    expect(out[data.itemIndex.get(20)!]!).toBeGreaterThan(out[data.itemIndex.get(30)!]!);
  });

  it('weights liked history items above disliked ones', () => {
    const w = historyWeights({ items: Int32Array.of(0, 1, 2), ratings: Float32Array.of(5, 3, 1) }, 0.5, 0.1);
    expect([...w]).toEqual([2, 1, Math.fround(0.1)]);
    expect([...historyWeights({ items: Int32Array.of(0), ratings: Float32Array.of(2) }, 0, 0.1)]).toEqual([1]);
  });

  it('save/load restores both forms exactly', () => {
    const data = randomData(20, 40, 8);
    for (const params of [
      { maxUsers: 1000, maxItems: 1200 },
      { maxUsers: 0, maxItems: 30 },
    ]) {
      const e = new Ease({ lambda: 3, ...params });
      e.fit(data);
      const copy = new Ease();
      copy.load(e.save().slice());
      const h = { items: Int32Array.of(2, 3), ratings: Float32Array.of(4, 2) };
      const a = new Float32Array(data.nItems);
      const b = new Float32Array(data.nItems);
      e.scoreHistory(h, a);
      copy.scoreHistory(h, b);
      expect([...b]).toEqual([...a]);
    }
  });
});
