import { jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** Per-server / per-workspace settings (e.g. whether cards in a channel are public). */
export const settings = pgTable(
  'settings',
  {
    platform: text('platform').notNull(),
    scopeId: text('scope_id').notNull(),
    values: jsonb('values').$type<Record<string, unknown>>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.scopeId] })],
);
