import { describe, expect, it } from 'vitest';
import { emptyPreferences } from '../../../src/nlp/types.js';
import { recommendPicks } from '../../../src/recommender/pipeline.js';
import {
  SIMILAR_BOOST_COLD,
  SIMILAR_BOOST_WARM,
  similarBoostWeight,
  similarityToSeeds,
  similarReason,
} from '../../../src/recommender/similar.js';
import type { ItemMeta } from '../../../src/recommender/types.js';
import { sagaModel } from '../../helpers/saga-model.js';

const sagaOf = (title: string) => title.split(' ')[1];

/**
 * 80 people who each watch two neighbouring sagas, and saga A is watched by everyone (the
 * blockbusters a cold user is shown first); each saga has its own genre, keyword and director.
 */
const model = () =>
  sagaModel({
    users: 80,
    watches: (u, saga) => saga === 0 || saga === u % 4 || saga === (u + 1) % 4,
    meta: (_m, saga) => ({ genres: [`Genre${saga}`], keywords: [`kw${saga}`], directors: [`Director ${saga}`], runtime: 90 }),
  });

const meta = (over: Partial<ItemMeta>): ItemMeta => ({
  movieId: 1,
  title: 'X',
  year: 2000,
  genres: [],
  tags: [],
  keywords: [],
  directors: [],
  cast: [],
  overview: null,
  runtime: null,
  language: null,
  ...over,
});

describe('similarity to seed films', () => {
  it("ranks the seed's own saga first, scaled so the most similar is 1", async () => {
    const { m, data } = await model();
    const seed = data.itemIndex.get(21)!; // Saga C 1
    const { scores, components } = similarityToSeeds(m, [seed]);
    expect(components.map((c) => c.name)).toContain('content');
    expect(Math.max(...scores)).toBeCloseTo(1, 5);
    for (const s of scores) expect(s).toBeGreaterThanOrEqual(0);
    const order = Array.from(scores.keys())
      .filter((i) => i !== seed)
      .sort((a, b) => scores[b]! - scores[a]!);
    expect(order.slice(0, 9).map((i) => sagaOf(m.meta[i]!.title))).toEqual(Array(9).fill('C'));
  });

  it('"like X" turns a cold user\'s popular picks into films like X', async () => {
    const { m, data } = await model();
    const none = { items: new Int32Array(0), ratings: new Float32Array(0) };
    const ex = () => new Uint8Array(m.hybrid.nItems);
    const diversity = { franchiseCap: 99, genrePenalty: 0 }; // the sagas are franchises: lift the cap of two
    const plain = recommendPicks(m, none, { limit: 5, excluded: ex(), diversity }).picks.map((p) => sagaOf(m.meta[p.item]!.title));
    expect(plain.filter((s) => s === 'C').length).toBeLessThan(5);
    const prefs = emptyPreferences();
    prefs.similarTo = [{ movieId: 21, title: 'Saga C 1' }];
    const excluded = ex();
    const like = recommendPicks(m, none, { limit: 5, excluded, preferences: prefs, diversity }).picks;
    expect(like.map((p) => sagaOf(m.meta[p.item]!.title))).toEqual(Array(5).fill('C'));
    expect(like.map((p) => p.item)).not.toContain(data.itemIndex.get(21)); // never the seed itself
  });

  it('weighs the seed more for users with fewer ratings', () => {
    expect(similarBoostWeight(0)).toBe(SIMILAR_BOOST_COLD);
    expect(similarBoostWeight(1)).toBe(SIMILAR_BOOST_WARM);
    expect(similarBoostWeight(0.5)).toBeCloseTo((SIMILAR_BOOST_COLD + SIMILAR_BOOST_WARM) / 2, 6);
    expect(similarBoostWeight(-3)).toBe(SIMILAR_BOOST_COLD);
    expect(similarBoostWeight(7)).toBe(SIMILAR_BOOST_WARM);
    expect(SIMILAR_BOOST_COLD).toBeGreaterThan(SIMILAR_BOOST_WARM);
  });
});

describe('similarReason', () => {
  const seed = meta({
    genres: ['Sci-Fi', 'Thriller'],
    keywords: ['dream', 'heist'],
    directors: ['Christopher Nolan'],
    cast: ['Leonardo DiCaprio', 'Tom Hardy'],
  });

  it('names a shared director first, then a shared lead', () => {
    expect(similarReason(seed, meta({ directors: ['Christopher Nolan'], cast: ['Tom Hardy'] }), 'Inception', 'ease')).toBe(
      'also directed by Christopher Nolan',
    );
    expect(similarReason(seed, meta({ cast: ['Someone', 'Tom Hardy'] }), 'Inception', 'ease')).toBe('also with Tom Hardy');
  });

  it('names shared genres and keywords when the content model found the film', () => {
    expect(similarReason(seed, meta({ genres: ['Thriller', 'Drama'], keywords: ['heist'] }), 'Inception', 'content')).toBe(
      'like Inception: thriller, heist',
    );
  });

  it('falls back to the people who liked both', () => {
    expect(similarReason(seed, meta({ genres: ['Thriller'] }), 'Inception', 'ease')).toBe('people who liked Inception also liked this');
    expect(similarReason(seed, meta({}), 'Inception', 'content')).toBe('people who liked Inception also liked this');
  });
});
