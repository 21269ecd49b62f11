import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcessedEventsRepository } from '../../../src/db/repositories/processed-events.js';
import { SlackInstallationsRepository, slackInstallationId } from '../../../src/db/repositories/slack-installations.js';
import { openTestDatabase, testEngines, type TestDatabase } from '../../helpers/db.js';

describe.each(testEngines())('Slack repositories on %s', (engine) => {
  let database: TestDatabase;
  let processed: ProcessedEventsRepository;
  let installs: SlackInstallationsRepository;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    processed = new ProcessedEventsRepository(database.db);
    installs = new SlackInstallationsRepository(database.db);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('lets exactly one of several concurrent claims of a key win', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => processed.claim('slack:ev:Ev1')));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await processed.claim('slack:ev:Ev2')).toBe(true);
    expect(await processed.claim('slack:ev:Ev2')).toBe(false);
  });

  it('prunes keys older than the cutoff only', async () => {
    await database.db.execute(sql`UPDATE processed_events SET created_at = now() - interval '2 days' WHERE key = 'slack:ev:Ev1'`);
    expect(await processed.prune(new Date(Date.now() - 24 * 3600 * 1000))).toBe(1);
    expect(await processed.claim('slack:ev:Ev1')).toBe(true);
    expect(await processed.claim('slack:ev:Ev2')).toBe(false);
  });

  it('stores, replaces and finds installations by team, with an org-wide fallback', async () => {
    await installs.save({ teamId: 'T1' }, { team: { id: 'T1' }, bot: { token: 'xoxb-old' } });
    await installs.save({ teamId: 'T1' }, { team: { id: 'T1' }, bot: { token: 'xoxb-new' } });
    expect(await installs.count()).toBe(1);
    expect((await installs.find({ teamId: 'T1' }))?.installation).toEqual({ team: { id: 'T1' }, bot: { token: 'xoxb-new' } });
    await installs.save(
      { enterpriseId: 'E1', teamId: 'T7', isEnterpriseInstall: true },
      { enterprise: { id: 'E1' }, isEnterpriseInstall: true },
    );
    expect(slackInstallationId({ enterpriseId: 'E1', teamId: 'T7', isEnterpriseInstall: true })).toBe('E1');
    // A team of the enterprise without its own install is served by the org-wide one.
    expect((await installs.find({ teamId: 'T8', enterpriseId: 'E1' }))?.id).toBe('E1');
    expect(await installs.find({ teamId: 'T9' })).toBeUndefined();
    expect(await installs.delete({ teamId: 'T1' })).toBe(true);
    expect(await installs.find({ teamId: 'T1' })).toBeUndefined();
    await expect(installs.save({}, {})).rejects.toThrow(/team or enterprise/);
  });
});
