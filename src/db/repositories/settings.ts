import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { settings } from '../schema/settings.js';

/**
 * Per-server / per-workspace settings as a small JSON object per (platform, scope). Callers
 * validate the values they read (zod): the table holds whatever older versions wrote.
 */
export class SettingsRepository {
  constructor(private readonly db: Db) {}

  async get(platform: string, scopeId: string): Promise<Record<string, unknown>> {
    const [row] = await this.db
      .select({ values: settings.values })
      .from(settings)
      .where(and(eq(settings.platform, platform), eq(settings.scopeId, scopeId)));
    return row?.values ?? {};
  }

  /** Merge `patch` into the stored values (keys set to undefined are removed); returns the result. */
  async merge(platform: string, scopeId: string, patch: Record<string, unknown>): Promise<Record<string, unknown>> {
    const removed = Object.keys(patch).filter((k) => patch[k] === undefined);
    const added = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    // One statement, so two admins changing different keys at once both win.
    const [row] = await this.db
      .insert(settings)
      .values({ platform, scopeId, values: added })
      .onConflictDoUpdate({
        target: [settings.platform, settings.scopeId],
        set: {
          values: removed.reduce((expr, key) => sql`(${expr}) - ${key}::text`, sql`${settings.values} || ${JSON.stringify(added)}::jsonb`),
          updatedAt: sql`now()`,
        },
      })
      .returning({ values: settings.values });
    return row?.values ?? added;
  }

  async remove(platform: string, scopeId: string): Promise<boolean> {
    const rows = await this.db
      .delete(settings)
      .where(and(eq(settings.platform, platform), eq(settings.scopeId, scopeId)))
      .returning({ scopeId: settings.scopeId });
    return rows.length > 0;
  }
}
