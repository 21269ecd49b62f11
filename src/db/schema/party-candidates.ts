import { integer, jsonb, pgTable, primaryKey, real, smallint } from 'drizzle-orm/pg-core';
import { parties } from './parties.js';

/** The group's picks for a party, in rank order, with each member's predicted stars. */
export const partyCandidates = pgTable(
  'party_candidates',
  {
    partyId: integer('party_id')
      .notNull()
      .references(() => parties.id, { onDelete: 'cascade' }),
    movieId: integer('movie_id').notNull(),
    rank: smallint('rank').notNull(),
    groupScore: real('group_score').notNull(),
    memberPredictions: jsonb('member_predictions').$type<Record<string, number>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.partyId, t.movieId] })],
);
