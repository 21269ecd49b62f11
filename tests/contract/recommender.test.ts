/**
 * The contract every algorithm in the registry passes: unknown users and movies give NaN and
 * never throw; an empty history is handled; a tiny data set whose right ranking is known;
 * save/load gives identical scores.
 */
import { describe, expect, it } from 'vitest';
import { algorithmNames, algorithms } from '../../src/recommender/algorithms/index.js';
import { buildTrainingData } from '../../src/recommender/data.js';
import type { HyperParams, ItemMeta, Recommender, TrainingData } from '../../src/recommender/types.js';

/**
 * Two tastes: 40 "comedy" people love movies 1-3 and dislike 4-6; 25 "horror" people the
 * opposite. Each person skips one movie they would dislike.
 * Movie 3 is therefore more popular than 6, but a horror fan must still get 6 first.
 */
function tinyData(): { data: TrainingData; comedyFan: number; horrorFan: number } {
  const rows: [number, number, number][] = [];
  let noise = 7;
  const jitter = () => ((noise = (noise * 16807) % 2147483647) % 3) * 0.5 - 0.5; // -0.5, 0, 0.5
  for (let u = 1; u <= 65; u++) {
    const comedy = u <= 40;
    const skip = (comedy ? 4 : 1) + (u % 3); // skip one disliked movie: liked ones get more ratings
    for (let m = 1; m <= 6; m++) {
      if (m === skip) continue;
      const liked = comedy === m <= 3;
      rows.push([u, m, Math.min(5, Math.max(0.5, (liked ? 4.5 : 1.5) + jitter()))]);
    }
  }
  // the two people the tests ask about: each has not rated the one movie we check
  rows.push([100, 1, 5], [100, 2, 4.5], [100, 4, 1], [100, 5, 1.5]); // comedy fan, movies 3 and 6 unrated
  rows.push([200, 4, 5], [200, 5, 4.5], [200, 1, 1], [200, 2, 1.5]); // horror fan, movies 3 and 6 unrated
  const meta = new Map<number, ItemMeta>();
  for (let m = 1; m <= 6; m++) {
    const comedy = m <= 3;
    meta.set(m, {
      movieId: m,
      title: `${comedy ? 'Comedy' : 'Horror'} film ${m} (199${m})`,
      year: 1990 + m,
      genres: [comedy ? 'Comedy' : 'Horror'],
      tags: [comedy ? 'funny' : 'scary'],
      keywords: [comedy ? 'laughter' : 'blood'],
      directors: [comedy ? 'Jane Funny' : 'John Scary'],
      cast: [],
      overview: comedy ? 'A light comedy full of jokes.' : 'A dark horror story full of fear.',
      runtime: 90,
      language: 'en',
    });
  }
  const data = buildTrainingData(
    {
      userIds: Int32Array.from(rows, (r) => r[0]),
      movieIds: Int32Array.from(rows, (r) => r[1]),
      ratings: Float32Array.from(rows, (r) => r[2]),
    },
    { meta },
  );
  return { data, comedyFan: data.userIndex.get(100)!, horrorFan: data.userIndex.get(200)! };
}

/** Settings for a 400-rating data set (defaults are sized for 100k+): more SGD steps, small neighbourhoods. */
const tinyParams: Record<string, HyperParams> = {
  mf: { epochs: 300, lr: 0.03, factors: 8, decay: 1 },
  'rating-blend': { 'mf.epochs': 300, 'mf.lr': 0.03, 'mf.factors': 8, 'mf.decay': 1 },
};

/** Models that rank the same list for everyone (references, not personal): baseline ranks by item bias. */
const unpersonalised = new Set(['popularity', 'baseline']);
/**
 * Rankers of what people watch, not of how they rated it (EASE on its own, the hybrid's
 * reference row): a horror fan who watched two comedies looks like a comedy watcher to them.
 * The comedy fan's checks still apply; the dislike checks do not.
 */
const implicitFeedback = new Set(['ease']);

const { data, comedyFan, horrorFan } = tinyData();
const idx = (movieId: number) => data.itemIndex.get(movieId)!;

async function fitted(name: string): Promise<Recommender> {
  const model = algorithms[name]!(tinyParams[name]);
  await model.fit(data, { seed: 3, threads: 1 });
  return model;
}

describe.each(algorithmNames())('Recommender contract: %s', (name) => {
  it('has a name, a kind and its params', () => {
    const m = algorithms[name]!();
    expect(m.name).toBe(name);
    expect(['rating', 'ranking']).toContain(m.kind);
    expect(typeof m.params).toBe('object');
  });

  it('unknown user and unknown movie give NaN, never throw', async () => {
    const m = await fitted(name);
    const items = Int32Array.of(idx(1), data.nItems + 5, -1);
    for (const user of [data.nUsers + 3, -1, 1.5]) {
      const p = m.predict(user, items);
      expect(p.length).toBe(3);
      expect(Array.from(p).every(Number.isNaN)).toBe(true);
    }
    const p = m.predict(comedyFan, items);
    expect(Number.isFinite(p[0]!)).toBe(true);
    expect(Number.isNaN(p[1]!)).toBe(true);
    expect(Number.isNaN(p[2]!)).toBe(true);
    const out = new Float32Array(data.nItems + 2);
    m.scoreHistory({ items: Int32Array.of(idx(1), data.nItems + 9), ratings: Float32Array.of(5, 3) }, out);
    expect(Number.isNaN(out[data.nItems]!)).toBe(true);
  });

  it('an empty history: no throw, finite or NaN scores only', async () => {
    const m = await fitted(name);
    const out = new Float32Array(data.nItems).fill(123);
    m.scoreHistory({ items: new Int32Array(0), ratings: new Float32Array(0) }, out);
    for (const v of out) expect(Number.isNaN(v) || Number.isFinite(v)).toBe(true);
    expect(Array.from(out)).not.toContain(123);
  });

  it('ranks the right unseen movie first on a data set whose answer is known', async () => {
    const m = await fitted(name);
    const candidates = Int32Array.of(idx(3), idx(6));
    const forComedy = m.predict(comedyFan, candidates);
    expect(forComedy[0]!).toBeGreaterThan(forComedy[1]!);
    if (m.rank) {
      const r = m.rank(comedyFan, candidates);
      expect(r[0]!).toBeGreaterThan(r[1]!);
    }
    // fold-in: the same person as a fresh history
    const out = new Float32Array(data.nItems);
    m.scoreHistory({ items: Int32Array.of(idx(1), idx(2), idx(4), idx(5)), ratings: Float32Array.of(5, 4.5, 1, 1.5) }, out);
    expect(out[idx(3)]!).toBeGreaterThan(out[idx(6)]!);
    if (unpersonalised.has(name) || implicitFeedback.has(name)) return;
    const forHorror = m.predict(horrorFan, candidates);
    expect(forHorror[1]!).toBeGreaterThan(forHorror[0]!);
    m.scoreHistory({ items: Int32Array.of(idx(1), idx(2), idx(4), idx(5)), ratings: Float32Array.of(1, 1.5, 5, 4.5) }, out);
    expect(out[idx(6)]!).toBeGreaterThan(out[idx(3)]!);
    if (m.kind === 'rating') {
      // stars on the scale, and a liked film predicted above the midpoint
      expect(forComedy[0]!).toBeGreaterThan(3);
      expect(forComedy[1]!).toBeLessThan(3);
      for (const v of m.predict(
        comedyFan,
        Int32Array.from({ length: data.nItems }, (_, i) => i),
      )) {
        expect(v).toBeGreaterThanOrEqual(0.5);
        expect(v).toBeLessThanOrEqual(5);
      }
    }
  });

  it('save/load round trip gives identical scores', async () => {
    const m = await fitted(name);
    const bytes = m.save();
    expect(bytes).toBeInstanceOf(Uint8Array);
    const copy = algorithms[name]!();
    copy.load(bytes.slice()); // a copy: load must not depend on the original buffer
    const all = Int32Array.from({ length: data.nItems }, (_, i) => i);
    for (const u of [comedyFan, horrorFan, 0]) expect(Array.from(copy.predict(u, all))).toEqual(Array.from(m.predict(u, all)));
    const h = { items: Int32Array.of(idx(2), idx(5)), ratings: Float32Array.of(4, 2) };
    const a = new Float32Array(data.nItems);
    const b = new Float32Array(data.nItems);
    m.scoreHistory(h, a);
    copy.scoreHistory(h, b);
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});
