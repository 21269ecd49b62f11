/**
 * `reelmate serve`, `reelmate worker` (the two halves of `reelmate start` for several
 * processes on one PostgreSQL server) and `reelmate jobs ...` (queue a training, see the queue).
 */
import type { Command } from 'commander';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/util/logger.js';
import { roleProblem } from '../src/roles/role.js';

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve only: Discord/Slack adapters, HTTP API, playground (stateless; needs DATABASE_URL and a `reelmate worker`)')
    .action(async () => {
      await (await import('./main.js')).main('serve');
    });

  program
    .command('worker')
    .description('background work only: training and model publication, watch-party timers, purges (needs DATABASE_URL)')
    .action(async () => {
      await (await import('./main.js')).main('worker');
    });

  const jobs = program.command('jobs').description('the job queue shared by `reelmate worker` processes (PostgreSQL server)');
  jobs
    .command('train')
    .description('queue a training; a worker trains, publishes and announces the model (one waits at most)')
    .action(async () => {
      await withQueue(async (boss, { QUEUES }) => {
        const id = await boss.send(QUEUES.train, { reason: 'asked from the command line' });
        console.log(id ? `Training queued (job ${id}).` : 'A training is already waiting; not queued twice.');
      });
    });
  jobs
    .command('status')
    .description('jobs per queue and state')
    .action(async () => {
      await withQueue(async (boss) => {
        for (const q of await boss.getQueues()) {
          if (!q.name.startsWith('reelmate-')) continue;
          const waiting = await boss.getQueueSize(q.name);
          console.log(`${q.name.padEnd(34)} waiting ${waiting}`);
        }
      });
    });
}

type QueueModule = typeof import('../src/jobs/queue.js');
type Boss = import('pg-boss');

async function withQueue(f: (boss: Boss, q: QueueModule) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const problem = roleProblem('worker', config);
  if (problem) {
    console.error(problem.replace('`reelmate worker`', 'The job queue'));
    process.exitCode = 2;
    return;
  }
  const q = await import('../src/jobs/queue.js');
  const boss = await q.startJobQueue(config.DATABASE_URL!, createLogger(config.LOG_LEVEL), {
    trainExpireSeconds: config.REELMATE_TRAIN_TIMEOUT_MINUTES * 60,
  });
  try {
    await f(boss, q);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}
