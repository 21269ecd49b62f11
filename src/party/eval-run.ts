/**
 * `reelmate eval-groups` end to end: load MovieLens and a split, tune the misery threshold on
 * a validation part carved from training, train the rating model on the whole training part,
 * and score every strategy on the test part.
 */
import { err, ok, type Result } from '../core/errors.js';
import { createRecommender } from '../recommender/algorithms/index.js';
import { buildTrainingData, carveValidation, loadMovieLens, loadSplitFile, splitRows } from '../recommender/data.js';
import type { RatingTriples } from '../recommender/types.js';
import {
  evaluateGroups,
  heldOutMaps,
  mostPopularMethod,
  predictionCache,
  secondPartyMethod,
  strategyMethod,
  tuneThreshold,
  type GroupEvalCell,
  type TuneResult,
} from './evaluate.js';
import type { GroupKind } from './groups.js';
import { DEFAULT_MISERY_THRESHOLD } from './strategies.js';

export interface EvalGroupsOptions {
  dataDir: string;
  /** "FILE" or "FILE:FOLD" (random folds: the test fold, default 0). */
  split: string;
  model: string;
  sizes: number[];
  kinds: GroupKind[];
  groups: number;
  seed: number;
  /** Candidates must be held out by at least this many members. */
  minRaters: number;
  /** Fixed threshold; undefined = tune on validation. */
  threshold?: number | undefined;
  /** Thresholds tried when tuning. */
  grid: number[];
  /** Validation share carved from training for tuning. */
  validation: number;
  onStage?: ((stage: string) => void) | undefined;
}

export interface EvalGroupsReport {
  data: string;
  split: string;
  model: string;
  threshold: number;
  minRaters: number;
  tuning: TuneResult | null;
  cells: GroupEvalCell[];
  seconds: { tune: number; fit: number; evaluate: number };
}

export const DEFAULT_GRID = [2.5, 2.75, 3, 3.25, 3.5, 3.75];

/** "file.csv:2" -> { file, fold: 2 }; a bare path keeps fold undefined. Windows drive letters survive. */
export function parseSplitArg(arg: string): { file: string; fold: number | undefined } {
  const m = /^(.*):(\d+)$/.exec(arg);
  return m ? { file: m[1]!, fold: Number(m[2]) } : { file: arg, fold: undefined };
}

function fitModel(name: string, triples: RatingTriples, seed: number) {
  const model = createRecommender(name);
  if (!model.ok) return model;
  if (model.value.kind !== 'rating') return err('bad_input', `model "${name}" ranks but does not predict stars; use a rating model`);
  const train = buildTrainingData(triples);
  const fitted = model.value;
  return ok({ train, fitted, fit: () => fitted.fit(train, { seed }) });
}

export async function runEvalGroups(opts: EvalGroupsOptions): Promise<Result<EvalGroupsReport>> {
  const stage = opts.onStage ?? (() => {});
  const ml = loadMovieLens(opts.dataDir);
  if (!ml.ok) return ml;
  const { file, fold } = parseSplitArg(opts.split);
  const split = loadSplitFile(file, ml.value.ratings);
  if (!split.ok) return split;
  const testValue = split.value.kind === 'temporal' ? 1 : (fold ?? 0);
  if (split.value.kind === 'folds' && (testValue < 0 || testValue >= split.value.nFolds)) {
    return err('bad_input', `fold ${testValue} is out of range (0-${split.value.nFolds - 1})`);
  }
  const { train, test } = splitRows(ml.value.ratings, split.value.assign, testValue);
  const evalOpts = { sizes: opts.sizes, kinds: opts.kinds, groupsPerCell: opts.groups, seed: opts.seed, minRaters: opts.minRaters };

  let threshold = opts.threshold ?? DEFAULT_MISERY_THRESHOLD;
  let tuning: TuneResult | null = null;
  const t0 = performance.now();
  if (opts.threshold === undefined) {
    stage('tuning the misery threshold on a validation part of training');
    const carved = carveValidation(train, opts.validation, opts.seed);
    const inner = fitModel(opts.model, carved.train, opts.seed);
    if (!inner.ok) return inner;
    await inner.value.fit();
    const data = { train: inner.value.train, heldOut: heldOutMaps(inner.value.train, carved.test) };
    // Different groups from the test run (another seed), same sizes.
    tuning = tuneThreshold(data, predictionCache(inner.value.fitted, inner.value.train.nItems), opts.grid, {
      ...evalOpts,
      seed: opts.seed + 7919,
    });
    threshold = tuning.threshold;
  }
  const t1 = performance.now();
  stage(`training ${opts.model} on the training part`);
  const outer = fitModel(opts.model, train, opts.seed);
  if (!outer.ok) return outer;
  await outer.value.fit();
  const t2 = performance.now();
  stage('scoring groups');
  const methods = [
    mostPopularMethod(),
    strategyMethod('average'),
    strategyMethod('least_misery'),
    strategyMethod('average_without_misery', { miseryThreshold: threshold }),
    strategyMethod('borda'),
    strategyMethod('approval'),
    secondPartyMethod(false, threshold),
    secondPartyMethod(true, threshold),
  ];
  const data = { train: outer.value.train, heldOut: heldOutMaps(outer.value.train, test) };
  const cells = evaluateGroups(data, predictionCache(outer.value.fitted, outer.value.train.nItems), methods, evalOpts);
  const t3 = performance.now();
  return ok({
    data: ml.value.name,
    split: opts.split.split(/[\\/]/).pop() ?? opts.split,
    model: opts.model,
    threshold,
    minRaters: opts.minRaters,
    tuning,
    cells,
    seconds: { tune: (t1 - t0) / 1000, fit: (t2 - t1) / 1000, evaluate: (t3 - t2) / 1000 },
  });
}
