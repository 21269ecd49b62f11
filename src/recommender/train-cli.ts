/**
 * `reelmate train`: retrain the hybrid on everything in the database and publish it as the
 * active model version; running bots switch to it on their next poll.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { configValue, loadConfig } from '../config.js';
import { openConfiguredDatabase } from '../db/open.js';
import { createLogger } from '../util/logger.js';
import { algorithmNames, algorithms } from './algorithms/index.js';
import { evaluateColdStart } from './cold-start.js';
import { loadMovieLens, splitRows } from './data.js';
import { planSplit } from './evaluate/split-spec.js';
import { paramsFor, readTunedFile } from './evaluate/tune.js';
import { trainAndPublish } from './train.js';

const coldOptions = z.object({
  data: z.string({ message: '--data (or MOVIELENS_DIR) is required' }),
  split: z.string().default('ml-latest-small.random5.csv:0'),
  splitsDir: z.string().optional(),
  enrich: z.string().optional(),
  algorithms: z.string().default('popularity,hybrid'),
  users: z.coerce.number().int().min(1).default(200),
  keep: z.coerce.number().int().min(1).max(100).default(5),
  seed: z.coerce.number().int().default(11),
  json: z.boolean().optional(),
});

const options = z.object({
  params: z.string().optional(),
  json: z.boolean().optional(),
  tune: z.boolean().default(true),
  activate: z.boolean().default(true),
});

export function register(program: Command): void {
  program
    .command('eval-cold')
    .description('cold-start evaluation: sampled test users keep only a few training ratings; top-10 metrics')
    .option('--data <dir>', 'MovieLens directory', configValue('MOVIELENS_DIR'))
    .option('--split <spec>', 'FILE[:FOLD] or "temporal"', 'ml-latest-small.random5.csv:0')
    .option('--splits-dir <dir>', 'where split files are looked up', configValue('REELMATE_SPLITS_DIR'))
    .option('--enrich <file>', 'TMDB enrichment JSONL', configValue('REELMATE_ENRICH_FILE'))
    .option('--algorithms <list>', 'comma-separated', 'popularity,hybrid')
    .option('--users <n>', 'test users made cold', '200')
    .option('--keep <n>', 'ratings each cold user keeps', '5')
    .option('--seed <n>', 'seed', '11')
    .option('--json', 'print {"rows":[...]} as JSON')
    .action(async (raw: unknown) => {
      const parsed = coldOptions.safeParse(raw);
      if (!parsed.success) {
        console.error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
        process.exitCode = 2;
        return;
      }
      const o = parsed.data;
      const names = o.algorithms
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean);
      const unknown = names.filter((n) => !algorithms[n]);
      if (unknown.length) {
        console.error(`unknown algorithm(s) ${unknown.join(', ')}; known: ${algorithmNames().join(', ')}`);
        process.exitCode = 2;
        return;
      }
      const ml = loadMovieLens(o.data, { enrichFile: o.enrich });
      if (!ml.ok) {
        console.error(ml.error.message);
        process.exitCode = 2;
        return;
      }
      const plan = planSplit(ml.value.ratings, { split: o.split, splitsDir: o.splitsDir, dataName: ml.value.name, seed: o.seed });
      if (!plan.ok) {
        console.error(plan.error.message);
        process.exitCode = 2;
        return;
      }
      const split = splitRows(ml.value.ratings, plan.value.assignment.assign, plan.value.testValues[0]!);
      const rows = await evaluateColdStart(
        split,
        // ranking only: the hybrid's star blend plays no part in its top-10, so skip fitting it
        names.map((name) => ({ name, create: () => algorithms[name]!(name === 'hybrid' ? { stars: 'baseline' } : {}) })),
        { users: o.users, keep: o.keep, seed: o.seed, meta: ml.value.movies },
      );
      if (o.json) {
        console.log(JSON.stringify({ rows }));
        return;
      }
      console.log(`Cold start on ${plan.value.label}: ${rows[0]?.users ?? 0} test users with only ${o.keep} ratings each`);
      console.log('| algorithm | precision@10 | recall@10 | NDCG@10 | hit rate@10 | coverage@10 | fit s |');
      console.log('|---|---|---|---|---|---|---|');
      for (const r of rows)
        console.log(
          `| ${r.algorithm} | ${r.precision_at_10.toFixed(4)} | ${r.recall_at_10.toFixed(4)} | ${r.ndcg_at_10.toFixed(4)} | ${r.hit_rate_at_10.toFixed(3)} | ${r.coverage_at_10.toFixed(3)} | ${r.fit_s.toFixed(2)} |`,
        );
    });

  program
    .command('train')
    .description('retrain the recommender from the database and publish it as a new model version')
    .option('--params <file>', 'tuned settings written by `reelmate tune`')
    .option('--json', 'print the new version as JSON')
    .option('--no-tune', 'keep the stored ranking defaults instead of tuning them on a validation part of the data (faster)')
    .option(
      '--no-activate',
      'store it as a challenger instead of serving it: an experiment variant model:<version> serves it to its users (`reelmate experiments create`)',
    )
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
        const { version, fitSeconds } = await trainAndPublish(database, {
          params,
          tune: opts.tune,
          activate: opts.activate,
          logger: createLogger(config.LOG_LEVEL),
        });
        // [scale-out] `reelmate serve` processes load a new model when it is announced.
        if (opts.activate !== false) await (await import('../db/notify.js')).announceModelVersion(database, version.id);
        if (opts.json)
          console.log(
            JSON.stringify({ version: version.id, algorithm: version.algorithm, trainedAt: version.trainedAt, metrics: version.metrics }),
          );
        else
          console.log(
            `${opts.activate === false ? 'Stored challenger' : 'Published'} model version ${version.id} (${version.algorithm}): ${version.metrics.ratings} ratings, ` +
              `${version.metrics.users} users, ${version.metrics.items} movies, fitted in ${fitSeconds.toFixed(1)} s.` +
              (opts.activate === false
                ? ` Compare it with the active model: reelmate experiments create <name> --variants control,challenger=model:${version.id}`
                : ''),
          );
      } finally {
        await database.close();
      }
    });
}
