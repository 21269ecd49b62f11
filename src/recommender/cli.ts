/**
 * `reelmate eval` and `reelmate tune`: straight from MovieLens-format CSV files, no database.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { configValue } from '../config.js';
import { progressBar, type Progress } from '../util/progress.js';
import { algorithmNames, algorithms } from './algorithms/index.js';
import { loadMovieLens, splitRows } from './data.js';
import { evaluateSplit, meanRows, type AlgorithmSpec, type EvalRow } from './evaluate/protocol.js';
import { evalJson, formatEvalTable } from './evaluate/report.js';
import { planSplit } from './evaluate/split-spec.js';
import { paramsFor, readTunedFile, searchSpaces, tuneAlgorithm, writeTunedFile, type TuneResult } from './evaluate/tune.js';
import type { HyperParams } from './types.js';
import { Hybrid } from './hybrid.js';
import { CandidateRanked } from './evaluate/candidate-ranked.js';
import type { BlendTuneSummary } from './blend-tune.js';

/** One line per run: what the hybrid's tuning saw on validation and chose. */
export function formatTuning(run: number, t: BlendTuneSummary): string {
  if (t.skipped) return `run ${run + 1}: hybrid tuning skipped: ${t.skipped}`;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return (
    `run ${run + 1}: hybrid tuned on its training part (${t.trials} trials, ${t.users} validation users, ${t.seconds.toFixed(1)} s): ` +
    `best validation NDCG@10 ${t.bestNdcg.toFixed(4)} at ${pct(t.bestCoverage)} coverage; chosen ${t.chosenNdcg.toFixed(4)} at ${pct(t.chosenCoverage)} ` +
    `(${t.se !== undefined ? `within ${t.se} standard error of the best, not below EASE alone ${t.easeNdcg?.toFixed(4)}` : `within ${pct(t.tolerance ?? 0)} of the best`}); ` +
    `the stored defaults ${t.defaultNdcg.toFixed(4)} at ${pct(t.defaultCoverage)}; ${JSON.stringify(t.chosen)}`
  );
}

/** The reference row every table carries. */
export const REFERENCE = 'popularity';

const common = z.object({
  data: z.string().min(1, 'give --data DIR (or set MOVIELENS_DIR)'),
  split: z.string().optional(),
  splitsDir: z.string().optional(),
  enrich: z.string().optional(),
  algorithms: z.string().optional(),
  params: z.string().optional(),
  seed: z.coerce.number().int().default(42),
});
const evalOptions = common.extend({
  kfold: z.coerce.number().int().optional(),
  json: z.boolean().default(false),
  tune: z.boolean().default(true),
  /** true: the default sizes; "N+P,...": neighbours + popular films per row. */
  candidates: z
    .union([z.boolean(), z.string().regex(/^\d+\+\d+(,\d+\+\d+)*$/, 'give sizes as NEIGHBOURS+POPULAR[,...], e.g. 400+100')])
    .default(false),
});
const tuneOptions = common.extend({
  out: z.string().default('reelmate-tuned.json'),
  trials: z.coerce.number().int().min(1).max(200).default(8),
  validation: z.coerce.number().gt(0).lt(1).default(0.2),
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function parseOrFail<T>(schema: z.ZodType<T>, raw: unknown): T {
  const r = schema.safeParse(raw);
  if (!r.success) fail(r.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('\n'));
  return r.data;
}

/** The algorithm list: given, or the whole registry; unknown names are an error. */
function chooseAlgorithms(list: string | undefined, withReference: boolean): string[] {
  const names = list
    ? list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : algorithmNames();
  const unknown = names.filter((n) => !(n in algorithms));
  if (unknown.length) fail(`unknown algorithm(s): ${unknown.join(', ')}; known: ${algorithmNames().join(', ')}`);
  if (withReference && !names.includes(REFERENCE)) names.unshift(REFERENCE);
  return names;
}

function loadTuned(file: string | undefined): Record<string, HyperParams> | undefined {
  if (!file) return undefined;
  const r = readTunedFile(file);
  if (!r.ok) fail(r.error.message);
  return r.value.params;
}

function loadData(o: z.infer<typeof common>) {
  const d = loadMovieLens(o.data, { enrichFile: o.enrich });
  if (!d.ok) fail(d.error.message);
  return d.value;
}

export function register(program: Command): void {
  program
    .command('eval')
    .description('evaluate algorithms on MovieLens CSV files with the shared protocol (RMSE, MAE, top-10 metrics, times)')
    .option('--data <dir>', 'MovieLens directory (ratings.csv, movies.csv, optional tags.csv, links.csv)', configValue('MOVIELENS_DIR'))
    .option('--split <spec>', 'FILE[:FOLD] (fold file or train/test file) or "temporal"')
    .option('--kfold <k>', 'k-fold cross-validation (uses --split FILE or <data>.random5.csv in the splits dir when k = 5)')
    .option('--splits-dir <dir>', 'where split files are looked up', configValue('REELMATE_SPLITS_DIR'))
    .option('--algorithms <list>', `comma-separated (default: all: ${algorithmNames().join(', ')})`)
    .option('--enrich <file>', 'TMDB enrichment JSONL', configValue('REELMATE_ENRICH_FILE'))
    .option('--params <file>', 'tuned settings written by `reelmate tune`')
    .option('--seed <n>', 'seed for computed splits and training', '42')
    .option('--json', 'print one JSON object {"rows":[...]} on stdout')
    .option('--no-tune', 'the hybrid keeps its stored defaults instead of tuning its ranking blend on each training part')
    .option(
      '--candidates [sizes]',
      'also rank with candidates before ranking (the big-catalogue path) from the same fitted hybrid: row hybrid+candidates; sizes NEIGHBOURS+POPULAR[,...] give one row each',
    )
    .action(async (raw: unknown) => {
      const o = parseOrFail(evalOptions, raw);
      if (o.kfold === undefined && o.split === undefined) fail('give --split FILE[:FOLD] | --split temporal | --kfold K');
      const data = loadData(o);
      const plan = planSplit(data.ratings, { split: o.split, kfold: o.kfold, splitsDir: o.splitsDir, dataName: data.name, seed: o.seed });
      if (!plan.ok) fail(plan.error.message);
      const tuned = loadTuned(o.params);
      const names = chooseAlgorithms(o.algorithms, true);
      // the hybrid tunes inside each run on that run's training part only (never a test fold)
      const tunings: { run: number; tuning: BlendTuneSummary }[] = [];
      const queueTuning: ((run: number) => void)[] = [];
      let runNo = 0;
      let lastHybrid: Hybrid | null = null;
      const specs: AlgorithmSpec[] = names.map((name) => ({
        name,
        create: () => {
          const model = algorithms[name]!({ ...paramsFor(name, tuned), ...(name === 'hybrid' ? { tune: o.tune } : {}) });
          // read after the fit: what each run's tuning chose, on its own training part
          if (model instanceof Hybrid) queueTuning.push((r) => model.tuning && tunings.push({ run: r, tuning: model.tuning }));
          if (model instanceof Hybrid) lastHybrid = model;
          return model;
        },
      }));
      // right after the hybrid: the same fitted model ranked from candidates
      if (o.candidates && names.includes('hybrid')) {
        const sizes =
          typeof o.candidates === 'string' ? o.candidates.split(',').map((x) => x.split('+').map(Number) as [number, number]) : [null];
        specs.splice(
          names.indexOf('hybrid') + 1,
          0,
          ...sizes.map((s) => ({
            name: s ? `hybrid+candidates ${s[0]}+${s[1]}` : 'hybrid+candidates',
            create: () => new CandidateRanked(() => lastHybrid, s ? { neighbours: s[0], popular: s[1] } : undefined),
          })),
        );
      }
      const perRun: EvalRow[][] = [];
      const { assignment, testValues, label } = plan.value;
      for (const [run, testValue] of testValues.entries()) {
        let bar: Progress | null = null;
        const prefix = testValues.length > 1 ? `fold ${run + 1}/${testValues.length} ` : '';
        perRun.push(
          await evaluateSplit(splitRows(data.ratings, assignment.assign, testValue), specs, {
            meta: data.movies,
            fit: { seed: o.seed },
            onAlgorithm: (name, phase) => {
              bar?.stop();
              bar = phase === 'predict' ? progressBar(`${prefix}${name}`.slice(0, 24), 1) : null;
              if (phase === 'fit' && process.stderr.isTTY && !configValue('CI')) process.stderr.write(`${prefix}fitting ${name}...\n`);
            },
            onProgress: (done, total) => {
              if (!bar) return;
              if (done === 1) bar.setTotal(total);
              bar.tick();
            },
          }),
        );
        (bar as Progress | null)?.stop();
        for (const f of queueTuning.splice(0)) f(runNo);
        runNo++;
      }
      const rows = meanRows(perRun);
      if (o.json)
        console.log(
          JSON.stringify({ ...evalJson(rows), tuning: tunings.map(({ run, tuning }) => ({ run, ...tuning, frontier: undefined })) }),
        );
      else {
        console.log(formatEvalTable(rows, `${data.name}: ${label} (${rows.length} algorithms)`));
        for (const { run, tuning: t } of tunings) console.log(formatTuning(run, t));
      }
    });

  program
    .command('tune')
    .description('search hyperparameters on a validation part of the training data; writes the best settings for the trainer')
    .option('--data <dir>', 'MovieLens directory', configValue('MOVIELENS_DIR'))
    .option('--split <spec>', 'FILE[:FOLD] or "temporal": tuning only sees its training part (default: all ratings)')
    .option('--splits-dir <dir>', 'where split files are looked up', configValue('REELMATE_SPLITS_DIR'))
    .option('--algorithms <list>', 'comma-separated (default: every algorithm with a search space)')
    .option('--enrich <file>', 'TMDB enrichment JSONL', configValue('REELMATE_ENRICH_FILE'))
    .option('--params <file>', 'start from (and keep) these tuned settings')
    .option('--trials <n>', 'settings tried per algorithm (the defaults included)', '8')
    .option('--validation <share>', 'share of the training part held out for validation', '0.2')
    .option('--out <file>', 'where to write the settings', 'reelmate-tuned.json')
    .option('--seed <n>', 'seed', '42')
    .action(async (raw: unknown) => {
      const o = parseOrFail(tuneOptions, raw);
      const data = loadData(o);
      let train = data.ratings;
      let splitLabel = 'all ratings';
      if (o.split) {
        const plan = planSplit(data.ratings, { split: o.split, splitsDir: o.splitsDir, dataName: data.name, seed: o.seed });
        if (!plan.ok) fail(plan.error.message);
        train = splitRows(data.ratings, plan.value.assignment.assign, plan.value.testValues[0]!).train;
        splitLabel = `training part of ${plan.value.label}`;
      }
      let names = o.algorithms ? chooseAlgorithms(o.algorithms, false) : algorithmNames().filter((n) => n in searchSpaces);
      if (names.includes('hybrid')) {
        // its ranking blend is tuned by every training run on that run's own data
        console.error(
          'hybrid: not tuned here: `reelmate train` and `reelmate eval` tune its ranking blend on a validation part of their own training data',
        );
        names = names.filter((n) => n !== 'hybrid');
      }
      const previous = loadTuned(o.params) ?? {};
      const results: TuneResult[] = [];
      for (const name of names) {
        const bar = progressBar(`tune ${name}`.slice(0, 24), o.trials);
        const r = await tuneAlgorithm(name, (p) => algorithms[name]!({ ...paramsFor(name, previous), ...p }), train, {
          trials: o.trials,
          validation: o.validation,
          seed: o.seed,
          meta: data.movies,
          onTrial: (done, total) => {
            if (done === 1) bar.setTotal(total);
            bar.tick();
          },
        });
        bar.stop();
        results.push(r);
        const cov = (c: number | undefined) => (c === undefined ? '' : ` at ${(100 * c).toFixed(1)}% coverage`);
        console.log(
          `${name}: ${r.metric} ${r.defaultScore.toFixed(4)}${cov(r.defaultCoverage)} (defaults) -> ${r.bestScore.toFixed(4)}${cov(r.bestCoverage)} with ${JSON.stringify(r.best)}`,
        );
      }
      const params: Record<string, HyperParams> = { ...previous };
      for (const r of results) params[r.algorithm] = r.best;
      writeTunedFile(o.out, {
        version: 1,
        data: data.name,
        split: splitLabel,
        createdAt: new Date().toISOString(),
        params: params as Record<string, Record<string, number | string | boolean>>,
        scores: Object.fromEntries(
          results.map((r) => [
            r.algorithm,
            {
              metric: r.metric,
              best: r.bestScore,
              default: r.defaultScore,
              ...(r.bestCoverage !== undefined ? { bestCoverage: r.bestCoverage } : {}),
              ...(r.defaultCoverage !== undefined ? { defaultCoverage: r.defaultCoverage } : {}),
            },
          ]),
        ),
      });
      console.log(`wrote ${o.out}`);
    });
}
