import { describe, expect, it } from 'vitest';
import { diversify, franchiseKey } from '../../../src/recommender/diversity.js';

describe('franchiseKey', () => {
  it('groups sequels and episodes of one franchise', () => {
    expect(franchiseKey('Toy Story (1995)')).toBe(franchiseKey('Toy Story 2 (1999)'));
    expect(franchiseKey('Star Wars: Episode IV - A New Hope (1977)')).toBe(
      franchiseKey('Star Wars: Episode V - The Empire Strikes Back (1980)'),
    );
    expect(franchiseKey('Rocky III (1982)')).toBe(franchiseKey('Rocky (1976)'));
    expect(franchiseKey('Matrix, The (1999)')).toBe('matrix');
  });
  it('keeps different films apart', () => {
    expect(franchiseKey('Alien (1979)')).not.toBe(franchiseKey('Heat (1995)'));
  });
});

describe('diversify', () => {
  const titles = ['Saw (2004)', 'Saw II (2005)', 'Saw III (2006)', 'Saw IV (2007)', 'Heat (1995)', 'Alien (1979)'];
  const genres = [['Horror'], ['Horror'], ['Horror'], ['Horror'], ['Crime'], ['Sci-Fi']];
  const info = { franchise: (i: number) => franchiseKey(titles[i]!), genres: (i: number) => genres[i]! };
  const scores = Float32Array.of(1, 0.99, 0.98, 0.97, 0.5, 0.4);
  const candidates = Int32Array.of(0, 1, 2, 3, 4, 5);

  it('caps a franchise', () => {
    const picks = [...diversify(candidates, scores, 4, info, { franchiseCap: 2, genrePenalty: 0 })];
    expect(picks).toEqual([0, 1, 4, 5]);
  });
  it('without a cap or penalty it is the score order', () => {
    expect([...diversify(candidates, scores, 4, info, { franchiseCap: 99, genrePenalty: 0 })]).toEqual([0, 1, 2, 3]);
  });
  it('the genre penalty pulls a different genre forward', () => {
    const picks = [...diversify(candidates, scores, 3, info, { franchiseCap: 99, genrePenalty: 0.6 })];
    expect(picks[0]).toBe(0);
    expect(picks[1]).toBe(4);
  });
  it('returns fewer when the candidates run out', () => {
    expect(diversify(Int32Array.of(0, 1, 2), scores, 5, info, { franchiseCap: 1, genrePenalty: 0 }).length).toBe(1);
  });
});
