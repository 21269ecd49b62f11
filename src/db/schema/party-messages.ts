import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { parties } from './parties.js';

/**
 * Messages that show a party's card, by platform message reference (Slack: the message ts).
 * A reaction event names only the message, so this is how a reaction finds its party, and
 * the card's own signed Join payload, which the reaction then acts as for the person reacting.
 */
export const partyMessages = pgTable(
  'party_messages',
  {
    platform: text('platform').notNull(),
    channelKey: text('channel_key').notNull(),
    messageKey: text('message_key').notNull(),
    partyId: integer('party_id')
      .notNull()
      .references(() => parties.id, { onDelete: 'cascade' }),
    /** The card's Join button payload, as signed by the core (the same string the message carries). */
    joinPayload: text('join_payload'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.channelKey, t.messageKey] }), index('party_messages_party_idx').on(t.partyId)],
);
