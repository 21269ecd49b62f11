import { describe, expect, it } from 'vitest';
import { buildTrainingData, syntheticRatings } from '../../../src/recommender/data.js';
import { Hybrid } from '../../../src/recommender/hybrid.js';
import { capUserRatings, LARGE_DATA_RATINGS, largeDataParams, sampleUsers } from '../../../src/recommender/large-data.js';
import { ItemKnn } from '../../../src/recommender/algorithms/item-knn.js';
import { decodeModel } from '../../../src/recommender/codec.js';

const d = buildTrainingData(syntheticRatings({ users: 300, items: 200, ratings: 15_000, seed: 4 }));
const degree = (data: typeof d, u: number) => data.userPtr[u + 1]! - data.userPtr[u]!;

describe('large-data settings', () => {
  it('apply only beyond the threshold, and never to a key the caller fixed', () => {
    expect(largeDataParams(LARGE_DATA_RATINGS)).toEqual({});
    expect(largeDataParams(100_836)).toEqual({});
    const big = largeDataParams(32_000_000, ['rp3MaxUserRatings']);
    expect(big['rating-blend.members']).toBe('baseline,item-knn,mf');
    expect(big.easeMaxUserRatings).toBe(500);
    expect(big).not.toHaveProperty('rp3MaxUserRatings');
  });

  it('capUserRatings keeps at most max ratings a user, in the same index spaces, and is seeded', () => {
    const max = Math.min(...Array.from({ length: d.nUsers }, (_, u) => degree(d, u))) + 5;
    const a = capUserRatings(d, max, 3);
    const b = capUserRatings(d, max, 3);
    expect(a.nUsers).toBe(d.nUsers);
    expect(a.nItems).toBe(d.nItems);
    for (let u = 0; u < d.nUsers; u++) expect(degree(a, u)).toBe(Math.min(max, degree(d, u)));
    expect(Array.from(a.userItems)).toEqual(Array.from(b.userItems));
    expect(a.itemUsers.length).toBe(a.nRatings);
    // every kept rating is one of the user's own, with its stars
    for (let u = 0; u < d.nUsers; u++) {
      const own = new Map<number, number>();
      for (let k = d.userPtr[u]!; k < d.userPtr[u + 1]!; k++) own.set(d.userItems[k]!, d.userRatings[k]!);
      for (let k = a.userPtr[u]!; k < a.userPtr[u + 1]!; k++) expect(own.get(a.userItems[k]!)).toBe(a.userRatings[k]);
    }
    expect(capUserRatings(d, 0)).toBe(d);
    expect(capUserRatings(d, 10_000)).toBe(d);
  });

  it('sampleUsers keeps whole users up to about the asked ratings', () => {
    const s = sampleUsers(d, 5_000, 2);
    expect(s.nRatings).toBeGreaterThanOrEqual(5_000);
    expect(s.nRatings).toBeLessThan(5_000 + Math.max(...Array.from({ length: d.nUsers }, (_, u) => degree(d, u))));
    for (let u = 0; u < d.nUsers; u++) expect([0, degree(d, u)]).toContain(degree(s, u));
    expect(sampleUsers(d, d.nRatings)).toBe(d);
  });

  it('a capped item kNN still finds neighbours from every film', async () => {
    const capped = new ItemKnn({ maxUserRatings: 20 });
    await capped.fit(d, { threads: 1 });
    expect(capped.neighbours.idx.length).toBeGreaterThan(0);
    const full = new ItemKnn();
    await full.fit(d, { threads: 1 });
    expect(capped.neighbours.idx.length).toBeLessThanOrEqual(full.neighbours.idx.length);
  });
});

describe('one copy of the per-rating arrays in a saved hybrid', () => {
  it("the star blend's kNN members leave the histories to the hybrid, and load identically", async () => {
    const h = new Hybrid({ 'rating-blend.members': 'baseline,item-knn,user-knn' });
    await h.fit(d, { threads: 1 });
    const bytes = h.save();
    const stars = decodeModel(decodeModel(bytes, 'hybrid').arrays.stars as Uint8Array, 'rating-blend');
    const itemKnn = decodeModel(stars.arrays.member1 as Uint8Array, 'item-knn');
    const userKnn = decodeModel(stars.arrays.member2 as Uint8Array, 'user-knn');
    expect(itemKnn.meta.historyShared).toBe(true);
    expect(itemKnn.arrays).not.toHaveProperty('userRatings');
    expect(userKnn.meta.historyShared).toBe(true);
    expect(userKnn.arrays).not.toHaveProperty('cscResid');
    const copy = new Hybrid();
    copy.load(bytes.slice());
    const all = Int32Array.from({ length: d.nItems }, (_, i) => i);
    for (const u of [0, 11, 250]) expect([...copy.predict(u, all)]).toEqual([...h.predict(u, all)]);
    // a changed history folds in through the rebuilt by-film view
    const a = d.userPtr[7]!;
    const changed = { items: d.userItems.slice(a + 1, d.userPtr[8]!), ratings: d.userRatings.slice(a + 1, d.userPtr[8]!) };
    const x = new Float32Array(d.nItems);
    const y = new Float32Array(d.nItems);
    h.starsForHistory(changed, x);
    copy.starsForHistory(changed, y);
    expect([...y]).toEqual([...x]);
  });

  it('an item kNN saved on its own keeps its histories', async () => {
    const m = new ItemKnn();
    await m.fit(d, { threads: 1 });
    const p = decodeModel(m.save(), 'item-knn');
    expect(p.arrays.userRatings?.length).toBe(d.nRatings);
    const copy = new ItemKnn();
    copy.load(m.save());
    const items = Int32Array.from({ length: d.nItems }, (_, i) => i);
    expect([...copy.predict(5, items)]).toEqual([...m.predict(5, items)]);
  });
});
