/**
 * Offline evaluation of group recommendation (`reelmate eval-groups`).
 *
 * Protocol (after Baltrunas, Makcinskas and Ricci, RecSys 2010):
 *  - members are users with at least `minHeldOut` held-out ratings; groups of each size are
 *    drawn at random and by similar taste (seeded);
 *  - every member's stars come from one rating model trained on the training part only;
 *  - the candidates of a group are the films some member rated in the held-out part and no
 *    member rated in training (so each pick can be judged, and nothing already seen is
 *    offered: the live bot's exclusion rule);
 *  - each method returns a top-N (N = 5), scored by metrics.ts;
 *  - when a ranker is given, each member's relevance for a candidate is its percentile in
 *    that member's ranker scores over the candidates (what the live pick gets from the
 *    members' own lists).
 * MostPopular-unseen (training popularity) and plain average are the reference rows; the
 * optional ceiling rows pick with the held-out ratings themselves, to show how far any
 * aggregation of predictions could go on this protocol.
 */
import type { Recommender, TrainingData } from '../recommender/types.js';
import { iterateGroups, type GroupKind, type SparseRatings } from './groups.js';
import { scoreGroupList, summarise, type GroupScore, type MetricSummary, type Truth } from './metrics.js';
import { fairnessWeights, type PastParty } from './fairness.js';
import type { MiseryVetoOptions } from './misery-veto.js';
import {
  DEFAULT_APPROVAL_THRESHOLD,
  DEFAULT_MISERY_THRESHOLD,
  DEFAULT_RELATIVE_MISERY,
  DEFAULT_RELEVANCE_WEIGHT,
  percentileColumns,
  rankGroup,
  type GroupTable,
  type StrategyName,
} from './strategies.js';

/** What the evaluation needs of a model: the rating half of the Recommender interface. */
export type RatingModel = Pick<Recommender, 'name' | 'fit' | 'predict'>;

export interface HeldOutData {
  train: TrainingData;
  /** Held-out ratings by training user index, keyed by training item index. */
  heldOut: ReadonlyMap<number, Truth>;
}

export interface GroupContext {
  members: readonly number[];
  /** Candidate item indices. */
  pool: readonly number[];
  /** Predicted stars (and relevance, when a ranker was given), pool x members (movieIds are the item indices). */
  table: GroupTable;
  /** Training ratings per item index. */
  popularity: Int32Array;
}

export interface GroupMethod {
  name: string;
  /** The top `k` item indices, best first. */
  rank(ctx: GroupContext, k: number): number[];
}

export interface GroupEvalOptions {
  sizes?: readonly number[] | undefined;
  kinds?: readonly GroupKind[] | undefined;
  groupsPerCell?: number | undefined;
  k?: number | undefined;
  seed?: number | undefined;
  minHeldOut?: number | undefined;
  /**
   * A candidate must be held out by at least this many members (capped at the group size), so
   * the minimum member rating compares members rather than echoing one person's rating.
   */
  minRaters?: number | undefined;
}

export interface GroupEvalCell {
  size: number;
  kind: GroupKind;
  /** Per method: the summary, and every group's raw score (for the misery report's intervals). */
  rows: { method: string; summary: MetricSummary; scores: GroupScore[] }[];
}

export const MOST_POPULAR = 'most-popular-unseen';

export function mostPopularMethod(): GroupMethod {
  return {
    name: MOST_POPULAR,
    rank: (ctx, k) => [...ctx.pool].sort((a, b) => ctx.popularity[b]! - ctx.popularity[a]! || a - b).slice(0, k),
  };
}

/** Parameters of average without misery (see StrategyOptions). */
export interface MiseryParams {
  miseryThreshold: number;
  relativeMisery: number;
  relevanceWeight: number;
}

export const DEFAULT_MISERY_PARAMS: MiseryParams = {
  miseryThreshold: DEFAULT_MISERY_THRESHOLD,
  relativeMisery: DEFAULT_RELATIVE_MISERY,
  relevanceWeight: DEFAULT_RELEVANCE_WEIGHT,
};

export function strategyMethod(
  strategy: StrategyName,
  opts: Partial<MiseryParams> & MiseryVetoOptions & { approvalThreshold?: number; label?: string } = {},
): GroupMethod {
  return {
    name: opts.label ?? strategy,
    rank: (ctx, k) =>
      rankGroup(ctx.table, strategy, k, {
        miseryThreshold: opts.miseryThreshold ?? DEFAULT_MISERY_THRESHOLD,
        relativeMisery: opts.relativeMisery ?? DEFAULT_RELATIVE_MISERY,
        relevanceWeight: opts.relevanceWeight ?? DEFAULT_RELEVANCE_WEIGHT,
        approvalThreshold: opts.approvalThreshold ?? DEFAULT_APPROVAL_THRESHOLD,
        maxRisk: opts.maxRisk,
        riskWeight: opts.riskWeight,
        starWeight: opts.starWeight,
      }).map((p) => p.movieId),
  };
}

/**
 * Not methods but bounds: the best top-N by the held-out ratings themselves (the highest
 * minimum, or the highest mean, of the members who rated each film). No aggregation of
 * predictions can beat them; the gap between the two says how much the minimum can be
 * raised at all by trading away mean.
 */
export function ceilingMethods(heldOut: ReadonlyMap<number, Truth>): GroupMethod[] {
  const by = (name: string, primary: 'min' | 'mean'): GroupMethod => ({
    name,
    rank: (ctx, k) => {
      const scored = ctx.pool.map((item) => {
        const ratings = ctx.members.map((u) => heldOut.get(u)?.get(item)).filter((r): r is number => r !== undefined);
        const min = Math.min(...ratings);
        const mean = ratings.reduce((s, r) => s + r, 0) / ratings.length;
        // Ties by the other figure, then by id.
        return primary === 'min' ? { item, a: min, b: mean } : { item, a: mean, b: min };
      });
      scored.sort((x, y) => y.a - x.a || y.b - x.b || x.item - y.item);
      return scored.slice(0, k).map((x) => x.item);
    },
  });
  return [by('ceiling: best minimum', 'min'), by('ceiling: best mean', 'mean')];
}

/**
 * A second party of the same group: the first party's top pick (by average without misery)
 * was watched, so it is gone from the candidates, and each member's loss in that party (their
 * favourite of its five minus the winner, in predicted stars) feeds the fairness weights.
 * `weighted: false` gives the plain second party, the reference for the fairness row.
 */
export function secondPartyMethod(weighted: boolean, params: number | Partial<MiseryParams> = DEFAULT_MISERY_PARAMS): GroupMethod {
  const p = { ...DEFAULT_MISERY_PARAMS, ...(typeof params === 'number' ? { miseryThreshold: params } : params) };
  return {
    name: weighted ? 'fairness (2nd party)' : 'average_without_misery (2nd party)',
    rank: (ctx, k) => {
      const first = rankGroup(ctx.table, 'average_without_misery', k, p);
      const winner = first[0];
      if (!winner) return [];
      const keys = ctx.members.map(String);
      const won: Record<string, number> = {};
      const best: Record<string, number> = {};
      keys.forEach((key, m) => {
        won[key] = ctx.table.stars[winner.index]![m]!;
        best[key] = Math.max(...first.map((p) => ctx.table.stars[p.index]![m]!).filter((v) => Number.isFinite(v)));
      });
      const past: PastParty = { winner: won, best };
      const rest = ctx.table.movieIds.map((_, i) => i).filter((i) => i !== winner.index);
      const relevance = ctx.table.relevance;
      const table: GroupTable = {
        movieIds: rest.map((i) => ctx.table.movieIds[i]!),
        stars: rest.map((i) => ctx.table.stars[i]!),
        relevance: relevance ? rest.map((i) => relevance[i]!) : undefined,
      };
      const weights = weighted ? fairnessWeights(keys, [past]) : undefined;
      return rankGroup(table, weighted ? 'fairness' : 'average_without_misery', k, { ...p, memberWeights: weights }).map((p) => p.movieId);
    },
  };
}

/** Training ratings of one user as item index -> stars. */
export function trainingRatings(data: TrainingData, user: number): Map<number, number> {
  const m = new Map<number, number>();
  for (let k = data.userPtr[user]!; k < data.userPtr[user + 1]!; k++) m.set(data.userItems[k]!, data.userRatings[k]!);
  return m;
}

export function popularityOf(data: TrainingData): Int32Array {
  const pop = new Int32Array(data.nItems);
  for (let i = 0; i < data.nItems; i++) pop[i] = data.itemPtr[i + 1]! - data.itemPtr[i]!;
  return pop;
}

/** Candidates: held out by some member, rated in training by none. */
export function candidatePool(
  members: readonly number[],
  heldOut: ReadonlyMap<number, Truth>,
  rated: (user: number) => SparseRatings,
  minRaters = 1,
): number[] {
  const raters = new Map<number, number>();
  for (const m of members) for (const item of heldOut.get(m)?.keys() ?? []) raters.set(item, (raters.get(item) ?? 0) + 1);
  for (const m of members) for (const item of rated(m).keys()) raters.delete(item);
  const need = Math.min(minRaters, members.length);
  return [...raters.entries()]
    .filter(([, n]) => n >= need)
    .map(([item]) => item)
    .sort((a, b) => a - b);
}

/**
 * Run every method on the same groups. `predictAll(user)` gives the user's stars over every
 * training item, `rankAll(user)` (optional) a ranker's scores over every training item
 * (higher = more relevant); both cached by the caller if it likes.
 */
export function evaluateGroups(
  data: HeldOutData,
  predictAll: (user: number) => Float32Array,
  methods: readonly GroupMethod[],
  opts: GroupEvalOptions = {},
  rankAll?: (user: number) => Float32Array,
  riskAll?: (user: number) => Float32Array,
): GroupEvalCell[] {
  const sizes = opts.sizes ?? [2, 4, 8];
  const kinds = opts.kinds ?? ['random', 'similar'];
  const perCell = opts.groupsPerCell ?? 100;
  const k = opts.k ?? 5;
  const seed = opts.seed ?? 1;
  const minHeldOut = opts.minHeldOut ?? 5;
  const minRaters = opts.minRaters ?? 2;
  const { train, heldOut } = data;
  const popularity = popularityOf(train);
  const ratedCache = new Map<number, Map<number, number>>();
  const rated = (u: number) => {
    let r = ratedCache.get(u);
    if (!r) ratedCache.set(u, (r = trainingRatings(train, u)));
    return r;
  };
  const eligible = [...heldOut.entries()]
    .filter(([, t]) => t.size >= minHeldOut)
    .map(([u]) => u)
    .sort((a, b) => a - b);
  const cells: GroupEvalCell[] = [];
  sizes.forEach((size, si) => {
    kinds.forEach((kind, ki) => {
      // Groups with too few judgeable candidates are skipped, so draw until enough are usable
      // (two people rarely share held-out films; larger groups usually do).
      const attempts = perCell * 100;
      const groups = iterateGroups(eligible, rated, { size, count: attempts, kind, seed: seed * 1000 + si * 10 + ki });
      const scores = new Map<string, GroupScore[]>(methods.map((m) => [m.name, []]));
      let used = 0;
      for (const members of groups) {
        if (used >= perCell) break;
        const pool = candidatePool(members, heldOut, rated, minRaters);
        // No more judgeable films than the list holds: every method would show the same set.
        if (pool.length <= k) continue;
        used++;
        const predictions = members.map((u) => predictAll(u));
        const ranks = rankAll ? members.map((u) => rankAll(u)) : undefined;
        const risks = riskAll ? members.map((u) => riskAll(u)) : undefined;
        const table: GroupTable = {
          movieIds: pool,
          stars: pool.map((item) => predictions.map((p) => p[item]!)),
          relevance: ranks ? percentileColumns(pool.map((item) => ranks.map((r) => r[item]!))) : undefined,
          misery: risks ? pool.map((item) => risks.map((r) => r[item]!)) : undefined,
        };
        const ctx: GroupContext = { members, pool, table, popularity };
        const truths = members.map((u) => heldOut.get(u) ?? new Map<number, number>());
        const poolSet = new Set(pool);
        for (const method of methods) {
          scores.get(method.name)!.push(scoreGroupList(method.rank(ctx, k), truths, poolSet, k));
        }
      }
      cells.push({
        size,
        kind,
        rows: methods.map((m) => ({ method: m.name, summary: summarise(scores.get(m.name)!, k), scores: scores.get(m.name)! })),
      });
    });
  });
  return cells;
}

/** Held-out triples (external ids) as maps in the training index space; unknown ids are dropped. */
export function heldOutMaps(
  train: TrainingData,
  test: { userIds: Int32Array; movieIds: Int32Array; ratings: Float32Array },
): Map<number, Map<number, number>> {
  const out = new Map<number, Map<number, number>>();
  for (let r = 0; r < test.ratings.length; r++) {
    const u = train.userIndex.get(test.userIds[r]!);
    const i = train.itemIndex.get(test.movieIds[r]!);
    if (u === undefined || i === undefined) continue;
    let m = out.get(u);
    if (!m) out.set(u, (m = new Map()));
    m.set(i, test.ratings[r]!);
  }
  return out;
}

/** A per-user cache of a fitted model's predictions over all items. */
export function predictionCache(model: Pick<RatingModel, 'predict'>, nItems: number): (user: number) => Float32Array {
  const all = Int32Array.from({ length: nItems }, (_, i) => i);
  const cache = new Map<number, Float32Array>();
  return (user) => {
    let p = cache.get(user);
    if (!p) cache.set(user, (p = model.predict(user, all)));
    return p;
  };
}

export interface TuneTrial extends MiseryParams {
  mean: number;
  min: number;
  noneBelow3: number;
  ndcg: number;
}

export interface TuneResult extends MiseryParams {
  /** Validation figures per setting tried (each the mean over the size x kind cells). */
  trials: TuneTrial[];
  average: { mean: number; min: number; noneBelow3: number; ndcg: number };
}

export interface TuneGrid {
  thresholds: readonly number[];
  relative: readonly number[];
  relevance: readonly number[];
}

/**
 * Minimums closer than this are not told apart: on a few hundred groups per cell the
 * standard error of a difference is about this size, so the tie-break decides instead.
 */
export const MIN_TIE = 0.005;

/**
 * Choose average without misery's parameters on validation data: among the settings whose
 * mean stays within `maxMeanLoss` of plain average, the highest minimum member rating;
 * minimums within MIN_TIE of the best are ties, broken by group NDCG and then by the
 * simplest setting (lowest threshold, relative misery and relevance weight: the earliest in
 * grid order).
 */
export function tuneMisery(
  data: HeldOutData,
  predictAll: (user: number) => Float32Array,
  grid: TuneGrid,
  opts: GroupEvalOptions & { maxMeanLoss?: number } = {},
  rankAll?: (user: number) => Float32Array,
): TuneResult {
  const settings: MiseryParams[] = [];
  for (const miseryThreshold of [...grid.thresholds].sort((a, b) => a - b)) {
    for (const relativeMisery of [...grid.relative].sort((a, b) => a - b)) {
      for (const relevanceWeight of [...grid.relevance].sort((a, b) => a - b)) {
        settings.push({ miseryThreshold, relativeMisery, relevanceWeight });
      }
    }
  }
  const label = (p: MiseryParams) => `awm@${p.miseryThreshold}/${p.relativeMisery}/${p.relevanceWeight}`;
  const methods = [strategyMethod('average'), ...settings.map((p) => strategyMethod('average_without_misery', { ...p, label: label(p) }))];
  const cells = evaluateGroups(data, predictAll, methods, opts, rankAll);
  const pooled = (name: string) => {
    const rows = cells.map((c) => c.rows.find((r) => r.method === name)!.summary);
    const avg = (f: (s: MetricSummary) => number) => rows.reduce((s, r) => s + f(r), 0) / rows.length;
    return { mean: avg((s) => s.mean), min: avg((s) => s.min), noneBelow3: avg((s) => s.noneBelow3), ndcg: avg((s) => s.ndcg) };
  };
  const average = pooled('average');
  const maxLoss = opts.maxMeanLoss ?? 0.05;
  const trials: TuneTrial[] = settings.map((p) => ({ ...p, ...pooled(label(p)) }));
  const eligible = trials.filter((t) => average.mean - t.mean <= maxLoss);
  const pool = eligible.length > 0 ? eligible : trials;
  const bestMin = Math.max(...pool.map((t) => t.min));
  let best = pool.find((t) => t.min >= bestMin - MIN_TIE)!;
  for (const t of pool) if (t.min >= bestMin - MIN_TIE && t.ndcg > best.ndcg + 1e-9) best = t;
  return {
    miseryThreshold: best.miseryThreshold,
    relativeMisery: best.relativeMisery,
    relevanceWeight: best.relevanceWeight,
    trials,
    average,
  };
}
