import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { movies } from './movies.js';
import { users } from './users.js';

/** "Seen it" and "not interested" marks: both exclude a movie from recommendations. */
export const marks = pgTable(
  'marks',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    movieId: integer('movie_id')
      .notNull()
      .references(() => movies.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['seen', 'not_interested'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.movieId, t.kind] }),
    index('marks_movie_idx').on(t.movieId),
    check('marks_kind_ck', sql`${t.kind} IN ('seen', 'not_interested')`),
  ],
);
