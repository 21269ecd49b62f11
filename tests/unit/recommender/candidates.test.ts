import { describe, expect, it } from 'vitest';
import {
  mergeCandidates,
  NeighbourScratch,
  neighbourCandidates,
  popularCandidates,
  topIndices,
  useCandidates,
  type NeighbourRow,
} from '../../../src/recommender/candidates.js';
import { emptyPreferences } from '../../../src/nlp/types.js';
import { recommendPicks, scoreUser } from '../../../src/recommender/pipeline.js';
import { CandidateRetriever, spreadRanking } from '../../../src/recommender/serving/candidate-scores.js';
import { Scorer } from '../../../src/recommender/serving/scorer.js';
import { sagaModel } from '../../helpers/saga-model.js';

const row = (cols: number[], vals: number[]): NeighbourRow => ({ cols: Int32Array.from(cols), vals: Float32Array.from(vals) });

describe('topIndices', () => {
  it('keeps the k best of the given indices, best first, ties by index', () => {
    const score = [0.1, 0.9, 0.5, 0.9, 0.3];
    expect([...topIndices([0, 1, 2, 3, 4], 5, (i) => score[i]!, 3)]).toEqual([1, 3, 2]);
    expect([...topIndices([4, 0], 2, (i) => score[i]!, 5)]).toEqual([4, 0]);
    expect([...topIndices([1, 2], 2, (i) => score[i]!, 0)]).toEqual([]);
  });

  it('agrees with a full sort on many ties, in any order of the indices', () => {
    let seed = 5;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const score = Float32Array.from({ length: 3000 }, () => Math.floor(rand() * 40) / 8);
    const indices = Int32Array.from({ length: 3000 }, (_, i) => i).sort(() => rand() - 0.5);
    for (const k of [1, 37, 400, 3000, 5000]) {
      const want = [...indices].sort((a, b) => score[b]! - score[a]! || a - b).slice(0, k);
      expect([...topIndices(indices, indices.length, (i) => score[i]!, k)]).toEqual(want);
    }
  });

  it('reads only the first `count` indices', () => {
    expect([...topIndices(Int32Array.of(2, 1, 0), 1, (i) => i, 3)]).toEqual([2]);
  });
});

describe('neighbourCandidates', () => {
  // film 0's neighbours: 2 (0.5), 3 (0.2); film 1's: 3 (0.4), 4 (0.1), 0 (0.9)
  const rows: Record<number, NeighbourRow> = { 0: row([2, 3], [0.5, 0.2]), 1: row([3, 4, 0], [0.4, 0.1, 0.9]) };
  const rowOf = (i: number) => rows[i] ?? row([], []);

  it('sums the history films rows with their weights and keeps the strongest', () => {
    const scratch = new NeighbourScratch(6);
    // 3: 1*0.2 + 2*0.4 = 1.0; 2: 0.5; 4: 0.2
    expect([...neighbourCandidates(Int32Array.of(0, 1), [1, 2], rowOf, 10, scratch)]).toEqual([3, 2, 4]);
    expect([...neighbourCandidates(Int32Array.of(0, 1), [1, 2], rowOf, 2, scratch)]).toEqual([3, 2]);
  });

  it('never returns a film of the history, and skips films with no weight', () => {
    const scratch = new NeighbourScratch(6);
    expect([...neighbourCandidates(Int32Array.of(0, 1), [1, 1], rowOf, 10, scratch)]).not.toContain(0);
    expect([...neighbourCandidates(Int32Array.of(0, 1), [0, 1], rowOf, 10, scratch)]).toEqual([3, 4]);
  });

  it('leaves the scratch space clean for the next request', () => {
    const scratch = new NeighbourScratch(6);
    neighbourCandidates(Int32Array.of(0, 1), [1, 2], rowOf, 10, scratch);
    expect([...scratch.acc].every((v) => v === 0)).toBe(true);
    expect([...neighbourCandidates(Int32Array.of(0), [1], rowOf, 10, scratch)]).toEqual([2, 3]);
  });

  it('keeps a neighbour whose summed weight is zero once touched (an empty row is no neighbour)', () => {
    const scratch = new NeighbourScratch(4);
    expect([...neighbourCandidates(Int32Array.of(0), [1], () => row([1, 2], [0, 0.3]), 10, scratch)]).toEqual([2, 1]);
  });
});

describe('popularCandidates, mergeCandidates, useCandidates', () => {
  it('takes the best-scored films', () => {
    expect([...popularCandidates(Float32Array.of(0.2, 0.8, 0.1, 0.5), 2)]).toEqual([1, 3]);
  });

  it('merges lists in order without repeats, skipping what it is told to', () => {
    expect([...mergeCandidates([Int32Array.of(3, 1), Int32Array.of(1, 2, 5)], (i) => i === 5)]).toEqual([3, 1, 2]);
  });

  it('switches on at the threshold; 0 means always', () => {
    expect(useCandidates(19_999, 20_000)).toBe(false);
    expect(useCandidates(20_000, 20_000)).toBe(true);
    expect(useCandidates(10, 0)).toBe(true);
  });
});

/** People who each watch two neighbouring sagas (of four, ten films each). */
const model = () =>
  sagaModel({
    users: 60,
    watches: (u, saga) => saga === u % 4 || saga === (u + 1) % 4,
    meta: (_m, saga) => ({ genres: [saga === 'A' ? 'Comedy' : 'Drama'] }),
  });

describe('Hybrid.rankCandidates and the candidate scores', () => {
  it('with every film as a candidate, scores exactly as the whole-catalogue blend', async () => {
    const { m, data } = await model();
    const all = Int32Array.from({ length: m.hybrid.nItems }, (_, i) => i);
    for (const u of [0, 5, 17]) {
      const a = data.userPtr[u]!;
      const b = data.userPtr[u + 1]!;
      const history = { items: data.userItems.slice(a, b), ratings: data.userRatings.slice(a, b), userIndex: u };
      const exact = scoreUser(m, history).scores;
      const ranked = m.hybrid.rankCandidates(history, all);
      let max = 0;
      for (const v of ranked.scores) if (v > max) max = v;
      for (let i = 0; i < all.length; i++) expect(ranked.scores[i]! / max).toBeCloseTo(exact[i]!, 5);
    }
  });

  it('keeps the head of unpenalised places as the whole-catalogue blend does', async () => {
    const { m, data } = await model();
    const hybrid = m.hybrid.withRankingParams({ headSize: 3, popPenalty: 0.6 });
    for (const u of [0, 5, 17]) {
      const a = data.userPtr[u]!;
      const b = data.userPtr[u + 1]!;
      const history = { items: data.userItems.slice(a, b), ratings: data.userRatings.slice(a, b), userIndex: u };
      const rated = new Set(history.items);
      const unrated = Int32Array.from({ length: hybrid.nItems }, (_, i) => i).filter((i) => !rated.has(i));
      const exact = new Float32Array(hybrid.nItems);
      hybrid.rankHistory(history, exact);
      const ranked = hybrid.rankCandidates(history, unrated).scores;
      const top = (score: (i: number) => number) => [...unrated].sort((x, y) => score(y) - score(x) || x - y).slice(0, 10);
      const byPosition = new Map([...unrated].map((item, t) => [item, ranked[t]!]));
      expect(top((i) => byPosition.get(i)!)).toEqual(top((i) => exact[i]!));
    }
  });

  it('gives the long-tail places as the whole-catalogue blend does', async () => {
    // saga A is watched by everybody, B by half, C and D by a quarter each: C and D are the tail
    const { m, data } = await sagaModel({
      users: 60,
      watches: (u, saga) => saga === 0 || saga === u % 4 || (saga === 1 && u % 3 === 0),
      meta: (_m, saga) => ({ genres: [saga === 'A' ? 'Comedy' : 'Drama'] }),
    });
    const hybrid = m.hybrid.withRankingParams({ tailSlots: 3, tailQuantile: 0.5, tailRatio: 0.3 });
    let changed = 0;
    for (let u = 0; u < 60; u++) {
      const a = data.userPtr[u]!;
      const b = data.userPtr[u + 1]!;
      const history = { items: data.userItems.slice(a, b), ratings: data.userRatings.slice(a, b), userIndex: u };
      const rated = new Set(history.items);
      const unrated = Int32Array.from({ length: hybrid.nItems }, (_, i) => i).filter((i) => !rated.has(i));
      const exact = new Float32Array(hybrid.nItems);
      hybrid.rankHistory(history, exact);
      const plain = new Float32Array(hybrid.nItems);
      m.hybrid.rankHistory(history, plain);
      const ranked = hybrid.rankCandidates(history, unrated).scores;
      const top = (score: (i: number) => number) => [...unrated].sort((x, y) => score(y) - score(x) || x - y).slice(0, 10);
      const byPosition = new Map([...unrated].map((item, t) => [item, ranked[t]!]));
      expect(top((i) => byPosition.get(i)!)).toEqual(top((i) => exact[i]!));
      // the first seven places are the plain blend's
      expect(top((i) => exact[i]!).slice(0, 7)).toEqual(top((i) => plain[i]!).slice(0, 7));
      if (top((i) => exact[i]!).join() !== top((i) => plain[i]!).join()) changed++;
    }
    expect(changed).toBeGreaterThan(0); // the premise: the tail places changed some list
  });

  it('ranks an empty history by the cold blend, as the whole catalogue does', async () => {
    const { m } = await model();
    const none = { items: new Int32Array(0), ratings: new Float32Array(0) };
    const all = Int32Array.from({ length: m.hybrid.nItems }, (_, i) => i);
    const exact = scoreUser(m, none).scores;
    const ranked = m.hybrid.rankCandidates(none, all).scores;
    const max = Math.max(...ranked);
    for (let i = 0; i < all.length; i++) expect(ranked[i]! / max).toBeCloseTo(exact[i]!, 5);
  });

  it('retrieves neighbours of the history, never its films; only candidates can be picked', async () => {
    const { m, data } = await model();
    const retriever = new CandidateRetriever(m.hybrid, { neighbours: 8, popular: 3 });
    const u = 2; // watches sagas C and D
    const a = data.userPtr[u]!;
    const b = data.userPtr[u + 1]!;
    const history = { items: data.userItems.slice(a, b), ratings: data.userRatings.slice(a, b), userIndex: u };
    const items = retriever.retrieve(history);
    const rated = new Set(history.items);
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(8 + 3);
    expect([...items].some((i) => rated.has(i))).toBe(false);
    const scores = spreadRanking(m.hybrid, retriever.rank(history));
    const candidates = new Set(items);
    for (let i = 0; i < m.hybrid.nItems; i++) if (!candidates.has(i)) expect(scores.scores[i]).toBe(Number.NEGATIVE_INFINITY);
    const excluded = new Uint8Array(m.hybrid.nItems);
    for (const i of history.items) excluded[i] = 1;
    const diversity = { franchiseCap: 99, genrePenalty: 0 };
    const { picks } = recommendPicks(m, history, { limit: 5, excluded, diversity }, scores);
    expect(picks.length).toBe(5);
    for (const p of picks) expect(candidates.has(p.item)).toBe(true);
  });

  it("a request's spread into kept arrays leaves nothing of the one before (the same picks as fresh arrays)", async () => {
    const { m, data } = await model();
    const retriever = new CandidateRetriever(m.hybrid, { neighbours: 8, popular: 3 });
    const historyOf = (u: number) => {
      const a = data.userPtr[u]!;
      const b = data.userPtr[u + 1]!;
      return { items: data.userItems.slice(a, b), ratings: data.userRatings.slice(a, b), userIndex: u };
    };
    const picks = (u: number, scores: ReturnType<typeof spreadRanking>) => {
      const history = historyOf(u);
      const excluded = new Uint8Array(m.hybrid.nItems);
      for (const i of history.items) excluded[i] = 1;
      return recommendPicks(m, history, { limit: 8, excluded }, scores).picks;
    };
    for (const u of [2, 9, 30, 2]) {
      const ranking = retriever.rank(historyOf(u));
      const fresh = spreadRanking(m.hybrid, ranking);
      const kept = retriever.spread(ranking);
      expect([...kept.scores]).toEqual([...fresh.scores]);
      kept.components.forEach((c, k) => expect([...c.scores]).toEqual([...fresh.components[k]!.scores]));
      expect(picks(u, kept)).toEqual(picks(u, fresh));
    }
  });

  it('gives the whole-catalogue top 10 when the candidates reach every film a history touches', async () => {
    const { m, data } = await model();
    const retriever = new CandidateRetriever(m.hybrid, { neighbours: 40, popular: 40 });
    for (const u of [1, 9, 30]) {
      const a = data.userPtr[u]!;
      const b = data.userPtr[u + 1]!;
      const history = { items: data.userItems.slice(a, b), ratings: data.userRatings.slice(a, b), userIndex: u };
      const excluded = () => {
        const ex = new Uint8Array(m.hybrid.nItems);
        for (const i of history.items) ex[i] = 1;
        return ex;
      };
      const exact = recommendPicks(m, history, { limit: 10, excluded: excluded() }).picks.map((p) => p.item);
      const fromCandidates = recommendPicks(m, history, { limit: 10, excluded: excluded() }, retriever.scores(history)).picks.map(
        (p) => p.item,
      );
      expect(fromCandidates).toEqual(exact);
    }
  });
});

describe('Scorer with candidates', () => {
  it('ranks a plain request (or a wishless one, as the parser gives) from candidates, and a wish over the whole catalogue', async () => {
    const { m, data } = await model();
    // one neighbour and one popular film: a plain request can only show those
    const scorer = new Scorer(m, 1 << 20, { minFilms: 0, neighbours: 1, popular: 1 });
    expect(scorer.usesCandidates).toBe(true);
    const u = 4;
    const a = data.userPtr[u]!;
    const b = data.userPtr[u + 1]!;
    const user = (stateKey: number) => ({
      userId: data.userIds[u]!,
      stateKey,
      movieIds: Int32Array.from(data.userItems.subarray(a, b), (i) => data.itemIds[i]!),
      ratings: data.userRatings.slice(a, b),
      excluded: new Int32Array(0),
    });
    const diversity = { franchiseCap: 99, genrePenalty: 0 };
    expect(scorer.recommend({ user: user(1), limit: 5, diversity }).items.length).toBeLessThanOrEqual(2);
    expect(scorer.recommend({ user: user(2), limit: 5, preferences: emptyPreferences(), diversity }).items.length).toBeLessThanOrEqual(2);
    const wish = { ...emptyPreferences(), genres: { include: ['Drama'], exclude: [] } };
    expect(scorer.recommend({ user: user(3), limit: 5, preferences: wish, diversity }).items).toHaveLength(5);
  });

  it('stays exact below the threshold', async () => {
    const { m } = await model();
    expect(new Scorer(m, 1 << 20, { minFilms: m.hybrid.nItems + 1, neighbours: 1, popular: 1 }).usesCandidates).toBe(false);
    expect(new Scorer(m, 1 << 20).usesCandidates).toBe(false);
  });
});
