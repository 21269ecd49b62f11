import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExperimentsRepository } from '../../src/db/repositories/experiments.js';
import { createRepositories } from '../../src/db/repositories/index.js';
import { InsightsRepository, type ImpressionRow } from '../../src/db/repositories/insights.js';
import { OnlineMetricsRepository } from '../../src/db/repositories/online-metrics.js';
import { openTestDatabase, testEngines, type TestDatabase } from '../helpers/db.js';
import { seedSmall } from './bot-harness.js';

const HOUR = 3600_000;

describe.each(testEngines())('online metrics in SQL on %s', (engine) => {
  let database: TestDatabase;
  let experimentId: number;
  const now = Date.now();

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await seedSmall(database);
    const repos = createRepositories(database.db);
    const a = await repos.users.ensure({ platform: 'playground', externalId: 'a' });
    const b = await repos.users.ensure({ platform: 'playground', externalId: 'b' });
    experimentId = (await new ExperimentsRepository(database.db).create({
      name: 'e1',
      mode: 'ab',
      variants: [
        { name: 'x', share: 0.5, config: {} },
        { name: 'y', share: 0.5, config: {} },
      ],
    }))!.id;
    const shown = (userId: number, movieId: number, variant: string, at: number, position = 0): ImpressionRow => ({
      userId,
      movieId,
      surface: 'playground',
      kind: 'recommend',
      position,
      modelVersion: 3,
      experimentId,
      variant,
      shownAt: at,
    });
    const insights = new InsightsRepository(database);
    await insights.insertImpressions([
      shown(a.id, 1, 'x', now - HOUR, 0),
      shown(a.id, 6, 'x', now - HOUR, 1),
      shown(a.id, 1214, 'x', now - HOUR, 2),
      shown(a.id, 296, 'x', now - 10 * 24 * HOUR), // too long before the rating below to count
      shown(b.id, 1, 'y', now - HOUR, 0),
      shown(b.id, 2571, 'y', now - HOUR, 1),
    ]);
    // feedback from every path: a typed rating, a mark, the watchlist, a card action
    await repos.ratings.rate({ userId: a.id, movieId: 1, rating: 5, source: 'playground:chat' });
    await repos.ratings.rate({ userId: a.id, movieId: 296, rating: 5, source: 'playground:chat' });
    await repos.marks.add(a.id, 6, 'not_interested');
    await repos.watchlist.add(b.id, 2571);
    await repos.ratings.rate({ userId: b.id, movieId: 1, rating: 2, source: 'api' });
    await insights.insertEngagements([{ userId: a.id, movieId: 1214, action: 'why', stars: null, at: Date.now() }], 7);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const window = () => ({ from: new Date(now - 30 * 24 * HOUR), to: new Date(Date.now() + HOUR), days: 7 });

  it('positive, negative and click rates, mean stars and coverage per variant', async () => {
    const rows = await new OnlineMetricsRepository(database).summary(window());
    expect(rows.map((r) => [r.modelVersion, r.experiment, r.variant, r.users, r.impressions])).toEqual([
      [3, 'e1', 'x', 1, 4],
      [3, 'e1', 'y', 1, 2],
    ]);
    const [x, y] = rows as [(typeof rows)[0], (typeof rows)[0]];
    expect(x).toMatchObject({ positiveRate: 0.25, negativeRate: 0.25, clickRate: 0.25, meanStars: 5, coverage: 4 / 8 });
    expect(y).toMatchObject({ positiveRate: 0.5, negativeRate: 0.5, clickRate: 0, meanStars: 2, coverage: 2 / 8 });
    // 8 MovieLens raters; every film here rated by 5 or 6 of them: -log2(5/8 .. 6/8) is 0.42-0.68 bits
    expect(x.novelty).toBeGreaterThan(0.3);
    expect(x.novelty).toBeLessThan(0.8);
  });

  it('a narrower window and the per-user units of analysis', async () => {
    const metrics = new OnlineMetricsRepository(database);
    const recent = await metrics.summary({ ...window(), from: new Date(now - 2 * HOUR) });
    expect(recent.find((r) => r.variant === 'x')?.impressions).toBe(3);
    const perUser = await metrics.perUser({ ...window(), experimentId });
    expect(perUser.map((u) => [u.variant, u.impressions, u.positives, u.negatives, u.clicks])).toEqual([
      ['x', 4, 1, 1, 1],
      ['y', 2, 1, 1, 0],
    ]);
    const lists = await metrics.interleavedLists({ ...window(), experimentId });
    expect(
      lists
        .filter((l) => l.variant === 'x')
        .map((l) => l.positives)
        .sort(),
    ).toEqual([0, 1]);
    const days = await metrics.daily(window());
    expect(days.reduce((s, d) => s + d.impressions, 0)).toBe(6);
  });

  it('time to first rating for new users', async () => {
    const t = await new OnlineMetricsRepository(database).timeToFirstRating(window());
    expect(t.newUsers).toBe(2);
    expect(t.rated).toBe(2);
    expect(t.medianSeconds).toBeGreaterThanOrEqual(0);
    expect(t.medianSeconds).toBeLessThan(600);
  });

  it('the retention purge deletes old rows only', async () => {
    const insights = new InsightsRepository(database);
    const removed = await insights.purge(new Date(now - 5 * 24 * HOUR));
    expect(removed).toEqual({ impressions: 1, engagements: 0 });
    const left = await new OnlineMetricsRepository(database).summary(window());
    expect(left.reduce((s, r) => s + r.impressions, 0)).toBe(5);
  });
});
