import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, pgTable, real, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Append-only log of everything a user did to a rating: rate, change, remove.
 * No foreign keys on purpose: the log outlives a removed rating, and only
 * forget-me deletes a user's events.
 */
export const ratingEvents = pgTable(
  'rating_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: integer('user_id').notNull(),
    movieId: integer('movie_id').notNull(),
    kind: text('kind', { enum: ['rate', 'change', 'remove'] }).notNull(),
    rating: real('rating'),
    previousRating: real('previous_rating'),
    source: text('source').notNull(),
    /** Idempotency key from the platform (e.g. a Slack delivery id); a replay adds nothing. */
    requestId: text('request_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('rating_events_user_idx').on(t.userId, t.createdAt),
    index('rating_events_request_idx').on(t.requestId),
    check('rating_events_kind_ck', sql`${t.kind} IN ('rate', 'change', 'remove')`),
  ],
);
