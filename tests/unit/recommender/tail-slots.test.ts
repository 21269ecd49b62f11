import { describe, expect, it } from 'vitest';
import { rng } from '../../../src/recommender/data.js';
import { topK } from '../../../src/recommender/evaluate/metrics.js';
import { tailMaxCount, tailSlots } from '../../../src/recommender/tail-slots.js';

/** A random case: scores (some zero; no other ties, whose order is the index's), ratings counts, a history to skip. */
function randomCase(seed: number) {
  const rand = rng(seed);
  const n = 20 + Math.floor(rand() * 60);
  const scores = Float32Array.from({ length: n }, () => (rand() < 0.1 ? 0 : rand()));
  const count = Int32Array.from({ length: n }, () => Math.floor(Math.pow(rand(), 3) * 200));
  const rated = new Set(Array.from({ length: Math.floor(rand() * 8) }, () => Math.floor(rand() * n)));
  const maxTail = 1 + Math.floor(rand() * 30);
  return {
    scores,
    count,
    rated,
    places: 3 + Math.floor(rand() * 10),
    slots: Math.floor(rand() * 6),
    ratio: 0.3 + rand() * 0.7,
    isTail: (i: number) => count[i]! <= maxTail,
    skip: (i: number) => rated.has(i),
  };
}

describe('long-tail places', () => {
  it('on random cases: only the last places change, only to tail films, each within the ratio of the film it displaced; scores are only exchanged', () => {
    let swapsSeen = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const c = randomCase(seed);
      const before = c.scores.slice();
      const out = c.scores.slice();
      const swaps = tailSlots(out, c);
      swapsSeen += swaps;
      expect([...out].sort()).toEqual([...before].sort()); // the same values, exchanged
      for (const i of c.rated) expect(out[i]).toBe(before[i]); // the history is never touched
      const places = Math.min(c.places, before.length - c.rated.size);
      const was = topK(before, places, c.skip);
      const now = topK(out, places, c.skip);
      const fixed = Math.max(0, places - c.slots);
      // the first places keep their films (ties aside, their scores are unchanged)
      for (let r = 0; r < fixed; r++) expect(out[now[r]!]).toBe(before[was[r]!]);
      let entered = 0;
      for (let r = fixed; r < now.length; r++) {
        const film = now[r]!;
        if (was.includes(film)) continue;
        entered++;
        expect(c.isTail(film)).toBe(true);
        expect(c.skip(film)).toBe(false);
        // it took the place (and the score) of a film that was shown there
        expect(before[film]!).toBeGreaterThanOrEqual(c.ratio * out[film]! - 1e-6);
      }
      expect(entered).toBeLessThanOrEqual(swaps);
      expect(swaps).toBeLessThanOrEqual(c.slots);
    }
    expect(swapsSeen).toBeGreaterThan(50); // the premise: the cases do swap
  });

  it('never raises a tail film above the place it takes, and never moves a film that scores no better than the tail', () => {
    const out = Float32Array.of(1, 0.9, 0.8, 0.7, 0.68, 0.5, 0.1);
    const count = [90, 80, 70, 60, 3, 2, 1];
    const swaps = tailSlots(out, { places: 4, slots: 2, ratio: 0.9, isTail: (i) => count[i]! <= 5, skip: () => false });
    // place 3 (0.8): 0.68 < 0.72, no swap; place 4 (0.7): 0.68 >= 0.63, the tail film takes it
    expect(swaps).toBe(1);
    expect([...topK(out, 4)]).toEqual([0, 1, 2, 4]);
    expect(out[4]).toBeCloseTo(0.7);
    expect(out[3]).toBeCloseTo(0.68);
  });

  it('changes nothing with no slots, a ratio above 1 (a film outside the list never outscores one in it), or a list shorter than its places', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const c = randomCase(seed);
      for (const o of [
        { ...c, slots: 0 },
        { ...c, ratio: 1.0001 },
        { ...c, places: c.scores.length + 1 },
      ]) {
        const out = c.scores.slice();
        expect(tailSlots(out, o)).toBe(0);
        expect(out).toEqual(c.scores);
      }
    }
  });

  it('the tail is a share of the rated films, whatever the catalogue size', () => {
    const count = Int32Array.of(0, 0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55);
    expect(tailMaxCount(count, 0.5)).toBe(5); // 10 rated films: the fifth least rated
    expect(tailMaxCount(count, 0.9)).toBe(34);
    expect(tailMaxCount(count, 1)).toBe(55);
    expect(tailMaxCount(count, 0)).toBe(1);
    expect(tailMaxCount(new Int32Array(4), 0.9)).toBe(0);
    const scaled = Int32Array.from(count, (c) => c * 100);
    expect(tailMaxCount(scaled, 0.9)).toBe(3400);
  });
});
