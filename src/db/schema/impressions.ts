import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, pgTable, real, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/**
 * One row per recommended film shown to a user: what online metrics and experiments count.
 * Written in bulk, so kept lean: no foreign keys (a per-row foreign-key check doubled the cost
 * of a batch insert on PGlite; the insert joins users instead, and users.forget deletes these
 * rows), two indexes. Deleted with the user (forget-me) and after the retention period.
 */
export const impressions = pgTable(
  'impressions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: integer('user_id').notNull(),
    movieId: integer('movie_id').notNull(),
    /** discord, slack, playground, api, sim */
    surface: text('surface').notNull(),
    /** recommend, similar, party (a watch party's list, one row per member) */
    kind: text('kind').notNull(),
    /** 0-based place in the answer (offset included). */
    position: smallint('position').notNull(),
    modelVersion: integer('model_version'),
    experimentId: integer('experiment_id'),
    /** The variant the user was assigned, or under interleaving the team that contributed the film. */
    variant: text('variant'),
    shownAt: timestamp('shown_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('impressions_user_movie_idx').on(t.userId, t.movieId, t.shownAt), index('impressions_shown_idx').on(t.shownAt)],
);

/** A card action (rate, seen, not interested, watchlist, more like this, why), linked to the impression it came from. */
export const engagements = pgTable(
  'engagements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    movieId: integer('movie_id').notNull(),
    action: text('action').notNull(),
    /** The stars given, for `rate`. */
    stars: real('stars'),
    /** The latest impression of this film to this user before the action (within the attribution window), if any. */
    impressionId: bigint('impression_id', { mode: 'number' }).references(() => impressions.id, { onDelete: 'set null' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('engagements_user_movie_idx').on(t.userId, t.movieId, t.at),
    index('engagements_impression_idx').on(t.impressionId),
    index('engagements_at_idx').on(t.at),
    check('engagements_action_ck', sql`${t.action} IN ('rate', 'seen', 'dismiss', 'watchlist', 'more_like', 'why')`),
  ],
);
