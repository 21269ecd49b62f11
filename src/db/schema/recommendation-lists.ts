import { index, integer, jsonb, pgTable, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/** One precomputed recommendation: what RecommendResult items hold. */
export interface StoredRecommendation {
  movieId: number;
  score: number;
  predicted: number;
  reason: string;
  source: string;
}

/**
 * Each active user's top-N, precomputed by a worker on big catalogues (src/jobs) so a plain
 * "recommend" is one primary-key read in any serve process. A list is valid only for the model
 * version and the user's ratings version it was computed at (users.ratings_version moves with
 * every rating and mark): anything else is a miss, never a stale answer.
 */
export const recommendationLists = pgTable(
  'recommendation_lists',
  {
    userId: integer('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    modelVersion: integer('model_version').notNull(),
    ratingsVersion: integer('ratings_version').notNull(),
    items: jsonb('items').$type<StoredRecommendation[]>().notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('recommendation_lists_model_idx').on(t.modelVersion)],
);
