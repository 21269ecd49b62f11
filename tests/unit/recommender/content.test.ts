import { describe, expect, it } from 'vitest';
import { ContentModel, overviewTerms } from '../../../src/recommender/algorithms/content.js';
import { buildTrainingData } from '../../../src/recommender/data.js';
import type { ItemMeta } from '../../../src/recommender/types.js';

function meta(movieId: number, comedy: boolean): ItemMeta {
  return {
    movieId,
    title: `Film ${movieId}`,
    year: 2000,
    genres: [comedy ? 'Comedy' : 'Horror'],
    tags: [comedy ? 'funny' : 'gore'],
    keywords: [comedy ? 'wedding' : 'haunted house'],
    directors: [comedy ? 'Jane Funny' : 'John Scary'],
    cast: [],
    overview: comedy ? 'Friends laughing at a wedding party.' : 'A family haunted by ghosts in a dark house.',
    runtime: 90,
    language: 'en',
  };
}

describe('content model', () => {
  const metas = new Map([1, 2, 3, 4, 5, 6].map((m) => [m, meta(m, m <= 3)]));
  // movies 3 and 6 have no ratings at all: only content can score them
  const data = buildTrainingData(
    { userIds: Int32Array.of(1, 1, 2, 2), movieIds: Int32Array.of(1, 4, 2, 5), ratings: Float32Array.of(5, 1, 4, 2) },
    { meta: metas, extraMovieIds: metas.keys() },
  );
  const idx = (m: number) => data.itemIndex.get(m)!;

  it('stems and drops stop words in overviews', () => {
    expect(overviewTerms('The friends were laughing')).toEqual(['o:friend', 'o:laugh']);
  });

  it('ranks unrated movies like the ones the user liked above the ones like those they disliked', () => {
    const m = new ContentModel();
    m.fit(data);
    const out = new Float32Array(data.nItems);
    m.scoreHistory({ items: Int32Array.of(idx(1), idx(4)), ratings: Float32Array.of(5, 1) }, out);
    expect(out[idx(3)]!).toBeGreaterThan(0);
    expect(out[idx(3)]!).toBeGreaterThan(out[idx(6)]!);
    expect(out[idx(6)]!).toBeLessThan(0);
  });

  it('scores a few films exactly as it scores the whole catalogue (candidates before ranking)', () => {
    const m = new ContentModel();
    m.fit(data);
    const history = { items: Int32Array.of(idx(1), idx(4)), ratings: Float32Array.of(5, 1) };
    const all = new Float32Array(data.nItems);
    m.scoreHistory(history, all);
    const items = Int32Array.of(idx(6), idx(3), idx(2));
    const some = new Float32Array(items.length);
    m.scoreItems(history, items, some);
    items.forEach((i, t) => expect(some[t]).toBeCloseTo(all[i]!, 6));
  });

  it('save/load gives the same scores', () => {
    const m = new ContentModel();
    m.fit(data);
    const copy = new ContentModel();
    copy.load(m.save().slice());
    const h = { items: Int32Array.of(idx(5)), ratings: Float32Array.of(4) };
    const a = new Float32Array(data.nItems);
    const b = new Float32Array(data.nItems);
    m.scoreHistory(h, a);
    copy.scoreHistory(h, b);
    expect([...b]).toEqual([...a]);
  });
});
