import { bigserial, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { movies } from './movies.js';
import { users } from './users.js';

/** Free-text tags users attached to movies (MovieLens tags.csv). */
export const movieTags = pgTable(
  'movie_tags',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    movieId: integer('movie_id')
      .notNull()
      .references(() => movies.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('movie_tags_user_movie_tag_uq').on(t.userId, t.movieId, t.tag), index('movie_tags_movie_idx').on(t.movieId)],
);
