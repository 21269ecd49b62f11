/**
 * Simulated groups for evaluation: random groups and groups of similar taste, drawn from the
 * users that have held-out ratings. Pure and seeded, so every run draws the same groups.
 */

import { rng } from '../recommender/loaders/splits.js';

export type GroupKind = 'random' | 'similar';

/** A user's training ratings as a sparse vector (item index -> stars). */
export type SparseRatings = ReadonlyMap<number, number>;

/** The recommender's seeded PRNG (mulberry32): groups are drawn reproducibly. */
export const seededRandom = rng;

/** k distinct elements of `pool`, uniformly (partial Fisher-Yates on a copy). */
export function sample<T>(pool: readonly T[], k: number, rand: () => number): T[] {
  const a = [...pool];
  const n = Math.min(k, a.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rand() * (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, n);
}

/**
 * Pearson correlation over co-rated items, shrunk towards 0 when few items are shared
 * (n / (n + shrink)), so two users who share two films are not "identical".
 */
export function pearson(a: SparseRatings, b: SparseRatings, shrink = 10): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [item, x] of small) {
    const y = large.get(item);
    if (y !== undefined) {
      xs.push(x);
      ys.push(y);
    }
  }
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return 0;
  return (sxy / Math.sqrt(sxx * syy)) * (n / (n + shrink));
}

/** Similar-taste groups add one of this many most similar users at each step. */
export const SIMILAR_SHORTLIST = 5;

export interface GroupDrawOptions {
  size: number;
  count: number;
  kind: GroupKind;
  seed: number;
}

/**
 * Draw `count` groups of `size` from `users`. Similar-taste groups start from a random seed
 * user and add, one at a time, one of the SIMILAR_SHORTLIST candidates with the highest
 * summed Pearson similarity to the members so far (a greedy near-clique), in the spirit of the
 * "similar" groups of Baltrunas et al. (2010).
 */
export function drawGroups(users: readonly number[], ratings: (user: number) => SparseRatings, opts: GroupDrawOptions): number[][] {
  return [...iterateGroups(users, ratings, opts)].slice(0, opts.count);
}

/**
 * Distinct groups, lazily: callers that skip some (too few judgeable films) take more. Stops
 * after `opts.count` attempts.
 */
export function* iterateGroups(
  users: readonly number[],
  ratings: (user: number) => SparseRatings,
  opts: GroupDrawOptions,
): Generator<number[]> {
  const rand = seededRandom(opts.seed);
  if (users.length < opts.size) return;
  const seen = new Set<string>();
  const memo = new Map<number, number>();
  const sim = (a: number, b: number) => {
    const key = a < b ? a * 1_048_576 + b : b * 1_048_576 + a;
    let v = memo.get(key);
    if (v === undefined) memo.set(key, (v = pearson(ratings(a), ratings(b))));
    return v;
  };
  for (let attempt = 0; attempt < opts.count; attempt++) {
    const group = opts.kind === 'random' ? sample(users, opts.size, rand) : similarGroup(users, sim, opts.size, rand);
    const key = [...group].sort((x, y) => x - y).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    yield group;
  }
}

function similarGroup(
  users: readonly number[],
  sim: (a: number, b: number) => number,
  size: number,
  rand: () => number,
  shortlist = SIMILAR_SHORTLIST,
): number[] {
  const seed = users[Math.floor(rand() * users.length)]!;
  const group = [seed];
  const simSum = new Map<number, number>();
  let last = seed;
  while (group.length < size) {
    const scored: { u: number; s: number }[] = [];
    for (const u of users) {
      if (group.includes(u)) continue;
      const s = (simSum.get(u) ?? 0) + sim(last, u);
      simSum.set(u, s);
      scored.push({ u, s });
    }
    if (scored.length === 0) break;
    // One of the few most similar, at random: many distinct groups per seed, all like-minded.
    scored.sort((a, b) => b.s - a.s || a.u - b.u);
    const next = scored[Math.floor(rand() * Math.min(shortlist, scored.length))]!.u;
    group.push(next);
    last = next;
  }
  return group;
}
