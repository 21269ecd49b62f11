import { eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { slackInstallations } from '../schema/slack-installations.js';

/**
 * Slack OAuth installations, one row per workspace (or per enterprise for org-wide installs).
 * The installation itself is stored as Slack's JSON object: the adapter owns its shape,
 * this layer only keys and persists it.
 */
export interface SlackInstallationKey {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  /** Org-wide install: keyed by the enterprise id rather than a team. */
  isEnterpriseInstall?: boolean | undefined;
}

export interface StoredSlackInstallation {
  id: string;
  teamId: string | null;
  enterpriseId: string | null;
  installation: Record<string, unknown>;
  installedAt: Date;
}

/** The primary key: the enterprise for org-wide installs, otherwise the team. */
export function slackInstallationId(key: SlackInstallationKey): string | undefined {
  if (key.isEnterpriseInstall && key.enterpriseId) return key.enterpriseId;
  return key.teamId ?? key.enterpriseId;
}

export class SlackInstallationsRepository {
  constructor(private readonly db: Db) {}

  /** Insert or replace (a re-install refreshes the tokens and scopes). */
  async save(key: SlackInstallationKey, installation: Record<string, unknown>): Promise<void> {
    const id = slackInstallationId(key);
    if (!id) throw new Error('a Slack installation needs a team or enterprise id');
    const row = {
      id,
      teamId: key.isEnterpriseInstall ? null : (key.teamId ?? null),
      enterpriseId: key.enterpriseId ?? null,
      installation,
    };
    await this.db
      .insert(slackInstallations)
      .values(row)
      .onConflictDoUpdate({
        target: slackInstallations.id,
        set: { teamId: row.teamId, enterpriseId: row.enterpriseId, installation, installedAt: new Date() },
      });
  }

  /** The installation serving this team, falling back to an org-wide one for its enterprise. */
  async find(key: SlackInstallationKey): Promise<StoredSlackInstallation | undefined> {
    const ids = [slackInstallationId(key), key.enterpriseId].filter((v): v is string => !!v);
    for (const id of new Set(ids)) {
      const [row] = await this.db.select().from(slackInstallations).where(eq(slackInstallations.id, id));
      if (row) return row;
    }
    return undefined;
  }

  async delete(key: SlackInstallationKey): Promise<boolean> {
    const id = slackInstallationId(key);
    if (!id) return false;
    const rows = await this.db.delete(slackInstallations).where(eq(slackInstallations.id, id)).returning({ id: slackInstallations.id });
    return rows.length > 0;
  }

  async count(): Promise<number> {
    return (await this.db.select({ id: slackInstallations.id }).from(slackInstallations)).length;
  }
}
