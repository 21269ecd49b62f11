import { boolean, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea } from './bytea.js';

/** Trained models: parameters, metrics and the serialised model itself. */
export const modelVersions = pgTable(
  'model_versions',
  {
    id: serial('id').primaryKey(),
    algorithm: text('algorithm').notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    metrics: jsonb('metrics').$type<Record<string, number>>().notNull(),
    blob: bytea('blob').notNull(),
    ratingsCount: integer('ratings_count').notNull().default(0),
    active: boolean('active').notNull().default(false),
    trainedAt: timestamp('trained_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('model_versions_active_idx').on(t.active, t.trainedAt)],
);
