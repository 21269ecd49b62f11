import { describe, expect, it } from 'vitest';
import { topK } from '../../../src/recommender/topk.js';

describe('topK', () => {
  it('matches a full sort, ties to the lower index', () => {
    let seed = 3;
    const rand = () => ((seed = (seed * 16807) % 2147483647) % 1000) / 100;
    const scores = Float32Array.from({ length: 500 }, () => Math.round(rand()));
    const expected = Array.from(scores.keys())
      .sort((a, b) => scores[b]! - scores[a]! || a - b)
      .slice(0, 25);
    expect([...topK(scores, 25)]).toEqual(expected);
  });
  it('skips NaN, -Infinity and rejected items', () => {
    const scores = Float32Array.of(5, Number.NaN, 4, -Infinity, 3, 2);
    expect([...topK(scores, 10)]).toEqual([0, 2, 4, 5]);
    expect([...topK(scores, 2, (i) => i !== 0)]).toEqual([2, 4]);
  });
});
