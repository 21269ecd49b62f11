/**
 * Precomputed top-N lists (src/jobs/precompute.ts, src/recommender/precomputed.ts) on both
 * engines: the worker's job writes the lists of active users; another engine on the same
 * database (a serve process) answers a plain "recommend" from them; a rating makes the list
 * stale at once (never served again), and the next run of the job writes it afresh; on a
 * server, the rating's notice makes the worker write it within seconds, not at its next tick.
 * The candidates threshold is forced to 0 here: this catalogue is small.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, type Repositories } from '../../src/db/repositories/index.js';
import { precomputeLists } from '../../src/jobs/precompute.js';
import { emptyPreferences } from '../../src/nlp/types.js';
import { PRECOMPUTED_LIST_SIZE } from '../../src/recommender/precomputed.js';
import { createRecommendationService, type RecommendationService } from '../../src/recommender/service.js';
import { createBot } from '../../src/bot/bot.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { startJobQueue } from '../../src/jobs/queue.js';
import { startJobWorker } from '../../src/jobs/worker.js';
import { silentLogger } from '../../src/util/logger.js';
import { openTestDatabase, serverAdminUrl, testEngines, type TestDatabase } from '../helpers/db.js';
import { language, TEST_SECRET } from './bot-harness.js';

/** Two tastes over 16 films: sci-fi 1-8 and comedy 11-18; every fan skips one film of their side. */
async function seed(database: TestDatabase, repos: Repositories): Promise<number> {
  const films = [...Array.from({ length: 8 }, (_, k) => [k + 1, 'Sci-Fi']), ...Array.from({ length: 8 }, (_, k) => [k + 11, 'Comedy'])] as [
    number,
    string,
  ][];
  for (const [id, genre] of films)
    await database.db.execute(
      sql`INSERT INTO movies (id, title, display_title, year, genres) VALUES (${id}, ${`Film ${id} (2000)`}, ${`Film ${id}`}, 2000, ARRAY[${genre}])`,
    );
  for (let k = 0; k < 8; k++) {
    const scifi = (await repos.users.ensure({ platform: 'movielens', externalId: `s${k}` })).id;
    const comedy = (await repos.users.ensure({ platform: 'movielens', externalId: `c${k}` })).id;
    for (let f = 0; f < 8; f++) {
      if (f === k) continue;
      await repos.ratings.rate({ userId: scifi, movieId: f + 1, rating: 4 + (f % 2), source: 'test' });
      await repos.ratings.rate({ userId: comedy, movieId: f + 11, rating: 4 + (f % 2), source: 'test' });
    }
  }
  const fan = (await repos.users.ensure({ platform: 'discord', externalId: 'fan' })).id;
  await repos.ratings.rate({ userId: fan, movieId: 1, rating: 5, source: 'test' });
  await repos.ratings.rate({ userId: fan, movieId: 2, rating: 5, source: 'test' });
  return fan;
}

describe.each(testEngines())('precomputed top-N lists on %s', (engine) => {
  let database: TestDatabase;
  let repos: Repositories;
  /** The worker's engine (it trains the model and computes the lists)... */
  let worker: RecommendationService;
  /** ...and a serve process's, on the same database. */
  let serve: RecommendationService;
  let fan: number;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    repos = createRepositories(database.db);
    fan = await seed(database, repos);
    worker = createRecommendationService(database, { pollMs: 0, workers: 0, candidates: { minFilms: 0 } });
    await worker.ready();
    serve = createRecommendationService(database, { pollMs: 0, workers: 0, autoTrain: false, candidates: { minFilms: 0 } });
    await serve.ready();
  });
  afterAll(async () => {
    await serve?.close();
    await worker?.close();
    await database?.dispose();
  });

  it('the job writes a list for every active user, stamped with the model and the ratings version', async () => {
    const { written } = await precomputeLists(database, worker);
    expect(written).toBe(17); // 16 MovieLens users and the fan all rated within the window
    const list = await repos.recommendationLists.get(fan);
    const [user] = await database.rows<{ v: number }>(sql`SELECT ratings_version AS v FROM users WHERE id = ${fan}`);
    expect(list).toMatchObject({ modelVersion: worker.modelInfo().version, ratingsVersion: user!.v });
    expect(list!.items.length).toBeGreaterThan(0);
    expect(list!.items.length).toBeLessThanOrEqual(PRECOMPUTED_LIST_SIZE);
    expect(list!.items.map((r) => r.movieId)).not.toContain(1);
    // nothing is stale now: a second run writes nothing
    expect((await precomputeLists(database, worker)).written).toBe(0);
  });

  it('a plain request in another process is answered from the list; a wish is scored', async () => {
    const list = await repos.recommendationLists.get(fan);
    const before = serve.listStats();
    const { items } = await serve.recommend({ userId: fan, limit: 3, preferences: emptyPreferences() });
    expect(items).toEqual(list!.items.slice(0, 3));
    expect(serve.listStats()).toEqual({ hits: before.hits + 1, misses: before.misses });
    const comedy = { ...emptyPreferences(), genres: { include: ['Comedy'], exclude: [] } };
    const wished = await serve.recommend({ userId: fan, limit: 3, preferences: comedy });
    expect(wished.items.length).toBeGreaterThan(0);
    expect(serve.listStats().hits).toBe(before.hits + 1); // not from the list
  });

  it('a rating makes the list stale at once; the next run of the job writes it again', async () => {
    const old = await repos.recommendationLists.get(fan);
    const top = old!.items[0]!.movieId;
    await repos.ratings.rate({ userId: fan, movieId: top, rating: 1, source: 'test' });
    await serve.onRatingChanged(fan, top, 1);
    const misses = serve.listStats().misses;
    const { items } = await serve.recommend({ userId: fan, limit: 3 });
    expect(items.map((r) => r.movieId)).not.toContain(top);
    expect(serve.listStats().misses).toBe(misses + 1);

    expect((await precomputeLists(database, worker)).written).toBe(1); // only the fan's list was stale
    const fresh = await repos.recommendationLists.get(fan);
    expect(fresh!.ratingsVersion).toBe(old!.ratingsVersion + 1);
    expect(fresh!.items.map((r) => r.movieId)).not.toContain(top);
    const hits = serve.listStats().hits;
    await serve.recommend({ userId: fan, limit: 5, offset: 3 });
    expect(serve.listStats().hits).toBe(hits + 1);
  });

  it('with the threshold above the catalogue, no list is written and none is read', async () => {
    const small = createRecommendationService(database, { pollMs: 0, workers: 0, autoTrain: false, candidates: { minFilms: 1_000_000 } });
    try {
      await repos.ratings.rate({ userId: fan, movieId: 3, rating: 4, source: 'test' });
      expect((await precomputeLists(database, small)).written).toBe(0);
      await small.recommend({ userId: fan, limit: 3 });
      expect(small.listStats()).toEqual({ hits: 0, misses: 0 });
    } finally {
      await small.close();
    }
  });
});

describe.skipIf(!serverAdminUrl())('a rating refreshes the precomputed list at once (the worker role, server)', () => {
  let database: TestDatabase;
  let repos: Repositories;
  let worker: RecommendationService;
  let serve: RecommendationService;
  let boss: Awaited<ReturnType<typeof startJobQueue>>;
  let stopWork: (() => Promise<void>) | undefined;
  let fan: number;

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    repos = createRepositories(database.db);
    fan = await seed(database, repos);
    worker = createRecommendationService(database, { pollMs: 0, workers: 0, candidates: { minFilms: 0 } });
    await worker.ready();
    serve = createRecommendationService(database, { pollMs: 0, workers: 0, autoTrain: false, candidates: { minFilms: 0 } });
    await serve.ready();
    const { services } = createBot({
      database,
      engine: worker,
      catalog: new Catalog(await repos.movies.all()),
      language,
      secret: TEST_SECRET,
      rateLimit: false,
    });
    boss = await startJobQueue(database.url!, silentLogger, { trainExpireSeconds: 3600 });
    // the periodic sweep is an hour away: only the rating's notice can refresh the list in time
    const hour = 3600;
    stopWork = await startJobWorker(boss, {
      url: database.url!,
      database,
      services,
      engine: worker,
      log: silentLogger,
      timings: { precomputeSeconds: hour, closePartiesSeconds: hour, purgeSeconds: hour },
    });
  });
  afterAll(async () => {
    await stopWork?.();
    await boss?.stop({ graceful: false, wait: true });
    await serve?.close();
    await worker?.close();
    await database?.dispose();
  });

  const version = async (userId: number) =>
    (await database.rows<{ v: number }>(sql`SELECT ratings_version AS v FROM users WHERE id = ${userId}`))[0]!.v;

  it('the worker rewrites a list the rating made stale, and the next plain request is answered from it', async () => {
    // the first lists: written by the job the worker's start-up notice offers
    await expect
      .poll(async () => (await repos.recommendationLists.get(fan))?.ratingsVersion, { timeout: 120_000, interval: 100 })
      .toBe(await version(fan));
    const old = (await repos.recommendationLists.get(fan))!;
    const top = old.items[0]!.movieId;
    await repos.ratings.rate({ userId: fan, movieId: top, rating: 1, source: 'test' });
    await serve.onRatingChanged(fan, top, 1);
    const now = await version(fan);
    expect(now).toBe(old.ratingsVersion + 1);

    await expect
      .poll(async () => (await repos.recommendationLists.get(fan))?.ratingsVersion, { timeout: 120_000, interval: 100 })
      .toBe(now);
    const fresh = (await repos.recommendationLists.get(fan))!;
    expect(fresh.items.map((r) => r.movieId)).not.toContain(top);
    const hits = serve.listStats().hits;
    const { items } = await serve.recommend({ userId: fan, limit: 3 });
    expect(items).toEqual(fresh.items.slice(0, 3));
    expect(serve.listStats().hits).toBe(hits + 1);
  });
});
