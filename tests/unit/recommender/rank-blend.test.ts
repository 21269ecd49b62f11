import { describe, expect, it } from 'vitest';
import { blendComponents, keepHead, penaltyExponent, penaltyValues } from '../../../src/recommender/rank-blend.js';

describe('rank blend', () => {
  const count = Int32Array.of(100, 10, 0);
  const ranker = { name: 'ease', weight: 1, scores: Float32Array.of(1, 0.8, 0.5) };

  it('stars and the penalty multiply the ranker terms; popularity adds after them for a history, and is a ranker term without one', () => {
    const liking = { name: 'rating', weight: 1, scores: Float32Array.of(0, 0.5, 1) };
    const pop = { name: 'popularity', weight: 0.1, scores: Float32Array.of(1, 0.5, 0) };
    const out = new Float32Array(3);
    blendComponents([ranker, liking, pop], out, { hasHistory: true, penalty: null, coldPop: 0, count });
    expect([...out].map((x) => +x.toFixed(3))).toEqual([1.1, 1.25, 1]);
    blendComponents([ranker, liking, pop], out, { hasHistory: false, penalty: null, coldPop: 0, count });
    expect([...out].map((x) => +x.toFixed(3))).toEqual([1.1, 1.275, 1]);
    const pen = penaltyValues(count, 5, 0.5);
    blendComponents([ranker], out, { hasHistory: true, penalty: pen, coldPop: 0, count });
    expect(out[0]!).toBeCloseTo(1 / Math.sqrt(101));
    expect(out[2]!).toBeCloseTo(0.5 / Math.sqrt(6)); // below the floor counts as the floor
  });

  it('the penalty table matches the formula, also for counts larger than the catalogue', () => {
    const big = Int32Array.of(0, 3, 7, 5000);
    const pen = penaltyValues(big, 2, 0.3);
    [...big].forEach((c, i) => expect(pen[i]!).toBeCloseTo(Math.pow(1 + Math.max(c, 2), -0.3), 6));
    const small = Int32Array.of(0, 3, 2, 1);
    const p2 = penaltyValues(small, 2, 0.3);
    [...small].forEach((c, i) => expect(p2[i]!).toBeCloseTo(Math.pow(1 + Math.max(c, 2), -0.3), 6));
  });

  it('cold popularity adds count / max count', () => {
    const out = new Float32Array(3);
    blendComponents([ranker], out, { hasHistory: true, penalty: null, coldPop: 0.5, count });
    expect([...out].map((x) => +x.toFixed(3))).toEqual([1.5, 0.85, 0.5]);
  });

  it('the penalty exponent follows warmth and history length', () => {
    const p = { popPenalty: 0.4, penaltyHistoryExp: -0.5, penaltyRefHistory: 50, coldHistory: 10 };
    expect(penaltyExponent(0, 0, p)).toBe(0);
    expect(penaltyExponent(50, 1, p)).toBeCloseTo(0.4);
    expect(penaltyExponent(200, 1, p)).toBeCloseTo(0.2);
    expect(penaltyExponent(5, 0.5, p)).toBeCloseTo(0.2 * Math.sqrt(5));
    expect(penaltyExponent(200, 1, { ...p, penaltyHistoryExp: 0 })).toBeCloseTo(0.4);
  });

  it('the head keeps the best unpenalised films first, in their order, and leaves the rest to the penalised score', () => {
    const plain = Float32Array.of(0.9, 1, 0.8, 0.2, 0.1);
    const out = Float32Array.of(0.1, 0.2, 0.05, 0.5, 0.4);
    keepHead(plain, out, 2, (i) => i === 1); // film 1 is in the history
    const order = [...out.keys()].sort((a, b) => out[b]! - out[a]!);
    expect(order.slice(0, 2)).toEqual([0, 2]);
    expect(order.slice(2)).toEqual([3, 4, 1]);
    // a small step above the rest: later boosts still count
    expect(out[0]!).toBeLessThan(0.5 * 1.05);
    const none = Float32Array.of(3, 2, 1);
    keepHead(plain.subarray(0, 3), none, 0, () => false);
    expect([...none]).toEqual([3, 2, 1]);
  });
});
