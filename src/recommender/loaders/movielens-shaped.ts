/**
 * Synthetic ratings shaped like a MovieLens release, at any size (ml-32m: 200,948 users,
 * 87,585 films, 32M ratings), for the scale benchmark. Generated from a seed, never
 * downloaded, straight into typed columns (no object per rating), grouped by user with each
 * user's movie ids ascending. The shape follows the release's published statistics:
 *
 * - film popularity: a power law in the popularity rank (exponent 0.9) that steepens to 2.5
 *   after the 5,000th film, so the most rated film gets about 0.3% of all ratings (ml-32m:
 *   about 100k of 32M) and half the catalogue fewer than about 7 (MovieLens' long tail);
 * - user activity: at least 20 ratings each (MovieLens keeps only such users), the rest
 *   log-normal (median about 70, mean the total / users, a few users with tens of thousands);
 * - stars: half-star scale with MovieLens' shares (4.0 the most common, 0.5 the rarest),
 *   cut from a latent score = user bias + film bias (popular films a little better liked) +
 *   a rank-8 taste match + noise, so the ratings carry structure a model can learn.
 *
 * Movie ids are a seeded permutation of 1..films (ids say nothing about popularity), user
 * ids are 1..users.
 */
import type { RatingTriples } from '../types.js';
import { rng } from './splits.js';

export interface MovieLensShapedOptions {
  users: number;
  films: number;
  ratings: number;
  seed?: number | undefined;
}

/** ml-32m's shape: the full-size benchmark. */
export const ML32M_SHAPE = { users: 200_000, films: 87_585, ratings: 32_000_000 } as const;

/** Share of each star value in MovieLens 25M/32M (0.5 .. 5 in half stars), summing to 1. */
export const STAR_SHARES = [0.016, 0.031, 0.016, 0.066, 0.05, 0.196, 0.126, 0.266, 0.085, 0.148] as const;

const MIN_PER_USER = 20;
const RANK = 8;

/** Popularity weight of the film at popularity rank i (0 = most rated). */
export function popularityWeight(i: number): number {
  const head = 5000;
  const c = 50;
  return i < head ? Math.pow(i + c, -0.9) : Math.pow(head + c, -0.9) * Math.pow((i + c) / (head + c), -2.5);
}

/**
 * Star of each latent score: the scores are cut at their own quantiles (from an even sample)
 * so the star shares come out as STAR_SHARES whatever the scores' spread. In place.
 */
export function cutIntoStars(scores: Float32Array): void {
  const step = Math.max(1, Math.floor(scores.length / 200_000));
  const sample = new Float32Array(Math.ceil(scores.length / step));
  for (let k = 0, t = 0; k < scores.length; k += step) sample[t++] = scores[k]!;
  sample.sort();
  const cuts = new Float32Array(STAR_SHARES.length - 1);
  let acc = 0;
  for (let s = 0; s < cuts.length; s++) {
    acc += STAR_SHARES[s]!;
    cuts[s] = sample[Math.min(sample.length - 1, Math.floor(acc * sample.length))]!;
  }
  for (let k = 0; k < scores.length; k++) {
    const z = scores[k]!;
    let s = 0;
    while (s < cuts.length && z >= cuts[s]!) s++;
    scores[k] = 0.5 * (s + 1);
  }
}

/** Ratings per user: 20 + log-normal, scaled so they add up to exactly `total`. */
export function userActivity(users: number, films: number, total: number, rand: () => number): Int32Array {
  const cap = Math.max(MIN_PER_USER, Math.floor(films / 3));
  if (total < users * MIN_PER_USER || total > users * cap) throw new Error(`cannot give ${users} users ${total} ratings`);
  const gauss = gaussian(rand);
  const extra = new Float64Array(users);
  let sum = 0;
  for (let u = 0; u < users; u++) sum += extra[u] = Math.exp(Math.log(50) + 1.43 * gauss());
  const scale = (total - users * MIN_PER_USER) / sum;
  const out = new Int32Array(users);
  let given = 0;
  for (let u = 0; u < users; u++) given += out[u] = Math.min(cap, MIN_PER_USER + Math.floor(extra[u]! * scale));
  // the rounding (and the cap) leave some over: one more each, from a random user on
  for (let u = Math.floor(rand() * users), guard = 0; given < total && guard < 64 * users; u = (u + 1) % users, guard++) {
    if (out[u]! < cap) out[u]!++, given++;
  }
  return out;
}

function gaussian(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
}

export function movieLensShaped(o: MovieLensShapedOptions): RatingTriples {
  const { users, films, ratings: total } = o;
  const rand = rng(o.seed ?? 32);
  const gauss = gaussian(rand);
  const perUser = userActivity(users, films, total, rand);
  // film at popularity rank r has movie id idOf[r]; rankOf is the inverse (by id - 1)
  const idOf = new Int32Array(films);
  for (let r = 0; r < films; r++) idOf[r] = r + 1;
  for (let r = films - 1; r > 0; r--) {
    const j = Math.floor(rand() * (r + 1));
    const t = idOf[r]!;
    idOf[r] = idOf[j]!;
    idOf[j] = t;
  }
  const rankOf = new Int32Array(films);
  for (let r = 0; r < films; r++) rankOf[idOf[r]! - 1] = r;
  const cum = new Float64Array(films);
  let acc = 0;
  for (let r = 0; r < films; r++) cum[r] = acc += popularityWeight(r);
  const pick = (): number => {
    const x = rand() * acc;
    let lo = 0;
    let hi = films - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // latent score parts, by popularity rank; popular films are a little better liked
  const q = new Float32Array(films * RANK);
  for (let k = 0; k < q.length; k++) q[k] = gauss() * 0.45;
  const bi = new Float32Array(films);
  const logTop = Math.log(popularityWeight(0));
  const logLast = Math.log(popularityWeight(films - 1));
  for (let r = 0; r < films; r++) bi[r] = gauss() * 0.5 + 0.5 * ((Math.log(popularityWeight(r)) - logLast) / (logTop - logLast || 1) - 0.5);
  const p = new Float32Array(RANK);
  const userIds = new Int32Array(total);
  const movieIds = new Int32Array(total);
  const stars = new Float32Array(total);
  const taken = new Uint8Array(films);
  let n = 0;
  for (let u = 0; u < users; u++) {
    const want = perUser[u]!;
    const from = n;
    for (let tries = 0; n - from < want && tries < want * 20; tries++) {
      const r = pick();
      if (!taken[r]) (taken[r] = 1), (movieIds[n++] = idOf[r]!);
    }
    // a user who has seen most of the head: the rest from the tail, in rank order
    for (let r = Math.floor(rand() * films), left = films; n - from < want && left > 0; r = (r + 1) % films, left--) {
      if (!taken[r]) (taken[r] = 1), (movieIds[n++] = idOf[r]!);
    }
    const mine = movieIds.subarray(from, n).sort();
    for (let k = 0; k < RANK; k++) p[k] = gauss() * 0.45;
    const bu = gauss() * 0.45;
    for (let t = 0; t < mine.length; t++) {
      const r = rankOf[mine[t]! - 1]!;
      taken[r] = 0;
      let dot = 0;
      for (let k = 0; k < RANK; k++) dot += p[k]! * q[r * RANK + k]!;
      stars[from + t] = bu + bi[r]! + dot + gauss() * 0.6;
      userIds[from + t] = u + 1;
    }
  }
  cutIntoStars(stars);
  return { userIds, movieIds, ratings: stars };
}
