import { bigint, boolean, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Trained models: parameters and metrics. The serialised model itself is in model_chunks
 * (a version is published, i.e. made active, only once all its chunks are written).
 */
export const modelVersions = pgTable(
  'model_versions',
  {
    id: serial('id').primaryKey(),
    algorithm: text('algorithm').notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    metrics: jsonb('metrics').$type<Record<string, number>>().notNull(),
    /** Size of the serialised model (the sum of its chunks), checked on load. */
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull().default(0),
    ratingsCount: integer('ratings_count').notNull().default(0),
    active: boolean('active').notNull().default(false),
    trainedAt: timestamp('trained_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('model_versions_active_idx').on(t.active, t.trainedAt)],
);
