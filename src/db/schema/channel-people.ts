import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/**
 * Who has been in a channel lately (talked to the bot or clicked one of its cards there), so a
 * shared card can say what is true for the people of that channel ("rated by 3 here, avg
 * 4.2★") and a request for the evening can tell a lone viewer from a group. Forgetting a user
 * deletes their rows (cascade).
 */
export const channelPeople = pgTable(
  'channel_people',
  {
    platform: text('platform').notNull(),
    channelKey: text('channel_key').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.channelKey, t.userId] }), index('channel_people_user_idx').on(t.userId)],
);
