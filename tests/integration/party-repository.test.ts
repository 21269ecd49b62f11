import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, type Repositories } from '../../src/db/repositories/index.js';
import { PartiesRepository } from '../../src/db/repositories/parties.js';
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
    expect((await parties.create({ platform: 'playground', channelKey: 'c2', hostUserId: u[1]!, ttlMs: HOUR })).kind).toBe(
      'created',
    );
    expect((await parties.members(a.party.id)).map((m) => m.userId)).toEqual([u[0]]);
    expect((await parties.live('playground', 'c1'))?.id).toBe(a.party.id);
  });

  it('joins once, leaves with votes withdrawn, and counts a double vote once', async () => {
    const { party } = await parties.create({ platform: 'playground', channelKey: 'c3', hostUserId: u[0]!, ttlMs: HOUR });
    expect(await parties.join(party.id, u[1]!)).toBe(true);
    expect(await parties.join(party.id, u[1]!)).toBe(false);
    expect(await parties.join(party.id, u[2]!)).toBe(true);
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
    await parties.setCandidates(party.id, [1, 2, 3].map((m) => ({ movieId: m, groupScore: 4 - m / 10, memberPredictions: {} })));
    // Every member clicks two films, each click sent twice, all at once.
    const clicks = u.flatMap((id) => [1, 2, 1, 2].map((m) => parties.vote(party.id, id, m)));
    const outcomes = await Promise.all(clicks);
    expect(outcomes.filter((o) => o.kind === 'voted')).toHaveLength(10);
    expect(outcomes.filter((o) => o.kind === 'duplicate')).toHaveLength(10);
    expect(await parties.votes(party.id)).toHaveLength(10);
  });

  it('gives ranked positions in click order, even for simultaneous clicks', async () => {
    const { party } = await parties.create({
      platform: 'playground',
      channelKey: 'c5',
      hostUserId: u[0]!,
      ttlMs: HOUR,
      votingMode: 'ranked',
    });
    await parties.setCandidates(party.id, [1, 2, 3].map((m) => ({ movieId: m, groupScore: 4, memberPredictions: {} })));
    await Promise.all([parties.vote(party.id, u[0]!, 3), parties.vote(party.id, u[0]!, 1), parties.vote(party.id, u[0]!, 2)]);
    const weights = (await parties.votes(party.id)).map((v) => v.weight).sort();
    expect(weights).toEqual([1, 2, 3]);
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
