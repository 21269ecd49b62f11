/**
 * The API's shared token buckets (several processes on one server draw from one bucket per
 * key). On the server, two separate connection pools play two processes.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedRateLimit } from '../../src/util/rate-limit.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { RateBucketsRepository } from '../../src/db/repositories/rate-buckets.js';
import { openTestDatabase, testEngines, type TestDatabase } from '../helpers/db.js';

describe.each(testEngines())('shared API rate limit on %s', (engine) => {
  let database: TestDatabase;
  let other: Database;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    other = database.url ? await openDatabase({ url: database.url, migrate: false }) : database;
  });
  afterAll(async () => {
    if (other !== database) await other?.close();
    await database?.dispose();
  });

  it('lets a key through perMinute times across processes, then says how long to wait', async () => {
    const a = sharedRateLimit(new RateBucketsRepository(database), 4);
    const b = sharedRateLimit(new RateBucketsRepository(other), 4);
    const waits = [await a.wait('k1'), await b.wait('k1'), await a.wait('k1'), await b.wait('k1')];
    expect(waits).toEqual([0, 0, 0, 0]);
    const refused = await b.wait('k1');
    // 4 a minute: one token every 15 s; at most that long to wait.
    expect(refused).toBeGreaterThanOrEqual(1);
    expect(refused).toBeLessThanOrEqual(15);
    expect(await a.wait('k1')).toBeGreaterThanOrEqual(1);
    // Other keys have their own bucket.
    expect(await a.wait('k2')).toBe(0);
  });

  it('takes exactly perMinute tokens when many requests race for them', async () => {
    const limits = [sharedRateLimit(new RateBucketsRepository(database), 10), sharedRateLimit(new RateBucketsRepository(other), 10)];
    const waits = await Promise.all(Array.from({ length: 30 }, (_, i) => limits[i % 2]!.wait('race')));
    expect(waits.filter((w) => w === 0)).toHaveLength(10);
  });

  it('refills with time, as the database clock says', async () => {
    // 6 a minute: one token every 10 s, so the few statements below add next to nothing.
    const limit = sharedRateLimit(new RateBucketsRepository(database), 6);
    for (let i = 0; i < 6; i++) expect(await limit.wait('refill')).toBe(0);
    expect(await limit.wait('refill')).toBeGreaterThanOrEqual(1);
    // Move the bucket's last touch 20 seconds back instead of waiting: two tokens come back.
    await database.rows(sql`UPDATE api_rate_buckets SET updated_at = updated_at - interval '20 seconds' WHERE key = 'refill'`);
    expect(await limit.wait('refill')).toBe(0);
    expect(await limit.wait('refill')).toBe(0);
    expect(await limit.wait('refill')).toBeGreaterThanOrEqual(1);
  });
});
