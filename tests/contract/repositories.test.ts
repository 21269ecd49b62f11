import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, type Repositories } from '../../src/db/repositories/index.js';
import { openDatabase, schema } from '../../src/db/client.js';
import { openTestDatabase, testEngines, type TestDatabase } from '../helpers/db.js';

async function seedMovies(database: TestDatabase): Promise<void> {
  await database.db.execute(sql`
    INSERT INTO movies (id, title, display_title, year, genres)
    VALUES (1, 'Toy Story (1995)', 'Toy Story', 1995, ARRAY['Adventure','Animation']),
           (2, 'Jumanji (1995)', 'Jumanji', 1995, ARRAY['Adventure']),
           (6, 'Heat (1995)', 'Heat', 1995, ARRAY['Action','Crime'])`);
}

describe.each(testEngines())('repositories on %s', (engine) => {
  let database: TestDatabase;
  let repos: Repositories;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    repos = createRepositories(database.db);
    await seedMovies(database);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('applies migrations idempotently', async () => {
    const { migrateDatabase } = await import('../../src/db/client.js');
    await migrateDatabase(database);
    expect(await repos.movies.count()).toBe(3);
  });

  it('finds or creates users by (platform, external id)', async () => {
    const a = await repos.users.ensure({ platform: 'discord', externalId: '42', displayName: 'Ana' });
    const b = await repos.users.ensure({ platform: 'discord', externalId: '42' });
    const c = await repos.users.ensure({ platform: 'slack', externalId: 'T1:42' });
    expect(b.id).toBe(a.id);
    expect(b.displayName).toBe('Ana');
    expect(c.id).not.toBe(a.id);
    expect(await repos.users.find({ platform: 'slack', externalId: 'T1:42' })).toMatchObject({ id: c.id });
  });

  it('replaces a changed rating and keeps both events', async () => {
    const u = await repos.users.ensure({ platform: 'playground', externalId: 'rater' });
    expect(await repos.ratings.rate({ userId: u.id, movieId: 1, rating: 3, source: 'test' })).toEqual({
      kind: 'rate',
      rating: 3,
      previous: null,
    });
    expect(await repos.ratings.rate({ userId: u.id, movieId: 1, rating: 4.5, source: 'test' })).toEqual({
      kind: 'change',
      rating: 4.5,
      previous: 3,
    });
    expect((await repos.ratings.rate({ userId: u.id, movieId: 1, rating: 4.5, source: 'test' })).kind).toBe('unchanged');
    expect(await repos.ratings.get(u.id, 1)).toBe(4.5);
    const current = await repos.ratings.forUser(u.id);
    expect(current).toHaveLength(1);
    const events = await repos.ratings.events(u.id);
    expect(events.map((e) => [e.kind, e.rating, e.previousRating])).toEqual([
      ['rate', 3, null],
      ['change', 4.5, 3],
    ]);
  });

  it('logs a removal and keeps the history', async () => {
    const u = await repos.users.ensure({ platform: 'playground', externalId: 'remover' });
    await repos.ratings.rate({ userId: u.id, movieId: 2, rating: 2, source: 'test' });
    expect(await repos.ratings.remove({ userId: u.id, movieId: 2, source: 'test' })).toEqual({ kind: 'remove', previous: 2 });
    expect(await repos.ratings.remove({ userId: u.id, movieId: 2, source: 'test' })).toEqual({ kind: 'absent' });
    expect(await repos.ratings.get(u.id, 2)).toBeUndefined();
    expect((await repos.ratings.events(u.id)).map((e) => e.kind)).toEqual(['rate', 'remove']);
  });

  it('ignores a replayed request id', async () => {
    const u = await repos.users.ensure({ platform: 'slack', externalId: 'T1:replay' });
    await repos.ratings.rate({ userId: u.id, movieId: 6, rating: 4, source: 'slack', requestId: 'delivery-1' });
    expect(await repos.ratings.rate({ userId: u.id, movieId: 6, rating: 5, source: 'slack', requestId: 'delivery-1' })).toEqual({
      kind: 'replay',
    });
    expect(await repos.ratings.get(u.id, 6)).toBe(4);
    expect(await repos.ratings.events(u.id)).toHaveLength(1);
  });

  it('rejects ratings off the half-star scale and changes nothing', async () => {
    const u = await repos.users.ensure({ platform: 'playground', externalId: 'bad' });
    for (const r of [0, 0.3, 5.5, 3.25, Number.NaN]) {
      await expect(repos.ratings.rate({ userId: u.id, movieId: 1, rating: r, source: 'test' })).rejects.toThrow(RangeError);
    }
    // the table itself refuses them too, whatever the caller does
    await expect(
      database.db.execute(sql`INSERT INTO ratings (user_id, movie_id, rating, source) VALUES (${u.id}, 1, 3.25, 'x')`),
    ).rejects.toThrow();
    expect(await repos.ratings.forUser(u.id)).toHaveLength(0);
    expect(await repos.ratings.events(u.id)).toHaveLength(0);
  });

  it('keeps exactly one current row under concurrent upserts', async () => {
    const u = await repos.users.ensure({ platform: 'discord', externalId: 'racer' });
    // On the server, every upsert gets its own connection pool, like separate bot processes.
    const extra = database.url
      ? await Promise.all(Array.from({ length: 6 }, () => openDatabase({ url: database.url, migrate: false, maxConnections: 2 })))
      : [];
    try {
      const targets = extra.length ? extra.map((d) => createRepositories(d.db)) : [repos];
      const values = [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 0.5, 1, 2];
      await Promise.all(
        values.map((v, i) => targets[i % targets.length]!.ratings.rate({ userId: u.id, movieId: 6, rating: v, source: 'race' })),
      );
      const rows = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ratings WHERE user_id = ${u.id} AND movie_id = 6`);
      expect(rows[0]!.n).toBe(1);
      const events = await repos.ratings.events(u.id);
      expect(events.filter((e) => e.kind === 'rate')).toHaveLength(1);
      // every event chains from the one before it: nothing was lost
      for (let i = 1; i < events.length; i++) expect(events[i]!.previousRating).toBe(events[i - 1]!.rating);
      expect(events.at(-1)!.rating).toBe(await repos.ratings.get(u.id, 6));
    } finally {
      await Promise.all(extra.map((d) => d.close()));
    }
  });

  it('marks, watchlist and forget-me', async () => {
    const u = await repos.users.ensure({ platform: 'playground', externalId: 'forget' });
    expect(await repos.marks.add(u.id, 1, 'seen')).toBe(true);
    expect(await repos.marks.add(u.id, 1, 'seen')).toBe(false);
    expect(await repos.marks.add(u.id, 2, 'not_interested')).toBe(true);
    expect(await repos.watchlist.add(u.id, 6)).toBe(true);
    expect(await repos.watchlist.add(u.id, 6)).toBe(false);
    await repos.ratings.rate({ userId: u.id, movieId: 6, rating: 4, source: 'test' });
    expect((await repos.marks.forUser(u.id)).map((m) => m.kind).sort()).toEqual(['not_interested', 'seen']);
    expect(await repos.watchlist.list(u.id)).toHaveLength(1);
    await repos.users.forget(u.id);
    expect(await repos.users.byId(u.id)).toBeUndefined();
    expect(await repos.ratings.forUser(u.id)).toHaveLength(0);
    expect(await repos.ratings.events(u.id)).toHaveLength(0);
    expect(await repos.marks.forUser(u.id)).toHaveLength(0);
    expect(await repos.watchlist.list(u.id)).toHaveLength(0);
  });

  it('lists tags per movie, lower-cased and distinct, for the content model', async () => {
    const a = await repos.users.ensure({ platform: 'movielens', externalId: 't1' });
    const b = await repos.users.ensure({ platform: 'movielens', externalId: 't2' });
    await database.db.insert(schema.movieTags).values([
      { userId: a.id, movieId: 6, tag: 'Heist' },
      { userId: b.id, movieId: 6, tag: 'heist' },
      { userId: b.id, movieId: 6, tag: 'Al Pacino' },
      { userId: a.id, movieId: 1, tag: 'pixar' },
    ]);
    const tags = await repos.movies.tagsByMovie();
    expect(tags.get(6)).toEqual(['heist', 'al pacino']);
    expect(tags.get(1)).toEqual(['pixar']);
    expect(tags.has(2)).toBe(false);
  });

  it('publishes model versions and keeps one active', async () => {
    const blob = new Uint8Array(new Float32Array([1.5, -2, 3.25]).buffer);
    const v1 = await repos.models.publish({ algorithm: 'hybrid', params: { k: 1 }, metrics: { rmse: 0.9 }, blob, ratingsCount: 3 });
    const v2 = await repos.models.publish({ algorithm: 'hybrid', params: { k: 2 }, metrics: { rmse: 0.8 }, blob, ratingsCount: 4 });
    expect((await repos.models.activeInfo())?.id).toBe(v2.id);
    const loaded = await repos.models.load(v1.id);
    expect(Array.from(new Float32Array(loaded!.blob.buffer))).toEqual([1.5, -2, 3.25]);
    expect(loaded!.info.active).toBe(false);
  });
});
