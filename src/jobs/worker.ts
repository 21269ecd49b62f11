/**
 * The `worker` role's jobs on a PostgreSQL server: training (and publishing, and announcing
 * the new version to every process), closing watch parties whose time is up, purging expired
 * conversation state. Each is a pg-boss job, so one process runs it however many workers
 * there are; the timers only *offer* a tick (sent throttled: one job per time slot across
 * every process), and whichever worker is free takes it.
 */
import type PgBoss from 'pg-boss';
import type { CoreServices } from '../core/context.js';
import type { Reply } from '../core/types.js';
import type { Database } from '../db/client.js';
import { openJobLocks, orphanedJobs } from '../db/job-locks.js';
import { announceModelVersion, listenForNudges, RATINGS_CHANNEL } from '../db/notify.js';
import { createRepositories } from '../db/repositories/index.js';
import { closeDueParties } from '../features/watchparty/session.js';
import { trainAndPublish } from '../recommender/train.js';
import type { RecommendationService } from '../recommender/service.js';
import type { Logger } from '../util/logger.js';
import { precomputeLists } from './precompute.js';
import { announceQueue, createAnnounceQueue, JOB_SCHEMA, QUEUES } from './queue.js';

export interface WorkerTimings {
  /** Offer a "close due watch parties" tick this often (seconds). */
  closePartiesSeconds: number;
  /** Offer a purge of expired conversation state this often (seconds). */
  purgeSeconds: number;
  /** Offer a run of the precompute job (stale top-N lists of active users) this often (seconds). */
  precomputeSeconds: number;
  /**
   * After a rating (announced by the database, see migration 0012), run the precompute job
   * within about this many seconds: one run per slot however many ratings arrive, across every
   * worker (pg-boss debounces it), so a list is fresh again before the user's next plain
   * request rather than at the next tick.
   */
  listRefreshSeconds: number;
  /** Look for trainings whose worker died this often (seconds)... */
  sweepSeconds: number;
  /** ...once they have been running at least this long (seconds). */
  orphanGraceSeconds: number;
}

export const DEFAULT_WORKER_TIMINGS: WorkerTimings = {
  closePartiesSeconds: 30,
  purgeSeconds: 15 * 60,
  precomputeSeconds: 30,
  listRefreshSeconds: 1,
  sweepSeconds: 10,
  orphanGraceSeconds: 15,
};

export interface AnnounceJob {
  channelId: string;
  reply: Reply;
}

export interface JobWorkerDeps {
  url: string;
  database: Database;
  services: CoreServices;
  log: Logger;
  timings?: Partial<WorkerTimings> | undefined;
  /** This process's engine: the precompute job scores with it (no job without it). */
  engine?: Pick<RecommendationService, 'precompute' | 'keepsLists'> | undefined;
}

/** Register the handlers and start the ticks; returns the stop function. */
export async function startJobWorker(boss: PgBoss, deps: JobWorkerDeps): Promise<() => Promise<void>> {
  const t = { ...DEFAULT_WORKER_TIMINGS, ...deps.timings };
  const { database, log } = deps;
  const locks = await openJobLocks(deps.url);
  const announceQueues = new Set<string>();

  await boss.work<{ reason?: string }>(QUEUES.train, { batchSize: 1 }, async ([job]) => {
    if (!job) return;
    // Held while training: if this process dies, the lock goes with it and the job is retried.
    const release = await locks.hold(job.id);
    try {
      log.info({ job: job.id, reason: job.data?.reason }, 'training job started');
      const trained = await trainAndPublish(database, { logger: log });
      await announceModelVersion(database, trained.version.id);
      log.info({ job: job.id, version: trained.version.id }, 'training job published a model');
      return { version: trained.version.id };
    } finally {
      await release();
    }
  });

  await boss.work(QUEUES.closeParties, { batchSize: 1 }, async () => {
    const due = await closeDueParties(deps.services);
    for (const a of due) {
      const name = announceQueue(a.platform);
      if (!announceQueues.has(name)) {
        await createAnnounceQueue(boss, a.platform);
        announceQueues.add(name);
      }
      // Posted by whichever process runs that platform (see serve.ts).
      await boss.send(name, { channelId: a.channelId, reply: a.reply } satisfies AnnounceJob);
    }
    if (due.length) log.info({ closed: due.length }, 'closed watch parties whose time was up');
    return { closed: due.length };
  });

  await boss.work(QUEUES.purge, { batchSize: 1 }, async () => {
    const purged = await deps.services.repos.conversations.purgeExpired();
    return { purged };
  });

  const { engine } = deps;
  if (engine)
    // polled every half second (pg-boss's least; 2 s by default): a rating's refresh waits for it
    await boss.work(QUEUES.precompute, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async () => {
      const r = await precomputeLists(database, engine);
      if (r.written) log.info(r, 'precomputed top-N lists of active users');
      return r;
    });

  const offer = (name: string, seconds: number) => () =>
    void boss.sendThrottled(name, {}, {}, seconds).catch((e: unknown) => log.warn({ err: e, queue: name }, 'could not offer a job'));
  // Ratings changed somewhere: refresh the stale lists now (only where lists are kept).
  const ratingsHeard = engine
    ? await listenForNudges(deps.url, RATINGS_CHANNEL, () => {
        if (!engine.keepsLists()) return;
        void boss
          .sendDebounced(QUEUES.precompute, {}, {}, t.listRefreshSeconds)
          .catch((e: unknown) => log.warn({ err: e, queue: QUEUES.precompute }, 'could not offer a job'));
      })
    : undefined;
  const sweep = async () => {
    const ids = await orphanedJobs(database, JOB_SCHEMA, QUEUES.train, t.orphanGraceSeconds);
    if (ids.length === 0) return;
    log.warn({ jobs: ids }, 'a training lost its worker: failing it so it is retried');
    for (const id of ids) await boss.fail(QUEUES.train, id, { message: 'the worker running it stopped' });
  };
  const timers = [
    setInterval(offer(QUEUES.closeParties, t.closePartiesSeconds), t.closePartiesSeconds * 1000),
    setInterval(offer(QUEUES.purge, t.purgeSeconds), t.purgeSeconds * 1000),
    ...(engine ? [setInterval(offer(QUEUES.precompute, t.precomputeSeconds), t.precomputeSeconds * 1000)] : []),
    setInterval(() => void sweep().catch((e: unknown) => log.warn({ err: e }, 'job sweep failed')), t.sweepSeconds * 1000),
  ];
  offer(QUEUES.closeParties, t.closePartiesSeconds)();
  await sweep().catch((e: unknown) => log.warn({ err: e }, 'job sweep failed'));

  // A database without a model gets one (stately queue: a second worker's offer is dropped).
  if (!(await createRepositories(database.db).models.activeInfo())) {
    await boss.send(QUEUES.train, { reason: 'no model yet' });
    log.info('no model yet: a training job is queued');
  }

  return async () => {
    for (const timer of timers) clearInterval(timer);
    await boss.offWork(QUEUES.train).catch(() => {});
    await boss.offWork(QUEUES.closeParties).catch(() => {});
    await boss.offWork(QUEUES.purge).catch(() => {});
    if (engine) await boss.offWork(QUEUES.precompute).catch(() => {});
    await ratingsHeard?.close();
    await locks.close();
  };
}
