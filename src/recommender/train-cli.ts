/**
 * `reelmate train`: retrain the hybrid on everything in the database and publish it as the
 * active model version; running bots switch to it on their next poll.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../config.js';
import { openConfiguredDatabase } from '../db/open.js';
import { createLogger } from '../util/logger.js';
import { paramsFor, readTunedFile } from './evaluate/tune.js';
import { trainAndPublish } from './train.js';

const options = z.object({
  params: z.string().optional(),
  json: z.boolean().optional(),
});

export function register(program: Command): void {
  program
    .command('train')
    .description('retrain the recommender from the database and publish it as a new model version')
    .option('--params <file>', 'tuned settings written by `reelmate tune`')
    .option('--json', 'print the new version as JSON')
    .action(async (raw: unknown) => {
      const parsed = options.safeParse(raw);
      if (!parsed.success) {
        console.error(parsed.error.issues.map((i) => i.message).join('\n'));
        process.exitCode = 2;
        return;
      }
      const opts = parsed.data;
      let params = {};
      if (opts.params) {
        const tuned = readTunedFile(opts.params);
        if (!tuned.ok) {
          console.error(tuned.error.message);
          process.exitCode = 2;
          return;
        }
        params = paramsFor('hybrid', tuned.value.params);
      }
      const config = loadConfig();
      const database = await openConfiguredDatabase(config);
      try {
        const { version, fitSeconds } = await trainAndPublish(database, { params, logger: createLogger(config.LOG_LEVEL) });
        if (opts.json) console.log(JSON.stringify({ version: version.id, algorithm: version.algorithm, trainedAt: version.trainedAt, metrics: version.metrics }));
        else
          console.log(
            `Published model version ${version.id} (${version.algorithm}): ${version.metrics.ratings} ratings, ` +
              `${version.metrics.users} users, ${version.metrics.items} movies, fitted in ${fitSeconds.toFixed(1)} s.`,
          );
      } finally {
        await database.close();
      }
    });
}
