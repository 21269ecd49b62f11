import { describe, expect, it } from 'vitest';
import { dcg, scoreGroupList, summarise } from '../../../src/party/metrics.js';
import { candidatePool, ceilingMethods } from '../../../src/party/evaluate.js';
import { iterateGroups, pearson, sample, seededRandom } from '../../../src/party/groups.js';

describe('group metrics', () => {
  // Ana held out films 1 (5★), 2 (2★), 3 (4★); Ben held out 1 (4★), 4 (3★).
  const ana = new Map([
    [1, 5],
    [2, 2],
    [3, 4],
  ]);
  const ben = new Map([
    [1, 4],
    [4, 3],
  ]);
  const pool = new Set([1, 2, 3, 4]);

  it('computes mean, minimum member rating and the share with nobody below 3', () => {
    const s = scoreGroupList([1, 2], [ana, ben], pool);
    // pairs: (1,Ana 5) (1,Ben 4) (2,Ana 2) -> mean 11/3; minimums 4 and 2 -> 3; only film 1 has nobody below 3
    expect(s.ratingSum / s.ratingCount).toBeCloseTo(11 / 3);
    expect(s.minSum / s.ratedPicks).toBe(3);
    expect(s.goodPicks).toBe(1);
  });

  it("computes group NDCG as the members' mean NDCG with graded gains", () => {
    const s = scoreGroupList([3, 1], [ana, ben], pool, 2);
    // Ana: DCG 4 + 5/log2(3), ideal 5 + 4/log2(3). Ben: DCG 0 + 4/log2(3), ideal 4 + 3/log2(3).
    const anaN = dcg([4, 5]) / dcg([5, 4]);
    const benN = dcg([0, 4]) / dcg([4, 3]);
    expect(s.ndcg).toBeCloseTo((anaN + benN) / 2);
    expect(scoreGroupList([1, 3], [ana], pool, 2).ndcg).toBeCloseTo(1);
  });

  it('pools rating figures over pairs and averages NDCG over groups', () => {
    const a = scoreGroupList([1], [ana, ben], pool);
    const b = scoreGroupList([2], [ana, ben], pool);
    const m = summarise([a, b], 1);
    expect(m.mean).toBeCloseTo(11 / 3);
    expect(m.min).toBe(3);
    expect(m.noneBelow3).toBe(0.5);
    expect(m.groups).toBe(2);
  });

  it('offers only films some members held out and none rated in training', () => {
    const heldOut = new Map([
      [
        0,
        new Map([
          [10, 4],
          [11, 3],
          [12, 5],
        ]),
      ],
      [
        1,
        new Map([
          [11, 2],
          [12, 4],
          [13, 1],
        ]),
      ],
    ]);
    const trained = new Map([
      [0, new Map([[13, 5]])],
      [1, new Map<number, number>()],
    ]);
    expect(candidatePool([0, 1], heldOut, (u) => trained.get(u)!, 1)).toEqual([10, 11, 12]);
    expect(candidatePool([0, 1], heldOut, (u) => trained.get(u)!, 2)).toEqual([11, 12]);
  });
});

describe('ceilings', () => {
  it('pick with the held-out ratings themselves: the highest minimum, or the highest mean', () => {
    // Film 1: Ana 5, Ben 2 (mean 3.5, min 2). Film 2: 3.5 and 3.5. Film 3: 4.5 and 3.
    const heldOut = new Map([
      [
        0,
        new Map([
          [1, 5],
          [2, 3.5],
          [3, 4.5],
        ]),
      ],
      [
        1,
        new Map([
          [1, 2],
          [2, 3.5],
          [3, 3],
        ]),
      ],
    ]);
    const ctx = {
      members: [0, 1],
      pool: [1, 2, 3],
      table: {
        movieIds: [1, 2, 3],
        stars: [
          [3, 3],
          [3, 3],
          [3, 3],
        ],
      },
      popularity: new Int32Array(4),
    };
    const [bestMin, bestMean] = ceilingMethods(heldOut);
    expect(bestMin!.rank(ctx, 3)).toEqual([2, 3, 1]);
    // Means 3.75, then films 1 and 2 tie at 3.5: the higher minimum (film 2) first.
    expect(bestMean!.rank(ctx, 3)).toEqual([3, 2, 1]);
  });
});

describe('group draws', () => {
  it('samples distinct members reproducibly', () => {
    const a = sample([1, 2, 3, 4, 5, 6], 3, seededRandom(5));
    expect(new Set(a).size).toBe(3);
    expect(sample([1, 2, 3, 4, 5, 6], 3, seededRandom(5))).toEqual(a);
  });

  it('pearson is 1 for agreeing users, negative for opposite tastes, 0 without overlap', () => {
    const x = new Map([
      [1, 5],
      [2, 4],
      [3, 1],
      [4, 2],
    ]);
    const y = new Map([
      [1, 4.5],
      [2, 4],
      [3, 1.5],
      [4, 2],
    ]);
    const z = new Map([
      [1, 1],
      [2, 2],
      [3, 5],
      [4, 4],
    ]);
    expect(pearson(x, y, 0)).toBeGreaterThan(0.95);
    expect(pearson(x, z, 0)).toBeLessThan(-0.9);
    expect(pearson(x, new Map([[9, 3]]))).toBe(0);
  });

  it('similar-taste groups gather like-minded users', () => {
    // Two camps of eight: camp A loves 1-3 and hates 4-6, camp B the reverse.
    const ratings = new Map<number, Map<number, number>>();
    for (let u = 0; u < 16; u++) {
      const a = u < 8;
      ratings.set(u, new Map([1, 2, 3, 4, 5, 6].map((i) => [i, i <= 3 === a ? 5 - (u % 2) * 0.5 : 1 + (u % 3) * 0.5])));
    }
    const users = [...ratings.keys()];
    for (const g of iterateGroups(users, (u) => ratings.get(u)!, { size: 3, count: 10, kind: 'similar', seed: 3 })) {
      const camps = new Set(g.map((u) => u < 8));
      expect(camps.size).toBe(1);
    }
  });
});

describe('second-party methods', () => {
  it('drop the first winner, and fairness then favours the member who lost', async () => {
    const { secondPartyMethod } = await import('../../../src/party/evaluate.js');
    // Ana (0) and Ben (1). Film 1 wins the first party (mean 4.25) though Ben preferred film 3.
    const table = {
      movieIds: [1, 2, 3, 4],
      stars: [
        [5, 3.5],
        [4.5, 3.2],
        [3.2, 4.5],
        [3.8, 3.8],
      ],
    };
    const ctx = { members: [0, 1], pool: [1, 2, 3, 4], table, popularity: new Int32Array(5) };
    const plain = secondPartyMethod(false, 3).rank(ctx, 3);
    const fair = secondPartyMethod(true, 3).rank(ctx, 3);
    expect(plain).not.toContain(1);
    expect(fair).not.toContain(1);
    expect(plain[0]).toBe(2); // films 2 and 3 tie at 3.85: the lower id goes first
    expect(fair[0]).toBe(3); // Ben lost 1★ last time: his 4.5 now counts more
  });
});
