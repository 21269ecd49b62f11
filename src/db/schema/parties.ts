import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/** A watch party in a channel. At most one open party per (platform, channel). */
export const parties = pgTable(
  'parties',
  {
    id: serial('id').primaryKey(),
    platform: text('platform').notNull(),
    channelKey: text('channel_key').notNull(),
    hostUserId: integer('host_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['open', 'voting', 'closed', 'expired'] }).notNull(),
    constraintsText: text('constraints_text').notNull().default(''),
    strategy: text('strategy').notNull().default('average_without_misery'),
    votingMode: text('voting_mode', { enum: ['approval', 'ranked'] })
      .notNull()
      .default('approval'),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
    winnerMovieId: integer('winner_movie_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('parties_one_open_per_channel_uq').on(t.platform, t.channelKey).where(sql`${t.status} IN ('open', 'voting')`),
    index('parties_channel_idx').on(t.platform, t.channelKey, t.createdAt),
  ],
);
