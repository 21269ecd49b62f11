import { describe, expect, it } from 'vitest';
import { Rp3Beta } from '../../../src/recommender/algorithms/rp3beta.js';
import { buildTrainingData } from '../../../src/recommender/data.js';

// user 1 rated movies 10 and 20, user 2 rated 20 and 30
const data = buildTrainingData({
  userIds: Int32Array.of(1, 1, 2, 2),
  movieIds: Int32Array.of(10, 20, 20, 30),
  ratings: Float32Array.of(4, 4, 4, 4),
});
const [a, b, c] = [10, 20, 30].map((m) => data.itemIndex.get(m)!) as [number, number, number];
const one = (i: number) => ({ items: Int32Array.of(i), ratings: Float32Array.of(4) });

describe('RP3beta', () => {
  it('computes the three-step walk item -> user -> item by hand (beta 0)', () => {
    const m = new Rp3Beta({ alpha: 1, beta: 0, topK: 10 });
    m.fit(data);
    const out = new Float32Array(3);
    m.scoreHistory(one(a), out); // 10 -> user 1 (1/1) -> 20 (1/2)
    expect([...out]).toEqual([0, 0.5, 0]);
    m.scoreHistory(one(b), out); // 20 -> user 1 or 2 (1/2 each) -> 10 or 30 (1/2 each)
    expect([...out]).toEqual([0.25, 0, 0.25]);
  });

  it('scores a few films as it scores the catalogue, call after call (the scratch is put back)', () => {
    const m = new Rp3Beta({ alpha: 1, beta: 0.3, minRating: 0 });
    m.fit(data);
    const films = Int32Array.of(c, a, b, data.nItems + 2);
    for (const h of [one(a), { items: Int32Array.of(a, c), ratings: Float32Array.of(5, 2) }, one(b)]) {
      const all = new Float32Array(data.nItems);
      m.scoreHistory(h, all);
      const few = new Float32Array(films.length);
      m.scoreItems(h, films, few);
      expect([...few.subarray(0, 3)]).toEqual([all[c]!, all[a]!, all[b]!]);
      expect(few[3]).toBeNaN();
    }
  });

  it('beta divides by the popularity of the destination', () => {
    const m = new Rp3Beta({ alpha: 1, beta: 1, topK: 10 });
    m.fit(data);
    const out = new Float32Array(3);
    m.scoreHistory(one(a), out);
    expect(out[b]).toBeCloseTo(0.25, 6); // 0.5 / 2 ratings
    expect(out[c]).toBe(0);
  });

  it('keeps only the top-k neighbours per item', () => {
    const m = new Rp3Beta({ alpha: 1, beta: 0, topK: 1 });
    m.fit(data);
    expect(m.weights!.rowPtr[b + 1]! - m.weights!.rowPtr[b]!).toBe(1);
  });

  it('an empty history gives NaN (nothing to walk from)', () => {
    const m = new Rp3Beta();
    m.fit(data);
    const out = new Float32Array(3);
    m.scoreHistory({ items: new Int32Array(0), ratings: new Float32Array(0) }, out);
    expect([...out].every(Number.isNaN)).toBe(true);
  });
});
