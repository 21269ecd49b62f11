import { describe, expect, it } from 'vitest';
import { catalogCoverage, mae, rankingScores, rmse, topK } from '../../../src/recommender/evaluate/metrics.js';

describe('rating metrics', () => {
  it('RMSE and MAE by hand', () => {
    // errors 1, -2, 0, 1 -> squares 1,4,0,1 -> mean 1.5; abs mean 1
    expect(rmse([4, 1, 3, 5], [3, 3, 3, 4])).toBeCloseTo(Math.sqrt(1.5), 12);
    expect(mae([4, 1, 3, 5], [3, 3, 3, 4])).toBeCloseTo(1, 12);
  });
});

describe('ranking metrics', () => {
  it('precision, recall, NDCG, hit by hand', () => {
    // relevant {7, 9, 11}; list hits at ranks 1 and 3 (0-based 0 and 2)
    const m = rankingScores([7, 1, 9, 2, 3], new Set([7, 9, 11]), 10);
    expect(m.precision).toBeCloseTo(2 / 10, 12);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    const dcg = 1 / Math.log2(2) + 1 / Math.log2(4);
    const idcg = 1 / Math.log2(2) + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(m.ndcg).toBeCloseTo(dcg / idcg, 12);
    expect(m.hit).toBe(1);
  });

  it('ideal DCG runs over min(relevant, k) and the relevant count may exceed what is rankable', () => {
    const relevant = new Set(Array.from({ length: 12 }, (_, i) => i));
    const perfect = rankingScores([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], relevant, 10);
    expect(perfect.ndcg).toBeCloseTo(1, 12);
    expect(perfect.recall).toBeCloseTo(10 / 12, 12);
    // one relevant item that could not be ranked (count 2, set holds 1)
    const m = rankingScores([5, 6], new Set([5]), 10, 2);
    expect(m.recall).toBe(0.5);
    expect(m.ndcg).toBeCloseTo(1 / (1 + 1 / Math.log2(3)), 12);
  });

  it('a miss scores zero everywhere', () => {
    expect(rankingScores([1, 2], new Set([3]), 10)).toEqual({ precision: 0, recall: 0, ndcg: 0, hit: 0 });
  });

  it('coverage counts distinct items over the catalogue', () => {
    expect(
      catalogCoverage(
        [
          [1, 2, 3],
          [3, 4],
        ],
        10,
      ),
    ).toBeCloseTo(0.4, 12);
  });
});

describe('topK', () => {
  it('picks the best, best first, skipping NaN and exclusions; ties by lower index', () => {
    const s = [0.5, 3, Number.NaN, 3, 9, 1, 2];
    expect(Array.from(topK(s, 3))).toEqual([4, 1, 3]);
    expect(Array.from(topK(s, 3, (i) => i === 4))).toEqual([1, 3, 6]);
    expect(Array.from(topK(s, 10))).toEqual([4, 1, 3, 6, 5, 0]);
    expect(topK(s, 0).length).toBe(0);
  });

  it('agrees with a full sort on random scores', () => {
    let x = 1;
    const s = Float32Array.from({ length: 5000 }, () => ((x = (x * 48271) % 2147483647) % 1000) / 7);
    const expected = Array.from(s.keys())
      .sort((a, b) => s[b]! - s[a]! || a - b)
      .slice(0, 25);
    expect(Array.from(topK(s, 25))).toEqual(expected);
  });
});
