import { integer, pgTable, primaryKey, timestamp } from 'drizzle-orm/pg-core';
import { parties } from './parties.js';
import { users } from './users.js';

export const partyMembers = pgTable(
  'party_members',
  {
    partyId: integer('party_id')
      .notNull()
      .references(() => parties.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.partyId, t.userId] })],
);
