import { integer, jsonb, pgTable, primaryKey, real, smallint } from 'drizzle-orm/pg-core';
import { parties } from './parties.js';

/** The group's picks for a party, in rank order, with each member's predicted stars (and misery risk). */
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
    /** Member user id -> calibrated probability they rate it 2.5 or less; null when the model had none. */
    memberRisk: jsonb('member_risk').$type<Record<string, number>>(),
  },
  (t) => [primaryKey({ columns: [t.partyId, t.movieId] })],
);
