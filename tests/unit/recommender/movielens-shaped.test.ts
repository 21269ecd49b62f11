import { describe, expect, it } from 'vitest';
import { rng } from '../../../src/recommender/loaders/splits.js';
import {
  cutIntoStars,
  movieLensShaped,
  popularityWeight,
  STAR_SHARES,
  userActivity,
} from '../../../src/recommender/loaders/movielens-shaped.js';

describe('MovieLens-shaped synthetic ratings', () => {
  const o = { users: 2_000, films: 20_000, ratings: 320_000, seed: 9 };
  const t = movieLensShaped(o);

  it('is the same for the same seed and has exactly the asked size', () => {
    const again = movieLensShaped(o);
    expect(t.ratings.length).toBe(o.ratings);
    expect(Array.from(again.movieIds.subarray(0, 5000))).toEqual(Array.from(t.movieIds.subarray(0, 5000)));
    expect(Array.from(again.ratings.subarray(-5000))).toEqual(Array.from(t.ratings.subarray(-5000)));
    expect(movieLensShaped({ ...o, seed: 10 }).movieIds.subarray(0, 50)).not.toEqual(t.movieIds.subarray(0, 50));
  });

  it('groups ratings by user, each user at least 20 distinct films in ascending id order', () => {
    const count = new Int32Array(o.users + 1);
    let outOfOrder = 0;
    for (let k = 0; k < t.userIds.length; k++) {
      count[t.userIds[k]!]!++;
      if (k > 0 && t.userIds[k] === t.userIds[k - 1] && t.movieIds[k]! <= t.movieIds[k - 1]!) outOfOrder++;
      if (k > 0 && t.userIds[k]! < t.userIds[k - 1]!) outOfOrder++;
    }
    expect(outOfOrder).toBe(0);
    expect(Math.min(...count.subarray(1))).toBeGreaterThanOrEqual(20);
    // heavy-tailed activity: the heaviest user far above the median
    const sorted = Array.from(count.subarray(1)).sort((a, b) => a - b);
    expect(sorted.at(-1)!).toBeGreaterThan(10 * sorted[sorted.length >> 1]!);
  });

  it("has MovieLens' star shares and a skewed film popularity", () => {
    const stars = new Map<number, number>();
    for (const r of t.ratings) stars.set(r, (stars.get(r) ?? 0) + 1);
    STAR_SHARES.forEach((share, s) => expect((stars.get(0.5 * (s + 1)) ?? 0) / o.ratings).toBeCloseTo(share, 2));
    const perFilm = new Int32Array(o.films + 1);
    for (const m of t.movieIds) perFilm[m]!++;
    const sorted = Array.from(perFilm.subarray(1)).sort((a, b) => b - a);
    // the head: the most rated film has a fifth of the users; the long tail: half the films
    // get under 1% of its ratings, a tenth none at all
    expect(sorted[0]!).toBeGreaterThan(o.users / 5);
    expect(sorted[o.films >> 1]!).toBeLessThan(sorted[0]! / 100);
    expect(sorted[Math.floor(o.films * 0.9)]).toBe(0);
  });

  it('its parts: popularity falls with rank, activity adds up, stars cut at the shares', () => {
    expect(popularityWeight(0)).toBeGreaterThan(popularityWeight(10));
    expect(popularityWeight(6000) / popularityWeight(12000)).toBeGreaterThan(popularityWeight(60) / popularityWeight(120));
    const a = userActivity(1000, 3000, 200_000, rng(1));
    expect(a.reduce((s, x) => s + x, 0)).toBe(200_000);
    expect(() => userActivity(10, 100, 100, rng(1))).toThrow();
    const z = Float32Array.from({ length: 10_000 }, (_, i) => i);
    cutIntoStars(z);
    expect(z[0]).toBe(0.5);
    expect(z[9_999]).toBe(5);
    expect(z.filter((s) => s === 4).length / 10_000).toBeCloseTo(STAR_SHARES[7], 2);
  });
});
