/**
 * Synthetic ratings with a known low-rank structure, for scale tests and benchmarks
 * (1M ratings from 6,000 users x 4,000 movies; 10M and more). Popular movies get more
 * ratings (Zipf-like), as in real data; each (user, movie) pair occurs at most once.
 */
import type { RatingTriples } from '../types.js';
import { rng } from './splits.js';

export interface SyntheticOptions {
  users: number;
  items: number;
  ratings: number;
  /** Rank of the hidden taste structure. */
  rank?: number;
  seed?: number;
}

export function syntheticRatings(o: SyntheticOptions): RatingTriples {
  const rank = o.rank ?? 8;
  const rand = rng(o.seed ?? 1);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
  const perUser = o.ratings / o.users;
  if (perUser > o.items) throw new Error('more ratings than user-movie pairs');
  const P = Float32Array.from({ length: o.users * rank }, () => gauss() * 0.5);
  const Q = Float32Array.from({ length: o.items * rank }, () => gauss() * 0.5);
  const bu = Float32Array.from({ length: o.users }, () => gauss() * 0.3);
  const bi = Float32Array.from({ length: o.items }, () => gauss() * 0.4);
  // Zipf-like popularity: cumulative weights 1/(i+10)^0.8, sampled by binary search
  const cum = new Float64Array(o.items);
  let acc = 0;
  for (let i = 0; i < o.items; i++) cum[i] = acc += 1 / Math.pow(i + 10, 0.8);
  const pick = () => {
    const x = rand() * acc;
    let lo = 0;
    let hi = o.items - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const userIds = new Int32Array(o.ratings);
  const movieIds = new Int32Array(o.ratings);
  const ratings = new Float32Array(o.ratings);
  const taken = new Uint8Array(o.items);
  const chosen: number[] = [];
  let n = 0;
  for (let u = 0; u < o.users && n < o.ratings; u++) {
    const want = Math.min(o.ratings - n, u === o.users - 1 ? o.ratings - n : Math.round(perUser * (u + 1)) - Math.round(perUser * u));
    chosen.length = 0;
    for (let tries = 0; chosen.length < want && tries < want * 20; tries++) {
      const i = pick();
      if (!taken[i]) {
        taken[i] = 1;
        chosen.push(i);
      }
    }
    for (let i = 0; chosen.length < want && i < o.items; i++) if (!taken[i]) (taken[i] = 1), chosen.push(i);
    for (const i of chosen) {
      let dot = 0;
      for (let k = 0; k < rank; k++) dot += P[u * rank + k]! * Q[i * rank + k]!;
      const r = 3.5 + bu[u]! + bi[i]! + dot + gauss() * 0.5;
      userIds[n] = u + 1;
      movieIds[n] = i + 1;
      ratings[n++] = Math.min(5, Math.max(0.5, Math.round(r * 2) / 2));
      taken[i] = 0;
    }
  }
  return { userIds: userIds.subarray(0, n), movieIds: movieIds.subarray(0, n), ratings: ratings.subarray(0, n) };
}
