/**
 * Process roles. `all` (what `npm start` runs) does everything in one process, exactly as a
 * single install always has, on either engine. Past one process, on a PostgreSQL server:
 *   serve   adapters, HTTP API, playground; stateless, run as many as you like;
 *   worker  training and model publication, watch-party timers, purges (pg-boss jobs, so
 *           each runs once however many workers there are).
 * A new model version is announced with NOTIFY; every process loads it on the notice.
 */
import type { Config } from '../config.js';
import type { CoreServices } from '../core/context.js';
import type { Reply } from '../core/types.js';
import type { Database } from '../db/client.js';
import { listenForNudges, MODEL_CHANNEL } from '../db/notify.js';
import { announceQueue, createAnnounceQueue, startJobQueue } from '../jobs/queue.js';
import { startJobWorker, type AnnounceJob } from '../jobs/worker.js';
import type { RecommendationService } from '../recommender/service.js';
import type { Logger } from '../util/logger.js';

export { roleProblem, type Role } from './role.js';

function timings(config: Config) {
  return { trainExpireSeconds: config.REELMATE_TRAIN_TIMEOUT_MINUTES * 60 };
}

/** Load each new model version as soon as it is announced (and on every reconnection). */
async function followModels(url: string, engine: RecommendationService, log: Logger): Promise<() => Promise<void>> {
  let busy = false;
  let again = false;
  const nudge = () => {
    if (busy) {
      again = true; // one more look once this one is done: never two loads at once
      return;
    }
    busy = true;
    void engine
      .refresh()
      .then((loaded) => loaded && log.info({ version: engine.modelInfo().version }, 'serving the new model version'))
      .catch((e: unknown) => log.warn({ err: e }, 'loading the announced model failed'))
      .finally(() => {
        busy = false;
        if (again) {
          again = false;
          nudge();
        }
      });
  };
  const listening = await listenForNudges(url, MODEL_CHANNEL, nudge);
  return () => listening.close();
}

export interface WorkerRoleDeps {
  config: Config;
  database: Database;
  services: CoreServices;
  engine: RecommendationService;
  log: Logger;
}

export async function startWorkerRole(d: WorkerRoleDeps): Promise<() => Promise<void>> {
  const url = d.config.DATABASE_URL!;
  const log = d.log.child({ role: 'worker' });
  const boss = await startJobQueue(url, log, timings(d.config));
  const stopWork = await startJobWorker(boss, {
    url,
    database: d.database,
    services: d.services,
    engine: d.engine,
    log,
    timings: { closePartiesSeconds: d.config.REELMATE_PARTY_CHECK_SECONDS },
  });
  const stopFollowing = await followModels(url, d.engine, log);
  log.info('worker started: training, watch-party timers and purges run here');
  return async () => {
    await stopFollowing();
    await stopWork();
    await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  };
}

export interface ServeRoleDeps {
  config: Config;
  engine: RecommendationService;
  /** Per platform this process runs: post a message to a channel unprompted. */
  announcers: ReadonlyMap<string, (channelId: string, reply: Reply) => Promise<unknown>>;
  log: Logger;
}

export async function startServeRole(d: ServeRoleDeps): Promise<() => Promise<void>> {
  const url = d.config.DATABASE_URL!;
  const log = d.log.child({ role: 'serve' });
  const stopFollowing = await followModels(url, d.engine, log);
  // Only a process that can post on a platform takes that platform's announcements.
  const platforms = [...d.announcers.keys()];
  const boss = platforms.length ? await startJobQueue(url, log, timings(d.config), platforms) : undefined;
  for (const [platform, post] of d.announcers) {
    await createAnnounceQueue(boss!, platform);
    await boss!.work<AnnounceJob>(announceQueue(platform), { batchSize: 1 }, async ([job]) => {
      if (job) await post(job.data.channelId, job.data.reply);
    });
  }
  log.info({ announces: platforms }, 'serving: new models load when the worker announces them');
  return async () => {
    await stopFollowing();
    await boss?.stop({ graceful: true, wait: true, timeout: 10_000 });
  };
}
