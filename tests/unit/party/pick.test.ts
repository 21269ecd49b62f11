import { describe, expect, it } from 'vitest';
import type { GroupRecommender } from '../../../adapters/api/deps.js';
import {
  createGroupRecommender,
  enginePorts,
  groupPick,
  listRelevance,
  pastParties,
  type GroupPickPorts,
} from '../../../src/party/pick.js';
import { memberBar, sparkBar, whyItFits } from '../../../src/party/present.js';
import { parseStartText, partyTtlMs } from '../../../src/party/settings.js';

/**
 * A stand-in recommender: fixed per-member stars; each member's own list is their films by
 * stars, minus what they (or the caller) exclude.
 */
function ports(stars: Record<number, Record<number, number>>, rated: Record<number, number[]>): GroupPickPorts & { calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    async recommend({ userId, limit, exclude }) {
      calls.push(limit);
      const mine = stars[userId] ?? {};
      const items = Object.entries(mine)
        .map(([m, s]) => ({ movieId: Number(m), s }))
        .filter((x) => !exclude?.has(x.movieId) && !(rated[userId] ?? []).includes(x.movieId))
        .sort((a, b) => b.s - a.s)
        .slice(0, limit);
      return { items };
    },
    async predict(userId, movieIds) {
      return new Map(movieIds.map((m) => [m, stars[userId]?.[m] ?? NaN]));
    },
    async excluded(userId) {
      return new Set(rated[userId] ?? []);
    },
  };
}

// Ana (1) and Ben (2). Film 10: Ana 5, Ben 2 (misery). Film 20: both 4. Film 30: Ana 3.5, Ben 4.5.
// Film 40: Ana rated it already. Film 50: both 3.
const stars = {
  1: { 10: 5, 20: 4, 30: 3.5, 40: 5, 50: 3 },
  2: { 10: 2, 20: 4, 30: 4.5, 40: 4, 50: 3 },
};
const rated = { 1: [40] };

describe('group pick', () => {
  it('drops films any member rated and misery films, and keeps per-member stars', async () => {
    const result = await groupPick(ports(stars, rated), { userIds: [1, 2], limit: 3 });
    expect(result.items.map((i) => i.movieId)).toEqual([20, 30, 50]);
    expect(result.items[0]!.memberPredictions).toEqual({ 1: 4, 2: 4 });
    expect(result.items[0]!.groupScore).toBe(4);
  });

  it("relevance comes from each member's own list; it orders the picks but the score shown stays in stars", async () => {
    // Candidates 1-4. Ana's list: 2, 1. Ben's list: 3. Unlisted films share the bottom places.
    const r = listRelevance([1, 2, 3, 4], [[2, 1], [3]]);
    expect(r.map((row) => row[0])).toEqual([2 / 3, 1, 1 / 6, 1 / 6]);
    expect(r.map((row) => row[1])).toEqual([1 / 3, 1 / 3, 1, 1 / 3]);
    // Three members: film 20 has the higher mean (4.17★ against 4.03★, thanks to Cy), but
    // film 30 is first on two of the three lists (relevance 2/3 against 1/3).
    const trio = { 1: { 20: 4, 30: 4.1 }, 2: { 20: 4, 30: 4.1 }, 3: { 20: 4.5, 30: 3.9 } };
    const byStars = await groupPick(ports(trio, {}), {
      userIds: [1, 2, 3],
      limit: 2,
      strategy: 'average_without_misery',
      relevanceWeight: 0,
    });
    expect(byStars.items.map((i) => i.movieId)).toEqual([20, 30]);
    const result = await groupPick(ports(trio, {}), {
      userIds: [1, 2, 3],
      limit: 2,
      strategy: 'average_without_misery',
      relevanceWeight: 1,
    });
    expect(result.items.map((i) => i.movieId)).toEqual([30, 20]);
    expect(result.items.map((i) => i.groupScore)).toEqual([4.033, 4.167]);
  });

  it("the default avoids a film one member will likely dislike, using the engine's calibrated risk, and keeps the risks for the card", async () => {
    // film 20 tops both lists, but Ben's misery risk for it is 0.6; film 30 is safe for both
    const duo = { 1: { 20: 4.6, 30: 4.0 }, 2: { 20: 3.6, 30: 3.8 } };
    const risk: Record<number, Record<number, number>> = { 1: { 20: 0.03, 30: 0.06 }, 2: { 20: 0.6, 30: 0.08 } };
    const p = {
      ...ports(duo, {}),
      misery: async (u: number, movieIds: readonly number[]) => new Map(movieIds.map((m) => [m, risk[u]![m]!])),
    };
    const result = await groupPick(p, { userIds: [1, 2], limit: 2 });
    expect(result.items.map((i) => i.movieId)).toEqual([30, 20]);
    expect(result.items[0]!.memberRisk).toEqual({ 1: 0.06, 2: 0.08 });
    expect(result.items[0]!.groupScore).toBe(3.9); // the card's group score: the mean stars it shows
    // an engine without calibrated risk: the stars stand in (nobody below 2.75 here, so relevance decides)
    const plain = await groupPick(ports(duo, {}), { userIds: [1, 2], limit: 2 });
    expect(plain.items[0]!.memberRisk).toBeUndefined();
  });

  it('ranks by the chosen strategy', async () => {
    const result = await groupPick(ports(stars, rated), { userIds: [1, 2], limit: 2, strategy: 'average' });
    expect(result.items.map((i) => i.movieId)).toEqual([20, 30]); // averages: 20 and 30 at 4 (tie by id), 10 at 3.5
    const least = await groupPick(ports(stars, rated), { userIds: [1, 2], limit: 1, strategy: 'least_misery' });
    expect(least.items.map((i) => i.movieId)).toEqual([20]);
  });

  it('fairness favours the member who lost last time', async () => {
    // Last time Ben's favourite (8) lost to Ana's (7): Ben's say grows this time.
    const history = pastParties([
      {
        winnerMovieId: 7,
        candidates: [
          { movieId: 7, memberPredictions: { 1: 5, 2: 3 } },
          { movieId: 8, memberPredictions: { 1: 3, 2: 5 } },
        ],
      },
    ]);
    expect(history).toEqual([{ winner: { 1: 5, 2: 3 }, best: { 1: 5, 2: 5 } }]);
    const fair = await groupPick(ports(stars, rated), { userIds: [1, 2], limit: 1, strategy: 'fairness', history });
    expect(fair.items[0]!.movieId).toBe(30); // Ben's 4.5 now outweighs Ana's 3.5
    const plain = await groupPick(ports(stars, rated), { userIds: [1, 2], limit: 1 });
    expect(plain.items[0]!.movieId).toBe(20);
  });

  it('returns nothing for an empty group, and serves the API shape with the default first', async () => {
    expect((await groupPick(ports(stars, rated), { userIds: [] })).items).toEqual([]);
    // The HTTP API's port, so the composition root can hand this straight to it.
    const api: GroupRecommender = createGroupRecommender(ports(stars, rated));
    expect(api.strategies[0]).toBe('relevance_without_misery');
    const picks = await api.recommend({ userIds: [1, 2], strategy: 'nonsense', limit: 1 });
    expect(picks[0]).toMatchObject({ movieId: 20, reason: 'every member 4.0★ or more' });
  });

  it('asks for a short list again rather than accept relaxed constraints', async () => {
    let asked = 0;
    const p: GroupPickPorts = {
      async recommend({ limit }) {
        asked++;
        return limit > 5 ? { items: [{ movieId: 99 }], relaxed: ['dropped: comedy'] } : { items: [{ movieId: 20 }] };
      },
      predict: async (_u, ids) => new Map(ids.map((m) => [m, 4])),
      excluded: async () => new Set(),
    };
    const r = await groupPick(p, { userIds: [1], limit: 5, perMember: 40 });
    expect(asked).toBe(2);
    expect(r.items.map((i) => i.movieId)).toEqual([20]);
    expect(r.relaxed).toEqual([]);
  });
});

describe('engine ports', () => {
  it('exclude what a member rated, marked seen or dismissed', async () => {
    const p = enginePorts(
      { recommend: async () => ({ items: [], relaxed: [] }), predict: async () => new Map() },
      {
        ratings: { forUser: async () => [{ movieId: 1 }, { movieId: 2 }] as never },
        marks: {
          forUser: async () =>
            [
              { movieId: 3, kind: 'seen' },
              { movieId: 4, kind: 'not_interested' },
            ] as never,
        },
      },
    );
    expect([...(await p.excluded(7))].sort()).toEqual([1, 2, 3, 4]);
  });
});

describe('presentation', () => {
  it('draws one block per member and states the floor', () => {
    expect(sparkBar([0.5, 5, NaN])).toBe('▁█·');
    expect(memberBar(['ana', 'ben', 'cy'], [3.66, 4.2, 4.9])).toMatch(/^... everyone 3\.6★ or more$/);
    expect(memberBar(['ana', 'ben'], [4, NaN])).toContain('1 of 2 4.0★ or more');
    expect(memberBar(['ana'], [4.24])).toContain('4.2★ for ana');
  });

  it('says why it fits', () => {
    expect(whyItFits(['ana', 'ben'], [4.1, 4.3])).toBe('you all agree (about 4.2★), nobody below 4.1★');
    expect(whyItFits(['ana', 'ben'], [4.8, 3.2])).toBe('ana should love it (4.8★), nobody below 3.2★');
    expect(whyItFits(['ana', 'ben'], [4.8, 2.5])).toContain('ben is lukewarm');
    expect(whyItFits(['ana'], [NaN])).toContain('popular');
  });
});

describe('start options', () => {
  it('separates when, voting mode and strategy from the film constraints', () => {
    expect(parseStartText('Friday: comedy, under 2 hours')).toEqual({
      text: 'comedy, under 2 hours',
      when: 'Friday',
      votingMode: 'approval',
      strategy: 'relevance_without_misery',
    });
    expect(parseStartText('tonight sci-fi, ranked, fair')).toMatchObject({
      text: 'sci-fi',
      when: 'Tonight',
      votingMode: 'ranked',
      strategy: 'fairness',
    });
    expect(parseStartText('')).toMatchObject({ text: '', when: undefined });
    expect(parseStartText('for friday, something funny')).toMatchObject({ when: 'Friday', text: 'something funny' });
    expect(parseStartText('this weekend: horror')).toMatchObject({ when: 'This weekend', text: 'horror' });
    expect(parseStartText('on saturday night drama')).toMatchObject({ when: 'Saturday night', text: 'drama' });
    expect(parseStartText('least misery horror')).toMatchObject({ strategy: 'least_misery', text: 'horror' });
  });

  it('reads the party lifetime from the environment, within bounds', () => {
    expect(partyTtlMs({})).toBe(180 * 60_000);
    expect(partyTtlMs({ REELMATE_PARTY_TTL_MINUTES: '30' })).toBe(30 * 60_000);
    expect(partyTtlMs({ REELMATE_PARTY_TTL_MINUTES: 'soon' })).toBe(180 * 60_000);
  });
});
