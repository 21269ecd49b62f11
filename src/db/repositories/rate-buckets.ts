import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';

/**
 * Token buckets kept in the database, so every process serving the API draws from the same
 * bucket per key. One statement takes a token atomically (the row lock orders concurrent
 * takers); the bucket refills continuously at `perMinute / 60` tokens a second, up to
 * `perMinute`. The database's clock is the only clock, so processes need not agree on time.
 */
export class RateBucketsRepository {
  constructor(private readonly database: Database) {}

  /** Take one token from `key`'s bucket; 0 when allowed, else the seconds until one is there. */
  async take(key: string, perMinute: number): Promise<number> {
    const perSecond = perMinute / 60;
    const level = sql`LEAST(${perMinute}::float8, b.tokens + EXTRACT(EPOCH FROM now() - b.updated_at)::float8 * ${perSecond}::float8)`;
    const taken = await this.database.rows<{ tokens: number }>(sql`
      INSERT INTO api_rate_buckets AS b (key, tokens, updated_at) VALUES (${key}, ${perMinute - 1}::float8, now())
      ON CONFLICT (key) DO UPDATE SET tokens = ${level} - 1, updated_at = now()
      WHERE ${level} >= 1
      RETURNING tokens`);
    if (taken.length > 0) return 0;
    const [row] = await this.database.rows<{ level: number }>(sql`SELECT ${level} AS level FROM api_rate_buckets b WHERE b.key = ${key}`);
    const missing = 1 - Number(row?.level ?? 0);
    return Math.max(1, Math.ceil(missing / perSecond));
  }
}
