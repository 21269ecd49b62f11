import { sql } from 'drizzle-orm';
import { check, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/** A variant as stored: its name, its share of the traffic (0..1) and what it changes. */
export interface StoredVariant {
  name: string;
  share: number;
  config: Record<string, unknown>;
}

/**
 * A named online experiment. Users are assigned by hashing (user id, name), so the name is the
 * salt: renaming an experiment reshuffles everyone.
 */
export const experiments = pgTable(
  'experiments',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull().unique(),
    /** ab: each user sees one variant; interleave: each list is a team draft of two variants. */
    mode: text('mode').notNull(),
    variants: jsonb('variants').$type<StoredVariant[]>().notNull(),
    description: text('description'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull().defaultNow(),
    stoppedAt: timestamp('stopped_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('experiments_mode_ck', sql`${t.mode} IN ('ab', 'interleave')`)],
);
