import { index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Conversation state per (platform, user, channel): the last list, what "more" means,
 * pending confirmations. Rows expire; readers ignore rows past expires_at.
 */
export const conversations = pgTable(
  'conversations',
  {
    platform: text('platform').notNull(),
    userKey: text('user_key').notNull(),
    channelKey: text('channel_key').notNull(),
    state: jsonb('state').$type<Record<string, unknown>>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.userKey, t.channelKey] }), index('conversations_expires_idx').on(t.expiresAt)],
);
