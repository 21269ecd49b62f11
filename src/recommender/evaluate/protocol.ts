/**
 * The evaluation protocol (splits README): fit each algorithm on the training part, then
 * rating metrics over every test row (with a fallback where a model cannot score) and top-k
 * metrics for every user with a relevant test rating, ranking every training movie the user
 * did not rate in training. Models rank by rank() when they have it, else by predict().
 */
import { performance } from 'node:perf_hooks';
import { buildTrainingData, splitRows, type SplitAssignment, type TrainTest } from '../data.js';
import type { FitOptions, ItemMeta, RatingTriples, Recommender, TrainingData } from '../types.js';
import { catalogCoverage, mae, rankingScores, rmse, topK } from './metrics.js';

export interface EvalRow {
  algorithm: string;
  rmse: number | null;
  mae: number | null;
  precision_at_10: number;
  recall_at_10: number;
  ndcg_at_10: number;
  hit_rate_at_10: number;
  coverage_at_10: number;
  /** Wall-clock seconds (mean per fold when averaged). */
  fit_s: number;
  predict_s: number;
}

export interface AlgorithmSpec {
  name: string;
  create: () => Recommender;
}

export interface EvalOptions {
  meta?: ReadonlyMap<number, ItemMeta> | undefined;
  /** Test ratings at or above this are relevant (protocol: 4.0). */
  relevantAt?: number | undefined;
  k?: number | undefined;
  /** 'rating' skips the top-k part (tuning, smoke tests); 'ranking' skips RMSE/MAE. Default: both. */
  metrics?: 'all' | 'rating' | 'ranking' | undefined;
  fit?: FitOptions | undefined;
  /** Called as each algorithm starts / finishes, for progress bars. */
  onAlgorithm?: ((name: string, phase: 'fit' | 'predict' | 'done') => void) | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

export const clampStars = (x: number): number => (x < 0.5 ? 0.5 : x > 5 ? 5 : x);

/** Test rows grouped by training user index; rows of unknown users go to `strangers`. */
interface TestIndex {
  data: TrainingData;
  test: RatingTriples;
  /** per test row: user index in training or -1, item index or -1 */
  u: Int32Array;
  i: Int32Array;
  byUser: Map<number, number[]>;
  strangers: number[];
  /** The protocol's fallback for a row the model cannot score: the user's training mean, else the global mean. */
  fallback: Float64Array;
}

function indexTest(data: TrainingData, test: RatingTriples): TestIndex {
  const n = test.ratings.length;
  const u = new Int32Array(n);
  const i = new Int32Array(n);
  const byUser = new Map<number, number[]>();
  const strangers: number[] = [];
  const fallback = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const ui = data.userIndex.get(test.userIds[r]!) ?? -1;
    u[r] = ui;
    i[r] = data.itemIndex.get(test.movieIds[r]!) ?? -1;
    if (ui < 0) {
      strangers.push(r);
      fallback[r] = data.globalMean;
    } else {
      let list = byUser.get(ui);
      if (!list) byUser.set(ui, (list = []));
      list.push(r);
      const s = data.userPtr[ui]!;
      const e = data.userPtr[ui + 1]!;
      let sum = 0;
      for (let k = s; k < e; k++) sum += data.userRatings[k]!;
      fallback[r] = e > s ? sum / (e - s) : data.globalMean;
    }
  }
  return { data, test, u, i, byUser, strangers, fallback };
}

function ratingErrors(model: Recommender, t: TestIndex): { rmse: number; mae: number } {
  const pred = Float64Array.from(t.fallback);
  for (const [user, rows] of t.byUser) {
    const items = Int32Array.from(rows, (r) => Math.max(t.i[r]!, 0));
    const p = model.predict(user, items);
    rows.forEach((r, k) => {
      const v = p[k]!;
      if (t.i[r]! >= 0 && Number.isFinite(v)) pred[r] = clampStars(v);
    });
  }
  if (t.strangers.length) {
    const out = new Float32Array(t.data.nItems);
    model.scoreHistory({ items: new Int32Array(0), ratings: new Float32Array(0) }, out);
    for (const r of t.strangers) {
      const v = t.i[r]! >= 0 ? out[t.i[r]!]! : Number.NaN;
      if (Number.isFinite(v)) pred[r] = clampStars(v);
    }
  }
  return { rmse: rmse(pred, t.test.ratings), mae: mae(pred, t.test.ratings) };
}

interface RankingUser {
  /** training index, or -1 for a user with no training ratings */
  user: number;
  relevant: Set<number>;
  relevantCount: number;
}

function rankingUsers(t: TestIndex, relevantAt: number): RankingUser[] {
  const byId = new Map<number, RankingUser>();
  for (let r = 0; r < t.test.ratings.length; r++) {
    if (t.test.ratings[r]! < relevantAt) continue;
    const id = t.test.userIds[r]!;
    let ru = byId.get(id);
    if (!ru) byId.set(id, (ru = { user: t.u[r]!, relevant: new Set(), relevantCount: 0 }));
    ru.relevantCount++;
    if (t.i[r]! >= 0) ru.relevant.add(t.i[r]!);
  }
  return [...byId.values()];
}

function rankingMetrics(model: Recommender, t: TestIndex, users: RankingUser[], k: number, onUser?: () => void) {
  const all = Int32Array.from({ length: t.data.nItems }, (_, j) => j);
  const rated = new Uint8Array(t.data.nItems);
  const empty = new Float32Array(t.data.nItems);
  const lists: Int32Array[] = [];
  let p = 0,
    rc = 0,
    nd = 0,
    h = 0;
  for (const ru of users) {
    let scores: Float32Array;
    const s = ru.user >= 0 ? t.data.userPtr[ru.user]! : 0;
    const e = ru.user >= 0 ? t.data.userPtr[ru.user + 1]! : 0;
    if (ru.user >= 0) scores = model.rank ? model.rank(ru.user, all) : model.predict(ru.user, all);
    else {
      const none = { items: new Int32Array(0), ratings: new Float32Array(0) };
      if (model.rankHistory) model.rankHistory(none, empty);
      else model.scoreHistory(none, empty);
      scores = empty;
    }
    for (let q = s; q < e; q++) rated[t.data.userItems[q]!] = 1;
    const list = topK(scores, k, (j) => rated[j] === 1);
    for (let q = s; q < e; q++) rated[t.data.userItems[q]!] = 0;
    lists.push(list);
    const m = rankingScores(list, ru.relevant, k, ru.relevantCount);
    p += m.precision;
    rc += m.recall;
    nd += m.ndcg;
    h += m.hit;
    onUser?.();
  }
  const n = users.length || 1;
  return { precision: p / n, recall: rc / n, ndcg: nd / n, hit: h / n, coverage: catalogCoverage(lists, t.data.nItems) };
}

/** Fits and measures each algorithm on one train/test split. */
export async function evaluateSplit(split: TrainTest, specs: readonly AlgorithmSpec[], opts: EvalOptions = {}): Promise<EvalRow[]> {
  const k = opts.k ?? 10;
  const data = buildTrainingData(split.train, { meta: opts.meta });
  const t = indexTest(data, split.test);
  const users = rankingUsers(t, opts.relevantAt ?? 4);
  const rows: EvalRow[] = [];
  for (const spec of specs) {
    const model = spec.create();
    opts.onAlgorithm?.(spec.name, 'fit');
    const t0 = performance.now();
    await model.fit(data, opts.fit);
    const t1 = performance.now();
    opts.onAlgorithm?.(spec.name, 'predict');
    const which = opts.metrics ?? 'all';
    const errors = model.kind === 'rating' && which !== 'ranking' ? ratingErrors(model, t) : null;
    let done = 0;
    const r =
      which === 'rating'
        ? { precision: Number.NaN, recall: Number.NaN, ndcg: Number.NaN, hit: Number.NaN, coverage: Number.NaN }
        : rankingMetrics(model, t, users, k, () => opts.onProgress?.(++done, users.length));
    const t2 = performance.now();
    opts.onAlgorithm?.(spec.name, 'done');
    rows.push({
      algorithm: spec.name,
      rmse: errors?.rmse ?? null,
      mae: errors?.mae ?? null,
      precision_at_10: r.precision,
      recall_at_10: r.recall,
      ndcg_at_10: r.ndcg,
      hit_rate_at_10: r.hit,
      coverage_at_10: r.coverage,
      fit_s: (t1 - t0) / 1000,
      predict_s: (t2 - t1) / 1000,
    });
  }
  return rows;
}

/** Each listed fold once as test; the mean of each figure over the folds. */
export async function evaluateFolds(
  ratings: RatingTriples,
  assignment: SplitAssignment,
  folds: readonly number[],
  specs: readonly AlgorithmSpec[],
  opts: EvalOptions & { onFold?: ((fold: number) => void) | undefined } = {},
): Promise<EvalRow[]> {
  const perFold: EvalRow[][] = [];
  for (const fold of folds) {
    opts.onFold?.(fold);
    perFold.push(await evaluateSplit(splitRows(ratings, assignment.assign, fold), specs, opts));
  }
  return meanRows(perFold);
}

export function meanRows(perFold: EvalRow[][]): EvalRow[] {
  const first = perFold[0] ?? [];
  return first.map((row, a) => {
    const mean = (key: keyof Omit<EvalRow, 'algorithm'>): number | null => {
      const vals = perFold.map((f) => f[a]![key]);
      if (vals.some((v) => v === null)) return null;
      return (vals as number[]).reduce((x, y) => x + y, 0) / vals.length;
    };
    return {
      algorithm: row.algorithm,
      rmse: mean('rmse'),
      mae: mean('mae'),
      precision_at_10: mean('precision_at_10')!,
      recall_at_10: mean('recall_at_10')!,
      ndcg_at_10: mean('ndcg_at_10')!,
      hit_rate_at_10: mean('hit_rate_at_10')!,
      coverage_at_10: mean('coverage_at_10')!,
      fit_s: mean('fit_s')!,
      predict_s: mean('predict_s')!,
    };
  });
}
