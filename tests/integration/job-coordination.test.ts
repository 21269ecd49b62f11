/**
 * The pieces the roles coordinate with, on a fresh server database: model announcements
 * (LISTEN/NOTIFY), pg-boss queues, and telling a dead worker's job from a live one by its
 * advisory lock. (The whole story with real processes: tests/e2e/scale-out.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJobLocks, orphanedJobs, type JobLocks } from '../../src/db/job-locks.js';
import { announceModelVersion, listenForNudges, MODEL_CHANNEL, type Listening } from '../../src/db/notify.js';
import { JOB_SCHEMA, QUEUES, startJobQueue } from '../../src/jobs/queue.js';
import { silentLogger } from '../../src/util/logger.js';
import { openTestDatabase, serverAdminUrl, type TestDatabase } from '../helpers/db.js';

describe.skipIf(!serverAdminUrl())('job coordination on a PostgreSQL server', () => {
  let database: TestDatabase;
  let boss: Awaited<ReturnType<typeof startJobQueue>>;
  let locks: JobLocks | undefined;
  let listening: Listening | undefined;

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    boss = await startJobQueue(database.url!, silentLogger, { trainExpireSeconds: 3600 });
  });
  afterAll(async () => {
    await listening?.close();
    await locks?.close();
    await boss?.stop({ graceful: false, wait: true });
    await database?.dispose();
  });

  it('a model announcement reaches a listener (which is also nudged when it connects)', async () => {
    const nudges: number[] = [];
    let wake: (() => void) | undefined;
    listening = await listenForNudges(database.url!, MODEL_CHANNEL, () => {
      nudges.push(Date.now());
      wake?.();
    });
    const connected = nudges.length;
    expect(connected).toBeGreaterThanOrEqual(1);
    const heard = new Promise<void>((resolve) => (wake = resolve));
    await announceModelVersion(database, 42);
    await heard;
    expect(nudges.length).toBe(connected + 1);
  });

  it('a training queue keeps one job waiting at most', async () => {
    const first = await boss.send(QUEUES.train, { reason: 'test' });
    const second = await boss.send(QUEUES.train, { reason: 'test again' });
    expect(first).toBeTruthy();
    expect(second).toBeNull();
  });

  it('an active job whose lock is held is alive; once the lock goes, it is an orphan and is retried', async () => {
    const [job] = await boss.fetch<{ reason: string }>(QUEUES.train);
    expect(job).toBeDefined();
    locks = await openJobLocks(database.url!);
    const release = await locks.hold(job!.id);
    expect(await orphanedJobs(database, JOB_SCHEMA, QUEUES.train, 0)).toEqual([]);
    // The lock is session-level: closing the session (as a killed process would) frees it.
    await locks.close();
    locks = undefined;
    expect(await orphanedJobs(database, JOB_SCHEMA, QUEUES.train, 0)).toEqual([job!.id]);
    // ...unless it only just started (the grace between taking a job and locking it).
    expect(await orphanedJobs(database, JOB_SCHEMA, QUEUES.train, 3600)).toEqual([]);
    await boss.fail(QUEUES.train, job!.id, { message: 'its worker stopped' });
    expect(await boss.getJobById(QUEUES.train, job!.id)).toMatchObject({ state: 'retry' });
    // Taken again (past its retry delay): the same job, on its second attempt.
    const [again] = await boss.fetch<{ reason: string }>(QUEUES.train, { ignoreStartAfter: true, includeMetadata: true });
    expect(again).toMatchObject({ id: job!.id, retryCount: 1, data: { reason: 'test' } });
    void release; // its session is gone already
  });
});
