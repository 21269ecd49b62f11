/**
 * Coverage from the last places of a list only, each swap bounded per user (pure functions;
 * the hybrid applies them after its blend, rank-blend.ts).
 *
 * Catalogue coverage counts the distinct films across everybody's top-10s; a popularity
 * penalty pushes every popular film down, also at the top of the list where the surest hits
 * are, and moves every user's list the same way. Here only the last `slots` places of the
 * first `places` may change, and a film of the long tail (rated by few, `isTail`) takes one
 * of them only when its own score is at least `ratio` times the score of the film it
 * displaces: where a user's scores are flat the swap costs nearly nothing, where they fall
 * steeply nothing moves. Measured on fold 0's validation carves of ml-latest-small (README,
 * "The recommender"): more coverage for the NDCG given up than the penalty, and than
 * per-film exposure prices on the blended score.
 */

import { topK } from './topk.js';

export interface TailOptions {
  /** The list the places count in (the top-10 the evaluation and a full page show). */
  places: number;
  /** How many of its last places a tail film may take. */
  slots: number;
  /** A tail film needs at least this share of the displaced film's score (0..1]. */
  ratio: number;
  /** Films of the long tail (few ratings). */
  isTail: (index: number) => boolean;
  /** Films never to choose (the history). */
  skip: (index: number) => boolean;
}

/** The `k` best-scoring indices that pass `keep`, best first (ties to the lower index). */
const best = (scores: Float32Array, k: number, keep: (index: number) => boolean): number[] =>
  k > 0 ? Array.from(topK(scores, k, keep)) : [];

/**
 * Swaps scores in `out` so that the best tail films outside the first `places` take the last
 * `slots` of them, each only if its score is at least `ratio` times the score of the film it
 * displaces (which takes the tail film's score, so it stays just outside the list). Tail films
 * already in the list stay where they are. Returns the number of swaps. Scores are only
 * exchanged, never made: the set of values in `out` is unchanged.
 */
export function tailSlots(out: Float32Array, o: TailOptions): number {
  const places = Math.max(0, Math.floor(o.places));
  const slots = Math.min(places, Math.max(0, Math.floor(o.slots)));
  if (slots === 0) return 0;
  const list = best(out, places, (i) => !o.skip(i));
  if (list.length < places) return 0;
  const inList = new Set(list);
  const tail = best(out, slots, (i) => o.isTail(i) && !inList.has(i) && !o.skip(i));
  let swaps = 0;
  let next = 0;
  for (let j = places - slots; j < places && next < tail.length; j++) {
    const shown = list[j]!;
    if (o.isTail(shown)) continue;
    const cand = tail[next]!;
    const s = out[shown]!;
    if (!(s > 0) || out[cand]! < o.ratio * s) continue;
    out[shown] = out[cand]!;
    out[cand] = s;
    next++;
    swaps++;
  }
  return swaps;
}

/**
 * The largest ratings count of the long tail: films rated at most this often are in the
 * `quantile` (0..1) least-rated share of the films anyone rated. A share, not a count, so
 * the same setting means the same on a small and a large catalogue. 0 when nobody rated anything.
 */
export function tailMaxCount(count: ArrayLike<number>, quantile: number): number {
  const rated: number[] = [];
  for (let i = 0; i < count.length; i++) if (count[i]! > 0) rated.push(count[i]!);
  if (rated.length === 0) return 0;
  rated.sort((a, b) => a - b);
  const q = Math.min(1, Math.max(0, quantile));
  return rated[Math.min(rated.length - 1, Math.max(0, Math.ceil(q * rated.length) - 1))]!;
}
