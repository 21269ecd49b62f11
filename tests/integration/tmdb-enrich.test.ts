/**
 * `enrich tmdb` against a fake TMDB on 127.0.0.1, on both engines: facts filled for every film
 * with a TMDB id, films TMDB does not have marked, rate limits and failures retried, a failed
 * film asked again by the next run and nothing else (resumable), the same answer written twice
 * changing nothing (idempotent); and the command itself, configured by TMDB_API_KEY / TMDB_API_URL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEnrichTmdb } from '../../src/catalog/cli.js';
import { enrichFromTmdb, formatEnrichSummary } from '../../src/catalog/enrich-tmdb.js';
import { TmdbClient, toTmdbMovie } from '../../src/catalog/tmdb.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { MoviesRepository } from '../../src/db/repositories/movies.js';
import { openTestDatabase, testEngines, type TestDatabase } from '../helpers/db.js';
import { FakeTmdb } from '../helpers/fake-tmdb/index.js';

const KEY = 'fake-tmdb-key-0123';

const heat = {
  id: 949,
  runtime: 170,
  poster_path: '/heat.jpg',
  directors: ['Michael Mann'],
  cast: ['Al Pacino', 'Robert De Niro'],
  keywords: ['Heist', 'Los Angeles'],
  overview: 'A heist.',
};
const toy = {
  id: 862,
  runtime: 81,
  poster_path: '/toy.jpg',
  directors: ['John Lasseter'],
  cast: ['Tom Hanks', 'Tim Allen'],
  keywords: ['toy'],
};
const sleepless = {
  id: 858,
  runtime: 105,
  original_language: 'en',
  poster_path: '/sleepless.jpg',
  directors: ['Nora Ephron'],
  cast: ['Tom Hanks', 'Meg Ryan'],
};

async function seed(database: TestDatabase): Promise<void> {
  await database.db.execute(sql`
    INSERT INTO movies (id, title, display_title, year, genres, tmdb_id, runtime, directors, cast_names)
    VALUES (6, 'Heat (1995)', 'Heat', 1995, ARRAY['Action'], 949, NULL, NULL, NULL),
           (1, 'Toy Story (1995)', 'Toy Story', 1995, ARRAY['Animation'], 862, 81, ARRAY['John Lasseter'], NULL),
           (539, 'Sleepless in Seattle (1993)', 'Sleepless in Seattle', 1993, ARRAY['Comedy'], 858, NULL, NULL, NULL),
           (7, 'Gone (1990)', 'Gone', 1990, ARRAY['Drama'], 404404, NULL, NULL, NULL),
           (8, 'No Link (2001)', 'No Link', 2001, ARRAY['Drama'], NULL, NULL, NULL, NULL)`);
}

describe('TMDB answers', () => {
  it('keep directors, cast in billing order, keywords, runtime, language, a safe poster path', () => {
    const movie = toTmdbMovie({
      id: 949,
      runtime: 170,
      original_language: 'EN',
      poster_path: '/../../etc/passwd',
      credits: {
        cast: [
          { name: 'B', order: 1 },
          { name: 'A', order: 0 },
        ],
        crew: [
          { name: 'Michael Mann', job: 'Director' },
          { name: 'X', job: 'Producer' },
        ],
      },
      keywords: { keywords: [{ name: 'Heist' }, { name: 'heist' }] },
    });
    expect(movie).toEqual({
      tmdbId: 949,
      directors: ['Michael Mann'],
      cast: ['A', 'B'],
      keywords: ['heist'],
      runtime: 170,
      originalLanguage: 'en',
      posterPath: null,
      overview: null,
    });
    expect(toTmdbMovie({ nope: true })).toBeUndefined();
  });
});

describe.each(testEngines())('enrich tmdb on %s', (engine) => {
  let database: TestDatabase;
  let fake: FakeTmdb;
  let movies: MoviesRepository;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await seed(database);
    movies = new MoviesRepository(database.db);
    fake = await new FakeTmdb(KEY).start();
    fake.add(heat, toy, sleepless);
  });
  afterAll(async () => {
    await fake?.close();
    await database?.dispose();
  });

  it('fills every film with a TMDB id, retries a rate limit, keeps a failure for the next run, and asks nothing twice', async () => {
    fake.failNext(949, 429); // rate-limited once: retried
    fake.failNext(858, 500, 500, 500, 500); // fails every attempt of this run
    const client = new TmdbClient({ apiKey: KEY, baseUrl: fake.apiUrl, perSecond: 50, maxRetryWaitMs: 100 });
    const progress: [number, number][] = [];
    const first = await enrichFromTmdb(movies, client, { batchSize: 2, onProgress: (d, t) => progress.push([d, t]) });
    expect(first).toMatchObject({ alreadyDone: 0, asked: 4, ok: 2, notFound: 1, failed: 1 });
    expect(first.failures).toEqual([{ movieId: 539, tmdbId: 858, reason: 'HTTP 500' }]);
    expect(progress).toEqual([
      [0, 4],
      [2, 4],
      [4, 4],
    ]);
    expect(fake.requests.every((r) => r.append === 'credits,keywords' && r.path.startsWith('/3/movie/'))).toBe(true);
    expect(fake.requestsFor(949).map((r) => r.status)).toEqual([429, 200]);
    expect(fake.requestsFor(858)).toHaveLength(4); // the first try and three retries

    const heatRow = (await movies.byId(6))!;
    expect(heatRow).toMatchObject({
      runtime: 170,
      directors: ['Michael Mann'],
      cast: ['Al Pacino', 'Robert De Niro'],
      keywords: ['heist', 'los angeles'],
      originalLanguage: 'en',
      posterPath: '/heat.jpg',
      overview: 'A heist.',
      tmdbStatus: 'ok',
    });
    expect((await movies.byId(7))!.tmdbStatus).toBe('not_found');
    expect((await movies.byId(539))!).toMatchObject({ tmdbStatus: 'failed', runtime: null, cast: null });
    expect((await movies.byId(8))!.tmdbStatus).toBeNull();
    expect(formatEnrichSummary(first)).toContain('2 enriched, 1 not on TMDB, 1 failed');

    // Resumed: only the failed film is asked again, and now it works ("with Tom Hanks" can find it).
    const before = fake.requests.length;
    const second = await enrichFromTmdb(movies, client);
    expect(second).toMatchObject({ alreadyDone: 3, asked: 1, ok: 1, failed: 0 });
    expect(fake.requests.slice(before).map((r) => r.id)).toEqual([858]);
    expect((await movies.byId(539))!).toMatchObject({ tmdbStatus: 'ok', runtime: 105, cast: ['Tom Hanks', 'Meg Ryan'] });
    const third = await enrichFromTmdb(movies, client);
    expect(third).toMatchObject({ asked: 0, alreadyDone: 4 });

    // Asked again on purpose: the same answers change nothing.
    const snapshot = async () =>
      JSON.stringify(
        await database.rows(
          sql`SELECT id, directors, cast_names, keywords, runtime, original_language, poster_path, overview, tmdb_status FROM movies ORDER BY id`,
        ),
      );
    const was = await snapshot();
    const again = await enrichFromTmdb(movies, client, { again: true });
    expect(again).toMatchObject({ asked: 4, ok: 3, notFound: 1 });
    expect(await snapshot()).toBe(was);
    const coverage = await movies.metadataCoverage();
    expect(coverage).toMatchObject({ total: 5, runtime: 3, people: 3, poster: 3 });
    await client.stop();
  });

  it('stops at once when TMDB refuses the key', async () => {
    const client = new TmdbClient({ apiKey: 'wrong', baseUrl: fake.apiUrl, perSecond: 50 });
    const summary = await enrichFromTmdb(movies, client, { again: true, batchSize: 2 });
    expect(summary.refused).toBe('TMDB refused the key (HTTP 401)');
    expect(summary.asked).toBe(0);
    await client.stop();
  });
});

describe('the enrich tmdb command', () => {
  let dataDir: string;
  let fake: FakeTmdb;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'reelmate-enrich-'));
    const database = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    await seed(database as TestDatabase);
    await database.close();
    fake = await new FakeTmdb(KEY).start();
    fake.add(heat, toy, sleepless);
  });
  afterAll(async () => {
    await fake?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('needs TMDB_API_KEY, then enriches the configured database through TMDB_API_URL', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    expect(await runEnrichTmdb({}, loadConfig({ REELMATE_DATA_DIR: dataDir }), io)).toBe(2);
    expect(err.join('\n')).toContain('Set TMDB_API_KEY');
    const config = loadConfig({ REELMATE_DATA_DIR: dataDir, TMDB_API_KEY: KEY, TMDB_API_URL: fake.apiUrl });
    expect(await runEnrichTmdb({ limit: 2, json: true }, config, io)).toBe(0);
    expect(JSON.parse(out.at(-1)!)).toMatchObject({ asked: 2 });
    expect(await runEnrichTmdb({}, config, io)).toBe(0);
    expect(out.at(-1)).toContain('TMDB: asked about 2 films (2 done before): 1 enriched, 1 not on TMDB, 0 failed.');
    expect(loadConfig.bind(null, { TMDB_API_URL: 'ftp://x' })).toThrow(/TMDB_API_URL/);
  });
});
