/**
 * Experiment variants that change the model: a challenger model version served beside the
 * active one, and a ranking blend applied to the active model, through the real
 * recommendation service on both engines.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExperimentsRepository } from '../../src/db/repositories/experiments.js';
import { createRepositories, type Repositories } from '../../src/db/repositories/index.js';
import { createRecommendationService, type RecommendationService } from '../../src/recommender/service.js';
import { trainAndPublish } from '../../src/recommender/train.js';
import { openTestDatabase, testEngines, type TestDatabase } from '../helpers/db.js';
import { seedTwoTastes } from '../helpers/two-tastes.js';

describe.each(testEngines())('model and ranking-blend variants on %s', (engine) => {
  let database: TestDatabase;
  let repos: Repositories;
  let service: RecommendationService;
  let fan: number;
  let active: number;
  let challenger: number;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    repos = createRepositories(database.db);
    ({ fan } = await seedTwoTastes(database, repos));
    service = createRecommendationService(database, { pollMs: 0 });
    await service.ready();
    active = service.modelInfo().version!;
    challenger = (await trainAndPublish(database, { params: { wPop: 0.5 }, tune: false, activate: false })).version.id;
  });
  afterAll(async () => {
    await service?.close();
    await database?.dispose();
  });

  it('a challenger is stored but not served until a request pins it; then it answers those requests', async () => {
    expect(challenger).toBeGreaterThan(active);
    expect((await repos.models.activeInfo())?.id).toBe(active);
    expect(await service.refresh()).toBe(false);
    expect(service.modelInfo().version).toBe(active);

    expect(await service.prepareVersion(challenger)).toBe(true);
    const pinned = await service.recommend({ userId: fan, limit: 5, modelVersion: challenger });
    const plain = await service.recommend({ userId: fan, limit: 5 });
    expect(pinned.modelVersion).toBe(challenger);
    expect(plain.modelVersion).toBe(active);
    expect(pinned.items.length).toBe(5);
    // the active model is untouched by the challenger's requests
    expect(service.modelInfo().version).toBe(active);
  });

  it('a version that cannot be served is answered by the active model, which says so', async () => {
    expect(await service.prepareVersion(999_999)).toBe(false);
    const r = await service.recommend({ userId: fan, limit: 3, modelVersion: 999_999 });
    expect(r.modelVersion).toBe(active);
    expect(r.items).toHaveLength(3);
  });

  it('a ranking blend reorders the same model: popularity alone gives the most rated unrated films', async () => {
    const popularOnly = { wEase: 0, wRp3: 0, wContent: 0, wStars: 0, popPenalty: 0, wPop: 1, coldHistory: 1 };
    const r = await service.recommend({ userId: fan, limit: 4, rankBlend: popularOnly });
    const counts = await database.rows<{ movie_id: number; n: number }>(sql`
      SELECT movie_id, count(*)::int AS n FROM ratings
      WHERE movie_id NOT IN (SELECT movie_id FROM ratings WHERE user_id = ${fan})
      GROUP BY movie_id ORDER BY n DESC`);
    const n = new Map(counts.map((c) => [c.movie_id, c.n]));
    const got = r.items.map((i) => n.get(i.movieId) ?? 0);
    expect(got).toEqual([...got].sort((a, b) => b - a));
    expect(got[0]).toBe(counts[0]!.n);
    // parameters that are not ranking parameters are ignored, never applied
    const plain = await service.recommend({ userId: fan, limit: 4 });
    const ignored = await service.recommend({ userId: fan, limit: 4, rankBlend: { easeLambda: 1, notAParam: 3 } });
    expect(ignored.items.map((i) => i.movieId)).toEqual(plain.items.map((i) => i.movieId));
  });

  it('publishing keeps the chunks of a version a running experiment pins, and prunes it once the experiment stops', async () => {
    const experiments = new ExperimentsRepository(database.db);
    await experiments.create({
      name: 'challenge',
      mode: 'ab',
      variants: [
        { name: 'control', share: 0.5, config: {} },
        { name: 'challenger', share: 0.5, config: { modelVersion: challenger } },
      ],
    });
    for (let k = 0; k < 3; k++) await trainAndPublish(database, { tune: false });
    expect(await repos.models.servable(challenger)).toBe(true);
    expect(await repos.models.servable(active)).toBe(false); // an old, unpinned version
    await experiments.stop('challenge', new Date());
    await trainAndPublish(database, { tune: false });
    expect(await repos.models.servable(challenger)).toBe(false);
  });
});
