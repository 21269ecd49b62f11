import { doublePrecision, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The HTTP API's per-key token buckets when several processes serve the API from one
 * PostgreSQL server (each process alone would let a key through N times too often). One row
 * per key: the tokens left when last touched, and when.
 */
export const apiRateBuckets = pgTable('api_rate_buckets', {
  key: text('key').primaryKey(),
  tokens: doublePrecision('tokens').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
