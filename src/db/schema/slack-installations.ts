import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Slack OAuth installations, one per workspace (or enterprise for org-wide installs). */
export const slackInstallations = pgTable('slack_installations', {
  /** "T…" team id, or "E…" enterprise id for org-wide installs. */
  id: text('id').primaryKey(),
  teamId: text('team_id'),
  enterpriseId: text('enterprise_id'),
  installation: jsonb('installation').$type<Record<string, unknown>>().notNull(),
  installedAt: timestamp('installed_at', { withTimezone: true }).notNull().defaultNow(),
});
