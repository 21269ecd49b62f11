import { integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * People, keyed by (platform, external id). MovieLens users are platform 'movielens';
 * Slack users use the external id "TEAM:USER" so workspaces never collide.
 */
export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
    displayName: text('display_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Bumped on every rating or mark change, so caches can tell a user's state is stale. */
    ratingsVersion: integer('ratings_version').notNull().default(0),
  },
  (t) => [uniqueIndex('users_platform_external_uq').on(t.platform, t.externalId)],
);
