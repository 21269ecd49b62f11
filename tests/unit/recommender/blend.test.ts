import { describe, expect, it } from 'vitest';
import { algorithms } from '../../../src/recommender/algorithms/index.js';
import { buildTrainingData, carveValidation, maskTrainingData, syntheticRatings } from '../../../src/recommender/data.js';
import { evaluateSplit } from '../../../src/recommender/evaluate/protocol.js';
import { RatingBlend } from '../../../src/recommender/rating-blend.js';

const ratings = syntheticRatings({ users: 400, items: 250, ratings: 20_000, seed: 12 });

describe('maskTrainingData', () => {
  it('keeps the index spaces and only the kept ratings, in both views', () => {
    const d = buildTrainingData(ratings);
    const keep = Uint8Array.from({ length: d.nRatings }, (_, k) => (k % 3 ? 1 : 0));
    const m = maskTrainingData(d, keep);
    expect(m.nUsers).toBe(d.nUsers);
    expect(m.nItems).toBe(d.nItems);
    expect(m.nRatings).toBe(keep.reduce((a, b) => a + b, 0));
    expect(m.itemUsers.length).toBe(m.nRatings);
    let sum = 0;
    for (let k = 0; k < d.nRatings; k++) if (keep[k]) sum += d.userRatings[k]!;
    expect(m.globalMean).toBeCloseTo(sum / m.nRatings, 4);
    // the CSC view holds the same multiset of ratings as the CSR view
    expect(Array.from(m.itemRatings).reduce((a, b) => a + b, 0)).toBeCloseTo(sum, 0);
  });
});

describe('RatingBlend', () => {
  it('beats every member on held-out ratings it never saw (weights fitted inside training)', async () => {
    const split = carveValidation(ratings, 0.2, 5);
    const names = ['baseline', 'item-knn', 'user-knn', 'mf'];
    const rows = await evaluateSplit(
      split,
      [...names, 'rating-blend'].map((name) => ({ name, create: () => algorithms[name]!({ epochs: 25 }) })),
      { metrics: 'rating', fit: { threads: 1 } },
    );
    const blend = rows.at(-1)!;
    const bestMember = Math.min(...rows.slice(0, -1).map((r) => r.rmse!));
    expect(blend.rmse!).toBeLessThan(bestMember + 0.002);
    expect(blend.rmse!).toBeLessThan(rows[0]!.rmse! - 0.02);
  });

  it('learns finite weights, honours member settings and can skip the refit', async () => {
    const d = buildTrainingData(ratings);
    const b = new RatingBlend({ members: 'baseline,mf', refit: false, 'mf.factors': 7, 'mf.epochs': 5 });
    await b.fit(d, { threads: 1 });
    expect(b.members.map((m) => m.name)).toEqual(['baseline', 'mf']);
    expect(b.members[1]!.params.factors).toBe(7);
    expect(b.weights.length).toBe(3 + 3 * 2);
    expect(Array.from(b.weights).every(Number.isFinite)).toBe(true);
  });
});
