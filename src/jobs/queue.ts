/**
 * The job queue that coordinates processes on a PostgreSQL server: pg-boss (jobs are rows,
 * fetched with FOR UPDATE SKIP LOCKED, so each job runs in exactly one process; failures are
 * retried with a back-off). It lives in its own schema (`pgboss`) beside ours, created and
 * migrated by pg-boss itself on start.
 */
import PgBoss from 'pg-boss';
import type { Logger } from '../util/logger.js';

export const JOB_SCHEMA = 'pgboss';

/** Queue names (pg-boss wants letters, digits, hyphens and underscores). */
export const QUEUES = {
  train: 'reelmate-train',
  closeParties: 'reelmate-close-due-parties',
  purge: 'reelmate-purge',
  precompute: 'reelmate-precompute',
} as const;

/** Closed watch parties to post, one queue per platform, taken by a process running that platform. */
export const announceQueue = (platform: string): string => `reelmate-announce-${platform.replace(/[^\w-]/g, '_')}`;

export interface QueueTimings {
  /** A training that runs longer than this is failed (and retried) by pg-boss's own clock. */
  trainExpireSeconds: number;
}

/** Start pg-boss on the server and make sure our queues exist (idempotent, safe in parallel). */
export async function startJobQueue(url: string, log: Logger, timings: QueueTimings, platforms: readonly string[] = []): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: url, schema: JOB_SCHEMA, max: 3, application_name: 'reelmate-jobs' });
  boss.on('error', (e) => log.warn({ err: e }, 'job queue error'));
  await boss.start();
  // Training: at most one waiting and one running (stately); retried three times, 5 s, 10 s, 20 s apart.
  await boss.createQueue(QUEUES.train, {
    name: QUEUES.train,
    policy: 'stately',
    retryLimit: 3,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: timings.trainExpireSeconds,
  });
  // Ticks are sent throttled (one per time slot across all processes); retried once.
  for (const name of [QUEUES.closeParties, QUEUES.purge, QUEUES.precompute])
    await boss.createQueue(name, { name, policy: 'standard', retryLimit: 1, retryDelay: 5, expireInSeconds: 300 });
  for (const p of platforms) await createAnnounceQueue(boss, p);
  return boss;
}

export async function createAnnounceQueue(boss: PgBoss, platform: string): Promise<void> {
  const name = announceQueue(platform);
  // A post that failed is tried again a few times; it waits up to an hour for a platform process.
  await boss.createQueue(name, {
    name,
    policy: 'standard',
    retryLimit: 3,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 120,
    retentionMinutes: 60,
  });
}
