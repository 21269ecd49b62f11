/**
 * Bolt's InstallationStore on PostgreSQL, so one deployment serves many workspaces and every
 * process behind a load balancer sees the same installs.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Database } from '../../src/db/client.js';
import { SlackInstallationsRepository } from '../../src/db/repositories/slack-installations.js';

export function keyOfInstallation(installation: Installation<'v1' | 'v2', boolean>): {
  teamId: string | undefined;
  enterpriseId: string | undefined;
  isEnterpriseInstall: boolean;
} {
  return {
    teamId: installation.team?.id,
    enterpriseId: installation.enterprise?.id,
    isEnterpriseInstall: installation.isEnterpriseInstall === true,
  };
}

export function createInstallationStore(database: Database): InstallationStore {
  const repo = new SlackInstallationsRepository(database.db);
  return {
    async storeInstallation(installation) {
      await repo.save(keyOfInstallation(installation), installation as unknown as Record<string, unknown>);
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const row = await repo.find({
        teamId: query.teamId,
        enterpriseId: query.enterpriseId,
        isEnterpriseInstall: query.isEnterpriseInstall,
      });
      // Bolt turns a throw into "authorization failed" and drops the event, which is right for an unknown workspace.
      if (!row) throw new Error(`no Slack installation for ${query.teamId ?? query.enterpriseId ?? 'unknown workspace'}`);
      return row.installation as unknown as Installation<'v1' | 'v2', boolean>;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      await repo.delete({ teamId: query.teamId, enterpriseId: query.enterpriseId, isEnterpriseInstall: query.isEnterpriseInstall });
    },
  };
}
