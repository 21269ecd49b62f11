import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecommendationEngine } from '../../src/core/ports.js';
import { createRepositories } from '../../src/db/repositories/index.js';
import { emptyPreferences } from '../../src/nlp/types.js';
import { createRecommendationService, type RecommendationService } from '../../src/recommender/service.js';
import { trainAndPublish } from '../../src/recommender/train.js';
import { testEngines, type TestDatabase } from '../helpers/db.js';
import { openSeededTestDatabase } from '../helpers/seeded.js';

/** Every kind of request the port has, for a few users: the same list on any engine gives the same answers. */
async function answers(engine: RecommendationEngine, users: number[]): Promise<unknown[]> {
  const out: unknown[] = [];
  const comedy = emptyPreferences();
  comedy.genres.include = ['Comedy'];
  comedy.years = { from: 1990, to: 1999 };
  for (const u of users) {
    out.push(await engine.recommend({ userId: u, limit: 10 }));
    out.push(await engine.recommend({ userId: u, limit: 5, offset: 5, preferences: comedy, exclude: new Set([1, 2, 3]) }));
    out.push([...(await engine.predict(u, [1, 260, 2571, 999_999_999]))]);
    out.push(await engine.explain(u, 2571));
    out.push(await engine.similar(1200, 5, u));
  }
  out.push(await engine.similar(1214, 8));
  return out;
}

describe.skipIf(!process.env.MOVIELENS_DIR).each(testEngines())('scoring on worker threads (%s)', (kind) => {
  let database: TestDatabase;
  let users: number[];
  const services: RecommendationService[] = [];
  const service = async (workers: number) => {
    const s = createRecommendationService(database, { pollMs: 0, workers, autoTrain: true, params: { stars: 'baseline' } });
    services.push(s);
    await s.ready();
    return s;
  };

  beforeAll(async () => {
    database = await openSeededTestDatabase(kind);
    const repos = createRepositories(database.db);
    users = [];
    for (const ext of ['1', '2', '15', '414']) users.push((await repos.users.find({ platform: 'movielens', externalId: ext }))!.id);
    users.push((await repos.users.ensure({ platform: 'playground', externalId: 'nobody-yet' })).id);
  });
  afterAll(async () => {
    for (const s of services) await s.close();
    await database?.dispose();
  });

  it('answers exactly as the pipeline on the calling thread does', async () => {
    const here = await service(0);
    const pooled = await service(2);
    expect(pooled.modelInfo().version).toBe(here.modelInfo().version);
    const expected = await answers(here, users);
    expect(await answers(pooled, users)).toEqual(expected);
    // and again, now from the workers' cached histories and scores
    expect(await answers(pooled, users)).toEqual(expected);
  }, 600_000); // several services build the model: minutes on a machine at load 15, seconds when quiet

  it('switches to a new model atomically: requests during the switch never fail and each sees one model, old or new', async () => {
    const pooled = await service(2);
    const before = await service(0);
    const oldAnswers = await Promise.all(users.map((u) => before.recommend({ userId: u, limit: 10 })));
    const oldStars = await Promise.all(users.map((u) => before.predict(u, [1, 260, 2571])));

    const published = await trainAndPublish(database, { params: { stars: 'baseline', wContent: 0.5 }, tune: false });
    const after = await service(0); // reads the new active version
    expect(after.modelInfo().version).toBe(published.version.id);
    const newAnswers = await Promise.all(users.map((u) => after.recommend({ userId: u, limit: 10 })));
    const newStars = await Promise.all(users.map((u) => after.predict(u, [1, 260, 2571])));
    expect(newAnswers).not.toEqual(oldAnswers); // the two models are told apart

    const requests: Promise<void>[] = [];
    const seen = { old: 0, new: 0 };
    const ask = async (k: number) => {
      const i = k % users.length;
      const [rec, stars] = await Promise.all([
        pooled.recommend({ userId: users[i]!, limit: 10 }),
        pooled.predict(users[i]!, [1, 260, 2571]),
      ]);
      const isOld = JSON.stringify(rec) === JSON.stringify(oldAnswers[i]);
      const isNew = JSON.stringify(rec) === JSON.stringify(newAnswers[i]);
      expect(isOld || isNew).toBe(true);
      // a predict is one request too: one model's stars, old or new (it may run on the other side of the switch from its recommend)
      const starsJson = JSON.stringify([...stars.values()]);
      expect([JSON.stringify([...oldStars[i]!.values()]), JSON.stringify([...newStars[i]!.values()])]).toContain(starsJson);
      seen[isOld ? 'old' : 'new']++;
    };
    for (let k = 0; k < 40; k++) requests.push(ask(k));
    const switched = pooled.refresh();
    for (let k = 40; k < 80; k++) requests.push(ask(k));
    expect(await switched).toBe(true);
    await Promise.all(requests);
    expect(seen.old + seen.new).toBe(80);
    expect(pooled.modelInfo().version).toBe(published.version.id);
    // after the switch, only the new model answers
    expect(await Promise.all(users.map((u) => pooled.recommend({ userId: u, limit: 10 })))).toEqual(newAnswers);
  }, 600_000); // trains a model and builds it four times
});
