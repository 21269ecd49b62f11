import { describe, expect, it } from 'vitest';
import { becauseYouLiked, explainPick, type ExplainContext } from '../../../src/recommender/explain.js';

// items: 0 Alien, 1 Aliens, 2 Heat, 3 Prometheus (the pick), 4 Obscure
const titles = ['Alien', 'Aliens', 'Heat', 'Prometheus', 'Obscure'];
const rows: Record<number, [number[], number[]]> = {
  3: [
    [0, 1, 2],
    [0.9, 0.8, 0.7],
  ],
};

function ctx(over: Partial<ExplainContext> = {}): ExplainContext {
  return {
    history: { items: Int32Array.of(0, 1, 2), ratings: Float32Array.of(5, 4.5, 2) },
    components: [
      { name: 'ease', weight: 1, scores: Float32Array.of(0, 0, 0, 0.9, 0) },
      { name: 'popularity', weight: 0.1, scores: Float32Array.of(1, 1, 1, 0.5, 0.1) },
    ],
    collaborativeRow: (i) => ({ cols: Int32Array.from(rows[i]?.[0] ?? []), vals: Float32Array.from(rows[i]?.[1] ?? []) }),
    title: (i) => titles[i]!,
    matches: () => [],
    stats: { count: Int32Array.of(300, 200, 150, 40, 0), quality: Float32Array.of(4.2, 4.1, 3.9, 3.5, 3.5) },
    ...over,
  };
}

describe('explanations', () => {
  it('names the liked films that led to a collaborative pick, never the disliked ones', () => {
    const c = ctx();
    expect(becauseYouLiked(c, Int32Array.of(3)).get(3)).toEqual([0, 1]);
    const e = explainPick(c, 3, 4.4, [0, 1]);
    expect(e.source).toBe('ease');
    expect(e.reason).toBe('because you liked Alien and Aliens');
    expect(e.lines).toContain('people with taste like yours rate it 4.4');
  });

  it('a request match wins the one-line reason', () => {
    const e = explainPick(ctx({ matches: () => ['comedy', '1990s', 'Tom Hanks'] }), 3, 4, [0]);
    expect(e.reason).toBe('matches: comedy, 1990s, Tom Hanks');
  });

  it('popularity picks say so, with the numbers', () => {
    const c = ctx({
      components: [{ name: 'popularity', weight: 1, scores: Float32Array.of(1, 1, 1, 1, 0) }],
      history: { items: new Int32Array(0), ratings: new Float32Array(0) },
    });
    expect(explainPick(c, 0, 4.2, []).reason).toBe('popular pick: rated 4.2 on average by 300 people');
    expect(explainPick(c, 4, Number.NaN, []).reason).toBe('new in the catalogue');
  });
});
