/**
 * `reelmate eval-groups` end to end: load MovieLens and a split, tune average without
 * misery's parameters on a validation part carved from training, train the rating model (and
 * the ranker) on the whole training part, and score every strategy on the test part.
 */
import { err, ok, type Result } from '../util/result.js';
import { createRecommender } from '../recommender/algorithms/index.js';
import { buildTrainingData, carveValidation, loadMovieLens, loadSplitFile, splitRows } from '../recommender/data.js';
import type { RatingTriples } from '../recommender/types.js';
import type { Recommender, TrainingData } from '../recommender/types.js';
import {
  ceilingMethods,
  DEFAULT_MISERY_PARAMS,
  evaluateGroups,
  heldOutMaps,
  mostPopularMethod,
  predictionCache,
  secondPartyMethod,
  strategyMethod,
  tuneMisery,
  type GroupEvalCell,
  type MiseryParams,
  type TuneGrid,
  type TuneResult,
} from './evaluate.js';
import type { GroupKind } from './groups.js';
import { MISERY_VETO_DEFAULTS, type MiseryVetoOptions } from './misery-veto.js';
import { miseryReport, type MiseryReport } from './misery-report.js';
import { tuneVeto, type VetoGrid, type VetoTrial } from './veto-tune.js';
import { watchKnownCeiling } from './watch-bound.js';
import { DEFAULT_STRATEGY } from './strategies.js';

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
  /** Fixed misery threshold (stars); undefined = tune on validation. */
  threshold?: number | undefined;
  /** Fixed relative misery (share of a member's candidates); undefined = tune. */
  relative?: number | undefined;
  /** Fixed relevance weight (stars per unit of relevance); undefined = tune. */
  relevance?: number | undefined;
  /** Thresholds tried when tuning. */
  grid: number[];
  /** Relative misery shares tried when tuning (default RELATIVE_GRID). */
  relativeGrid?: number[] | undefined;
  /** Relevance weights tried when tuning (default RELEVANCE_GRID). */
  relevanceGrid?: number[] | undefined;
  /** Ranker for member relevance: a registry model with rank() (or any model: its predict()); 'none' = no relevance. */
  ranker?: string | undefined;
  /** Add the ceiling rows (top-5 chosen with the held-out ratings themselves). */
  ceiling?: boolean | undefined;
  /** Validation share carved from training for tuning. */
  validation: number;
  /** Fixed veto settings for the default strategy; undefined = tuned on validation. */
  veto?: MiseryVetoOptions | undefined;
  /** Veto settings tried when tuning (default VETO_GRID). */
  vetoGrid?: VetoGrid | undefined;
  onStage?: ((stage: string) => void) | undefined;
}

export interface EvalGroupsReport {
  data: string;
  split: string;
  model: string;
  threshold: number;
  relative: number;
  relevance: number;
  ranker: string;
  minRaters: number;
  tuning: TuneResult | null;
  /** The default strategy's veto settings, and how validation chose them (null = given). */
  veto: Required<MiseryVetoOptions>;
  vetoTuning: { chosen: VetoTrial; best: VetoTrial[]; settings: number } | null;
  /** Whether members' misery risks came from the model's calibration (else predicted stars stand in). */
  calibratedRisk: boolean;
  cells: GroupEvalCell[];
  /** misery_top1, misery_at_5, group and min-member NDCG@5 with 95% bootstrap intervals, per cell and pooled. */
  misery: MiseryReport;
  seconds: { tune: number; fit: number; evaluate: number };
}

export const DEFAULT_GRID = [2.5, 2.75, 3, 3.25, 3.5, 3.75];
export const RELATIVE_GRID = [0, 0.1, 0.2, 0.3];
export const RELEVANCE_GRID = [0, 0.5, 1, 1.5, 2];
/** The live bot's engine model: its rank() orders each member's own list. */
export const DEFAULT_RANKER = 'hybrid';

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

/** A model that gives a calibrated misery risk (rating-blend, hybrid). */
interface RiskModel {
  miseryRisk(userRatings: ArrayLike<number>, items: ArrayLike<number>, stars: ArrayLike<number>): Float32Array;
}
const hasRisk = (m: unknown): m is RiskModel => typeof (m as Partial<RiskModel>).miseryRisk === 'function';

/**
 * Per-user misery risk over every item, cached, from the model's calibration and the user's
 * training ratings; undefined when the model has none (or it was not fitted with enough data).
 */
function riskCache(
  model: unknown,
  train: TrainingData,
  predictAll: (user: number) => Float32Array,
): ((user: number) => Float32Array) | undefined {
  if (!hasRisk(model)) return undefined;
  const all = Int32Array.from({ length: train.nItems }, (_, i) => i);
  const probe = model.miseryRisk(new Float32Array(0), Int32Array.of(0), Float32Array.of(3));
  if (!Number.isFinite(probe[0]!)) return undefined;
  const cache = new Map<number, Float32Array>();
  return (user) => {
    let r = cache.get(user);
    if (!r)
      cache.set(
        user,
        (r = model.miseryRisk(train.userRatings.subarray(train.userPtr[user]!, train.userPtr[user + 1]!), all, predictAll(user))),
      );
    return r;
  };
}

/** Per-user ranker scores over every item, cached: rank() when the model has it, else predict(). */
function rankerCache(model: Recommender, nItems: number): (user: number) => Float32Array {
  const all = Int32Array.from({ length: nItems }, (_, i) => i);
  const cache = new Map<number, Float32Array>();
  return (user) => {
    let s = cache.get(user);
    if (!s) cache.set(user, (s = model.rank ? model.rank(user, all) : model.predict(user, all)));
    return s;
  };
}

async function fitRanker(name: string, train: TrainingData, seed: number): Promise<Result<((user: number) => Float32Array) | undefined>> {
  if (name === 'none') return ok(undefined);
  const model = createRecommender(name);
  if (!model.ok) return model;
  await model.value.fit(train, { seed });
  return ok(rankerCache(model.value, train.nItems));
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

  const rankerName = opts.ranker ?? DEFAULT_RANKER;
  const fixed: Partial<MiseryParams> = {
    ...(opts.threshold !== undefined ? { miseryThreshold: opts.threshold } : {}),
    ...(opts.relative !== undefined ? { relativeMisery: opts.relative } : {}),
    ...(opts.relevance !== undefined ? { relevanceWeight: opts.relevance } : {}),
  };
  let params: MiseryParams = { ...DEFAULT_MISERY_PARAMS, ...fixed };
  let tuning: TuneResult | null = null;
  const t0 = performance.now();
  const tuneAny = opts.threshold === undefined || opts.relative === undefined || (opts.relevance === undefined && rankerName !== 'none');
  let veto: Required<MiseryVetoOptions> = { ...MISERY_VETO_DEFAULTS, ...opts.veto };
  let vetoTuning: EvalGroupsReport['vetoTuning'] = null;
  if (tuneAny || !opts.veto) {
    stage('tuning on a validation part of training');
    const carved = carveValidation(train, opts.validation, opts.seed);
    const inner = fitModel(opts.model, carved.train, opts.seed);
    if (!inner.ok) return inner;
    await inner.value.fit();
    const innerRank = await fitRanker(rankerName, inner.value.train, opts.seed);
    if (!innerRank.ok) return innerRank;
    const data = { train: inner.value.train, heldOut: heldOutMaps(inner.value.train, carved.test) };
    const predict = predictionCache(inner.value.fitted, inner.value.train.nItems);
    // Different groups from the test run (another seed), same sizes.
    const valOpts = { ...evalOpts, seed: opts.seed + 7919 };
    if (tuneAny) {
      // A given value is the only one tried.
      const grid: TuneGrid = {
        thresholds: opts.threshold !== undefined ? [opts.threshold] : opts.grid,
        relative: opts.relative !== undefined ? [opts.relative] : (opts.relativeGrid ?? RELATIVE_GRID),
        relevance: opts.relevance !== undefined ? [opts.relevance] : rankerName === 'none' ? [0] : (opts.relevanceGrid ?? RELEVANCE_GRID),
      };
      tuning = tuneMisery(data, predict, grid, valOpts, innerRank.value);
      params = { miseryThreshold: tuning.miseryThreshold, relativeMisery: tuning.relativeMisery, relevanceWeight: tuning.relevanceWeight };
    }
    if (!opts.veto) {
      const r = tuneVeto(
        data,
        predict,
        { ...valOpts, grid: opts.vetoGrid },
        innerRank.value,
        riskCache(inner.value.fitted, inner.value.train, predict),
      );
      veto = { maxRisk: r.chosen.maxRisk, riskWeight: r.chosen.riskWeight, starWeight: r.chosen.starWeight };
      const cost = (t: VetoTrial) => t.miseryTop1 + t.miseryAt5;
      vetoTuning = {
        chosen: r.chosen,
        best: [...r.trials]
          .filter((t) => t.ndcgMargin >= -0.005)
          .sort((x, y) => cost(x) - cost(y))
          .slice(0, 5),
        settings: r.trials.length,
      };
    }
  }

  if (rankerName === 'none') params = { ...params, relevanceWeight: 0 };
  const t1 = performance.now();
  stage(`training ${opts.model}${rankerName === 'none' ? '' : ` and the ranker (${rankerName})`} on the training part`);
  const outer = fitModel(opts.model, train, opts.seed);
  if (!outer.ok) return outer;
  await outer.value.fit();
  const outerRank = await fitRanker(rankerName, outer.value.train, opts.seed);
  if (!outerRank.ok) return outerRank;
  const t2 = performance.now();
  stage('scoring groups');
  const data = { train: outer.value.train, heldOut: heldOutMaps(outer.value.train, test) };
  const predictOuter = predictionCache(outer.value.fitted, outer.value.train.nItems);
  const riskOuter = riskCache(outer.value.fitted, outer.value.train, predictOuter);
  const methods = [
    mostPopularMethod(),
    strategyMethod(DEFAULT_STRATEGY, veto),
    strategyMethod('average'),
    strategyMethod('least_misery'),
    strategyMethod('average_without_misery', params),
    strategyMethod('borda'),
    strategyMethod('approval'),
    secondPartyMethod(false, params),
    secondPartyMethod(true, params),
    ...(opts.ceiling ? [...ceilingMethods(data.heldOut), watchKnownCeiling(data.heldOut)] : []),
  ];
  const cells = evaluateGroups(data, predictOuter, methods, evalOpts, outerRank.value, riskOuter);
  const t3 = performance.now();
  return ok({
    data: ml.value.name,
    split: opts.split.split(/[\\/]/).pop() ?? opts.split,
    model: opts.model,
    threshold: params.miseryThreshold,
    relative: params.relativeMisery,
    relevance: params.relevanceWeight,
    ranker: rankerName,
    minRaters: opts.minRaters,
    tuning,
    veto,
    vetoTuning,
    calibratedRisk: riskOuter !== undefined,
    cells,
    misery: miseryReport(cells, DEFAULT_STRATEGY),
    seconds: { tune: (t1 - t0) / 1000, fit: (t2 - t1) / 1000, evaluate: (t3 - t2) / 1000 },
  });
}
