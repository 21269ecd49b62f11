import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, type Repositories } from '../../src/db/repositories/index.js';
import { PartiesRepository } from '../../src/db/repositories/parties.js';
import { PartyMessagesRepository } from '../../src/db/repositories/party-messages.js';
import { openDatabase } from '../../src/db/client.js';
import { openTestDatabase, testEngines, type TestDatabase } from '../helpers/db.js';

const HOUR = 3_600_000;

describe.each(testEngines())('parties repository on %s', (engine) => {
  let database: TestDatabase;
  let repos: Repositories;
  let parties: PartiesRepository;
  const u: number[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    repos = createRepositories(database.db);
    parties = new PartiesRepository(database.db);
    for (let i = 0; i < 5; i++) u.push((await repos.users.ensure({ platform: 'playground', externalId: `p${i}` })).id);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('keeps one live party per channel; the host is a member', async () => {
    const a = await parties.create({ platform: 'playground', channelKey: 'c1', hostUserId: u[0]!, ttlMs: HOUR });
    expect(a.kind).toBe('created');
    const b = await parties.create({ platform: 'playground', channelKey: 'c1', hostUserId: u[1]!, ttlMs: HOUR });
    expect(b).toMatchObject({ kind: 'conflict', party: { id: a.party.id } });
    expect((await parties.create({ platform: 'playground', channelKey: 'c2', hostUserId: u[1]!, ttlMs: HOUR })).kind).toBe('created');
    expect((await parties.members(a.party.id)).map((m) => m.userId)).toEqual([u[0]]);
    expect((await parties.live('playground', 'c1'))?.id).toBe(a.party.id);
  });

  it('joins once, leaves with votes withdrawn, and counts a double vote once', async () => {
    const { party } = await parties.create({ platform: 'playground', channelKey: 'c3', hostUserId: u[0]!, ttlMs: HOUR });
    expect(await parties.join(party.id, u[1]!)).toMatchObject({ kind: 'joined', joined: [u[1]] });
    expect(await parties.join(party.id, u[1]!)).toEqual({ kind: 'already_member' });
    expect(await parties.join(party.id, u[2]!)).toMatchObject({ kind: 'joined' });
    expect(await parties.vote(party.id, u[1]!, 1)).toEqual({ kind: 'not_voting', status: 'open' });
    await parties.setCandidates(party.id, [
      { movieId: 1, groupScore: 4, memberPredictions: { [u[0]!]: 4 } },
      { movieId: 2, groupScore: 3.5, memberPredictions: { [u[0]!]: 3.5 } },
    ]);
    expect((await parties.byId(party.id))?.status).toBe('voting');
    expect(await parties.vote(party.id, u[1]!, 1)).toEqual({ kind: 'voted', weight: 1 });
    expect(await parties.vote(party.id, u[1]!, 1)).toEqual({ kind: 'duplicate' });
    expect(await parties.vote(party.id, u[1]!, 99)).toEqual({ kind: 'not_candidate' });
    expect(await parties.vote(party.id, u[4]!, 1)).toEqual({ kind: 'not_member' });
    expect(await parties.vote(party.id, u[2]!, 2)).toMatchObject({ kind: 'voted' });
    expect(await parties.votes(party.id)).toHaveLength(2);
    expect(await parties.leave(party.id, u[2]!)).toBe(true);
    expect(await parties.leave(party.id, u[2]!)).toBe(false);
    expect((await parties.votes(party.id)).map((v) => v.userId)).toEqual([u[1]]);
    const closed = await parties.close(party.id, 1);
    expect(closed).toMatchObject({ status: 'closed', winnerMovieId: 1 });
    expect(await parties.close(party.id, 2)).toBeUndefined(); // the second closer loses the race
    const history = await parties.history('playground', 'c3');
    expect(history[0]?.party.winnerMovieId).toBe(1);
    expect(history[0]?.candidates.map((c) => c.movieId)).toEqual([1, 2]);
  });

  it('never loses or doubles concurrent votes', async () => {
    const { party } = await parties.create({ platform: 'playground', channelKey: 'c4', hostUserId: u[0]!, ttlMs: HOUR });
    for (const id of u.slice(1)) await parties.join(party.id, id);
    await parties.setCandidates(
      party.id,
      [1, 2, 3].map((m) => ({ movieId: m, groupScore: 4 - m / 10, memberPredictions: {} })),
    );
    // Every member clicks two films, each click sent twice, all at once.
    const clicks = u.flatMap((id) => [1, 2, 1, 2].map((m) => parties.vote(party.id, id, m)));
    const outcomes = await Promise.all(clicks);
    expect(outcomes.filter((o) => o.kind === 'voted')).toHaveLength(10);
    expect(outcomes.filter((o) => o.kind === 'duplicate')).toHaveLength(10);
    expect(await parties.votes(party.id)).toHaveLength(10);
  });

  it('joins several at once: the newcomers are reported, members already in are not doubled', async () => {
    const { party } = await parties.create({ platform: 'playground', channelKey: 'many', hostUserId: u[0]!, ttlMs: HOUR });
    await parties.join(party.id, u[1]!);
    const outcome = await parties.joinMany(party.id, [u[0]!, u[1]!, u[2]!, u[3]!, u[3]!]);
    expect(outcome).toEqual({ kind: 'joined', joined: [u[2], u[3]], already: [u[0], u[1]] });
    expect(await parties.joinMany(party.id, [u[2]!, u[3]!])).toEqual({ kind: 'joined', joined: [], already: [u[2], u[3]] });
    expect(await parties.joinMany(party.id, [])).toEqual({ kind: 'joined', joined: [], already: [] });
    expect((await parties.members(party.id)).map((m) => m.userId).sort()).toEqual([u[0], u[1], u[2], u[3]].sort());
  });

  it('overlapping invites (in opposite orders) and a join at once: everyone is in exactly once, nothing deadlocks', async () => {
    for (let round = 0; round < 5; round++) {
      const { party } = await parties.create({ platform: 'playground', channelKey: `many2-${round}`, hostUserId: u[0]!, ttlMs: HOUR });
      const outcomes = await Promise.all([
        parties.joinMany(party.id, [u[1]!, u[2]!, u[3]!, u[4]!]),
        parties.joinMany(party.id, [u[4]!, u[3]!, u[2]!, u[1]!]),
        parties.joinMany(party.id, [u[3]!, u[2]!, u[4]!]),
        parties.join(party.id, u[2]!),
      ]);
      const joined = outcomes.flatMap((o) => (o.kind === 'joined' ? o.joined : []));
      expect(joined.sort()).toEqual([u[1], u[2], u[3], u[4]].sort());
      expect(await parties.members(party.id)).toHaveLength(5);
    }
  });

  it('refuses to join a closed, expired or overdue party, or one that does not exist', async () => {
    const t0 = new Date('2026-01-03T20:00:00Z');
    const { party: closed } = await parties.create({
      platform: 'playground',
      channelKey: 'over1',
      hostUserId: u[0]!,
      ttlMs: HOUR,
      now: t0,
    });
    await parties.close(closed.id, null, t0);
    expect(await parties.join(closed.id, u[1]!, t0)).toEqual({ kind: 'not_live', status: 'closed' });
    expect(await parties.joinMany(closed.id, [u[1]!, u[2]!], t0)).toEqual({ kind: 'not_live', status: 'closed' });

    const { party: expired } = await parties.create({
      platform: 'playground',
      channelKey: 'over2',
      hostUserId: u[0]!,
      ttlMs: HOUR,
      now: t0,
    });
    await parties.expire(expired.id, t0);
    expect(await parties.join(expired.id, u[1]!, t0)).toEqual({ kind: 'not_live', status: 'expired' });

    // Still marked open, but its time is up: nobody joins a party that is settling.
    const { party: overdue } = await parties.create({
      platform: 'playground',
      channelKey: 'over3',
      hostUserId: u[0]!,
      ttlMs: HOUR,
      now: t0,
    });
    expect(await parties.join(overdue.id, u[1]!, new Date(t0.getTime() + 2 * HOUR))).toEqual({ kind: 'not_live', status: 'open' });
    expect(await parties.join(999_999, u[1]!, t0)).toEqual({ kind: 'not_found' });
    for (const p of [closed, expired, overdue]) expect((await parties.members(p.id)).map((m) => m.userId)).toEqual([u[0]]);
  });

  it('remembers which messages show a party card (recording twice is a no-op)', async () => {
    const messages = new PartyMessagesRepository(database.db);
    const { party } = await parties.create({ platform: 'slack', channelKey: 'T1:C1', hostUserId: u[0]!, ttlMs: HOUR });
    const ref = { platform: 'slack', channelKey: 'T1:C1', messageKey: '1700000000.000100' };
    expect(await messages.partyOf(ref)).toBeUndefined();
    await messages.record(ref, party.id, 'v1:pj:1:abcdefgh');
    await messages.record(ref, party.id, 'v1:pj:1:other');
    expect(await messages.partyOf(ref)).toEqual({ partyId: party.id, joinPayload: 'v1:pj:1:abcdefgh' });
    expect(await messages.partyOf({ ...ref, channelKey: 'T1:C2' })).toBeUndefined();
    expect(await messages.partyOf({ ...ref, platform: 'discord' })).toBeUndefined();
  });

  it('gives ranked positions in click order, even for simultaneous clicks', async () => {
    const { party } = await parties.create({
      platform: 'playground',
      channelKey: 'c5',
      hostUserId: u[0]!,
      ttlMs: HOUR,
      votingMode: 'ranked',
    });
    await parties.setCandidates(
      party.id,
      [1, 2, 3].map((m) => ({ movieId: m, groupScore: 4, memberPredictions: {} })),
    );
    await Promise.all([parties.vote(party.id, u[0]!, 3), parties.vote(party.id, u[0]!, 1), parties.vote(party.id, u[0]!, 2)]);
    const weights = (await parties.votes(party.id)).map((v) => v.weight).sort();
    expect(weights).toEqual([1, 2, 3]);
  });

  it('takes a vote back: ranked choices after it move up; with no film given, all of them; concurrent clicks stay consistent', async () => {
    const { party } = await parties.create({
      platform: 'playground',
      channelKey: 'c5b',
      hostUserId: u[0]!,
      ttlMs: HOUR,
      votingMode: 'ranked',
    });
    await parties.join(party.id, u[1]!);
    expect(await parties.unvote(party.id, u[0]!, 1)).toEqual({ kind: 'not_voting', status: 'open' });
    await parties.setCandidates(
      party.id,
      [1, 2, 3].map((m) => ({ movieId: m, groupScore: 4, memberPredictions: {} })),
    );
    for (const m of [3, 1, 2]) await parties.vote(party.id, u[0]!, m);
    expect(await parties.unvote(party.id, u[0]!, 1)).toEqual({ kind: 'withdrawn', count: 1 });
    const mine = async (id: number) =>
      (await parties.votes(party.id))
        .filter((v) => v.userId === id)
        .map((v) => [v.movieId, v.weight])
        .sort();
    expect(await mine(u[0]!)).toEqual([
      [2, 2],
      [3, 1],
    ]);
    // Moved: voted again, it goes to the end.
    expect(await parties.vote(party.id, u[0]!, 1)).toEqual({ kind: 'voted', weight: 3 });
    expect(await parties.unvote(party.id, u[0]!, 99)).toEqual({ kind: 'withdrawn', count: 0 });
    // Another voter's take-back, all at once with the first voter's clicks, touches only their own.
    await parties.vote(party.id, u[1]!, 2);
    await Promise.all([parties.unvote(party.id, u[1]!), parties.unvote(party.id, u[0]!, 3), parties.vote(party.id, u[0]!, 3)]);
    expect(await mine(u[1]!)).toEqual([]);
    const weights = (await mine(u[0]!)).map(([, w]) => w).sort();
    expect(weights).toEqual([...Array(weights.length).keys()].map((i) => i + 1));
    expect(await parties.unvote(party.id, u[0]!)).toMatchObject({ kind: 'withdrawn' });
    expect(await mine(u[0]!)).toEqual([]);
    await parties.close(party.id, null);
    expect(await parties.unvote(party.id, u[0]!)).toEqual({ kind: 'not_voting', status: 'closed' });
  });

  it('expires an overdue party: no votes, and a new party may open in its channel', async () => {
    const t0 = new Date('2026-01-01T20:00:00Z');
    const later = new Date(t0.getTime() + 2 * HOUR);
    const { party } = await parties.create({ platform: 'playground', channelKey: 'c6', hostUserId: u[0]!, ttlMs: HOUR, now: t0 });
    await parties.setCandidates(party.id, [{ movieId: 1, groupScore: 4, memberPredictions: {} }]);
    expect(await parties.vote(party.id, u[0]!, 1, later)).toEqual({ kind: 'expired' });
    expect((await parties.due(later)).map((p) => p.id)).toContain(party.id);
    expect(await parties.live('playground', 'c6', later)).toBeUndefined();
    expect((await parties.byId(party.id))?.status).toBe('expired');
    const next = await parties.create({ platform: 'playground', channelKey: 'c6', hostUserId: u[1]!, ttlMs: HOUR, now: later });
    expect(next.kind).toBe('created');
  });

  it('expires lazily when a new party is started after the time ran out', async () => {
    const t0 = new Date('2026-01-02T20:00:00Z');
    const a = await parties.create({ platform: 'playground', channelKey: 'c7', hostUserId: u[0]!, ttlMs: HOUR, now: t0 });
    const b = await parties.create({
      platform: 'playground',
      channelKey: 'c7',
      hostUserId: u[1]!,
      ttlMs: HOUR,
      now: new Date(t0.getTime() + 3 * HOUR),
    });
    expect(b.kind).toBe('created');
    expect((await parties.byId(a.party.id))?.status).toBe('expired');
  });

  it('two processes opening a party in one channel at once: exactly one wins', async () => {
    if (!database.url) return; // a second connection pool exists only on the server
    const other = await openDatabase({ url: database.url, migrate: false });
    try {
      const p2 = new PartiesRepository(other.db);
      const results = await Promise.all([
        parties.create({ platform: 'playground', channelKey: 'race', hostUserId: u[0]!, ttlMs: HOUR }),
        p2.create({ platform: 'playground', channelKey: 'race', hostUserId: u[1]!, ttlMs: HOUR }),
      ]);
      expect(results.map((r) => r.kind).sort()).toEqual(['conflict', 'created']);
    } finally {
      await other.close();
    }
  });
});
