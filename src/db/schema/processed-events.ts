import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Platform deliveries already handled, so a retried delivery never acts twice. */
export const processedEvents = pgTable(
  'processed_events',
  {
    key: text('key').primaryKey(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('processed_events_created_idx').on(t.createdAt)],
);
