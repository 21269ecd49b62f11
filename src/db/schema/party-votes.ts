import { integer, pgTable, primaryKey, smallint, timestamp } from 'drizzle-orm/pg-core';
import { parties } from './parties.js';
import { users } from './users.js';

/** One row per (party, voter, movie); the primary key makes double clicks harmless. */
export const partyVotes = pgTable(
  'party_votes',
  {
    partyId: integer('party_id')
      .notNull()
      .references(() => parties.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    movieId: integer('movie_id').notNull(),
    /** 1 for approval; the rank position (1 = first choice) for ranked voting. */
    weight: smallint('weight').notNull().default(1),
    votedAt: timestamp('voted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.partyId, t.userId, t.movieId] })],
);
