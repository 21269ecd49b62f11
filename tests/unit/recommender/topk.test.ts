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
  it('among given items (in catalogue order) answers as the pass over every item when the others score -Infinity, ties too', () => {
    let seed = 11;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const scores = new Float32Array(2000).fill(Number.NEGATIVE_INFINITY);
    const among = Int32Array.from(new Set(Array.from({ length: 300 }, () => Math.floor(rand() * 2000)))).sort();
    for (const i of among) scores[i] = Math.round(rand() * 20) / 4; // many ties
    const accept = (i: number) => i % 7 !== 0;
    expect([...topK(scores, 40, accept, among)]).toEqual([...topK(scores, 40, accept)]);
  });
  it('skips NaN, -Infinity and rejected items', () => {
    const scores = Float32Array.of(5, Number.NaN, 4, -Infinity, 3, 2);
    expect([...topK(scores, 10)]).toEqual([0, 2, 4, 5]);
    expect([...topK(scores, 2, (i) => i !== 0)]).toEqual([2, 4]);
  });
});
