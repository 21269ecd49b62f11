/**
 * Group aggregation strategies: turn every member's predicted stars into one group score per
 * movie. Pure functions over a small table; the caller ranks by score (higher is better).
 *
 * A table cell is NaN when nothing could be predicted for that member; strategies then use the
 * members they know about, and a movie nobody can score gets NaN (never shown).
 */

import { miseryVetoScores } from './misery-veto.js';
import type { GroupTable } from './group-table.js';

export type StrategyName =
  | 'relevance_without_misery'
  | 'average'
  | 'least_misery'
  | 'average_without_misery'
  | 'borda'
  | 'approval'
  | 'fairness';

export const STRATEGY_NAMES: readonly StrategyName[] = [
  'relevance_without_misery',
  'average',
  'least_misery',
  'average_without_misery',
  'borda',
  'approval',
  'fairness',
];

/** Group relevance with a veto on likely misery (misery-veto.ts). */
export const DEFAULT_STRATEGY: StrategyName = 'relevance_without_misery';

export type { GroupTable } from './group-table.js';

export interface StrategyOptions {
  /** average_without_misery / fairness: a movie any member is predicted below this is dropped. */
  miseryThreshold?: number | undefined;
  /** approval: a member approves a movie predicted at or above this. */
  approvalThreshold?: number | undefined;
  /** fairness: one weight per member (see fairnessWeights); 1 = neutral. */
  memberWeights?: readonly number[] | undefined;
  /**
   * average_without_misery / fairness: a movie is also dropped when it sits in the bottom
   * share of any member's own predictions over the candidates (0.2 = their bottom fifth).
   * Predicted stars are compressed (most fall between 3 and 4.5, and a harsh member's are
   * all low), so an absolute threshold alone rarely drops anything; a member's percentile
   * says "one of the worst of these for them" whatever their scale. 0 = off.
   */
  relativeMisery?: number | undefined;
  /** average_without_misery / fairness: stars added per unit of mean member relevance. 0 = off. */
  relevanceWeight?: number | undefined;
  /** relevance_without_misery: see MiseryVetoOptions. */
  maxRisk?: number | undefined;
  riskWeight?: number | undefined;
  starWeight?: number | undefined;
}

/**
 * Chosen by `reelmate eval-groups` (model mf, ranker hybrid) on a validation part carved from
 * the training part of fold 0 of ml-latest-small, never on the test part. On validation no
 * threshold and no relative misery share raised the minimum member rating beyond noise
 * (see the README), so the lowest threshold and no relative misery won the tie; the ranker's
 * relevance lifted group NDCG and the share of picks nobody rated below 3. Tuned again with
 * the live pick's own stars (model rating-blend, now eval-groups' default), validation
 * preferred 10% relative misery and weight 1, by 0.008★ on the minimum (noise for a few
 * hundred groups), and no setting beat plain average's minimum there: these were kept.
 */
export const DEFAULT_MISERY_THRESHOLD = 2.5;
export const DEFAULT_RELATIVE_MISERY = 0;
export const DEFAULT_RELEVANCE_WEIGHT = 1.5;
export const DEFAULT_APPROVAL_THRESHOLD = 3.5;

/**
 * Scores strictly below any kept movie: a dropped movie still ranks (by its least-happy
 * member), so a short list is filled rather than left empty, but only after every kept one.
 * Stars are 0.5-5, so `min - DROPPED_OFFSET` is at most 0, below any kept average.
 */
const DROPPED_OFFSET = 5;

function known(row: readonly number[]): number[] {
  return row.filter((v) => Number.isFinite(v));
}

function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

export function averageScores(table: GroupTable): number[] {
  return table.stars.map((row) => mean(known(row)));
}

export function leastMiseryScores(table: GroupTable): number[] {
  return table.stars.map((row) => {
    const k = known(row);
    // Ties on the minimum are broken by the average (scaled well below one half-star step).
    return k.length === 0 ? NaN : Math.min(...k) + mean(k) / 1000;
  });
}

/** Weighted mean of the known cells; weights default to 1. */
function weightedMean(row: readonly number[], weights: readonly number[] | undefined): number {
  let s = 0;
  let w = 0;
  row.forEach((v, m) => {
    if (!Number.isFinite(v)) return;
    const wm = weights?.[m] ?? 1;
    s += wm * v;
    w += wm;
  });
  return w > 0 ? s / w : NaN;
}

/**
 * Per member (column), each known value's percentile among that member's known values:
 * 0 = their lowest, 1 = their highest, ties share the average; a member with one known value
 * gets 0.5. NaN stays NaN. Pure.
 */
export function percentileColumns(rows: readonly (readonly number[])[]): number[][] {
  const out = rows.map((row) => row.map(() => NaN));
  const members = rows[0]?.length ?? 0;
  for (let m = 0; m < members; m++) {
    const idx: number[] = [];
    rows.forEach((row, i) => {
      if (Number.isFinite(row[m]!)) idx.push(i);
    });
    idx.sort((a, b) => rows[a]![m]! - rows[b]![m]!);
    const n = idx.length;
    for (let p = 0; p < n; ) {
      let q = p + 1;
      while (q < n && rows[idx[q]!]![m] === rows[idx[p]!]![m]) q++;
      const pct = n > 1 ? (p + q - 1) / 2 / (n - 1) : 0.5;
      for (let r = p; r < q; r++) out[idx[r]!]![m] = pct;
      p = q;
    }
  }
  return out;
}

export interface MiseryOptions {
  relativeMisery?: number | undefined;
  relevanceWeight?: number | undefined;
}

/**
 * Average without misery: drop a movie when any member is predicted below `threshold` stars
 * or (relativeMisery > 0) it is in the bottom `relativeMisery` share of any member's own
 * predictions over the candidates; rank the rest by the (weighted) mean stars plus
 * `relevanceWeight` times the members' mean relevance (when the table has it).
 */
export function averageWithoutMiseryScores(
  table: GroupTable,
  threshold = DEFAULT_MISERY_THRESHOLD,
  weights?: readonly number[],
  opts: MiseryOptions = {},
): number[] {
  const relative = opts.relativeMisery ?? 0;
  const beta = opts.relevanceWeight ?? 0;
  const pct = relative > 0 ? percentileColumns(table.stars) : undefined;
  // Only a member with an opinion on more than one film has a "bottom share".
  const members = table.stars[0]?.length ?? 0;
  const opinions = Array.from({ length: members }, (_, m) => table.stars.filter((r) => Number.isFinite(r[m]!)).length);
  return table.stars.map((row, i) => {
    const k = known(row);
    if (k.length === 0) return NaN;
    const low = Math.min(...k);
    if (low < threshold) return low - DROPPED_OFFSET;
    if (pct && pct[i]!.some((p, m) => p < relative && opinions[m]! > 1)) {
      return low - DROPPED_OFFSET;
    }
    const rel = beta > 0 && table.relevance ? known(table.relevance[i] ?? []) : [];
    return weightedMean(row, weights) + (rel.length > 0 ? beta * mean(rel) : 0);
  });
}

/**
 * Borda count: each member ranks all movies by their own predictions; the movie in position p
 * (0 = best) of n earns n-1-p points; ties share the average points. A member with no
 * prediction for a movie gives it the middle score, so unknowns neither help nor hurt.
 */
export function bordaScores(table: GroupTable): number[] {
  const n = table.movieIds.length;
  const members = table.stars[0]?.length ?? 0;
  const scores = new Array<number>(n).fill(0);
  const anyKnown = table.stars.map((row) => known(row).length > 0);
  for (let m = 0; m < members; m++) {
    const idx: number[] = [];
    for (let i = 0; i < n; i++) if (Number.isFinite(table.stars[i]![m]!)) idx.push(i);
    idx.sort((a, b) => table.stars[b]![m]! - table.stars[a]![m]!);
    const points = new Array<number>(n).fill((n - 1) / 2);
    for (let p = 0; p < idx.length; ) {
      // Ties: positions p..q-1 share the average of their points.
      let q = p + 1;
      while (q < idx.length && table.stars[idx[q]!]![m] === table.stars[idx[p]!]![m]) q++;
      const share = (n - 1 - p + (n - 1 - (q - 1))) / 2;
      for (let r = p; r < q; r++) points[idx[r]!] = share;
      p = q;
    }
    for (let i = 0; i < n; i++) scores[i]! += points[i]!;
  }
  return scores.map((s, i) => (anyKnown[i] ? s : NaN));
}

/**
 * Approval: the number of members predicted at or above the threshold; ties broken by the
 * average (scaled below one approval).
 */
export function approvalScores(table: GroupTable, threshold = DEFAULT_APPROVAL_THRESHOLD): number[] {
  return table.stars.map((row) => {
    const k = known(row);
    if (k.length === 0) return NaN;
    const approvals = k.filter((v) => v >= threshold).length;
    return approvals + mean(k) / 10;
  });
}

export function scoreTable(table: GroupTable, strategy: StrategyName, opts: StrategyOptions = {}): number[] {
  switch (strategy) {
    case 'relevance_without_misery':
      return miseryVetoScores(table, opts);
    case 'average':
      return averageScores(table);
    case 'least_misery':
      return leastMiseryScores(table);
    case 'average_without_misery':
      return averageWithoutMiseryScores(table, opts.miseryThreshold, undefined, opts);
    case 'borda':
      return bordaScores(table);
    case 'approval':
      return approvalScores(table, opts.approvalThreshold);
    case 'fairness':
      return averageWithoutMiseryScores(table, opts.miseryThreshold, opts.memberWeights, opts);
  }
}

export interface RankedPick {
  movieId: number;
  /** Row in the table. */
  index: number;
  score: number;
}

/** The best `k` movies by score (NaN never), ties broken by movie id for a stable order. */
export function topK(table: GroupTable, scores: readonly number[], k: number): RankedPick[] {
  const picks: RankedPick[] = [];
  scores.forEach((score, index) => {
    if (Number.isFinite(score)) picks.push({ movieId: table.movieIds[index]!, index, score });
  });
  picks.sort((a, b) => b.score - a.score || a.movieId - b.movieId);
  return picks.slice(0, k);
}

/** Score and rank in one call. */
export function rankGroup(table: GroupTable, strategy: StrategyName, k: number, opts: StrategyOptions = {}): RankedPick[] {
  return topK(table, scoreTable(table, strategy, opts), k);
}
