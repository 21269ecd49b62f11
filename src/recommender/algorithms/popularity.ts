/**
 * Popularity: the MostPopular reference (number of ratings), optionally mixed with a damped
 * mean so well-liked films beat merely well-known ones. Ranking scores, the same for everyone.
 */
import { decodeModel, encodeModel, f32, num } from '../codec.js';
import type { HyperParams, Recommender, TrainingData, UserHistory } from '../types.js';
import { validIndex, withDefaults } from './params.js';

export const popularityDefaults = {
  /** 0 = pure count (MostPopular); w > 0 adds w * damped mean to log(1 + count). */
  meanWeight: 0,
  /** Damping: the mean is pulled towards the global mean by this many pseudo-ratings. */
  damping: 10,
};

export class Popularity implements Recommender {
  readonly name = 'popularity';
  readonly kind = 'ranking' as const;
  readonly params: typeof popularityDefaults;
  private nUsers = 0;
  /** Per item: rating count and damped mean rating. */
  counts: Float32Array = new Float32Array(0);
  dampedMeans: Float32Array = new Float32Array(0);
  private scores: Float32Array = new Float32Array(0);

  constructor(params?: HyperParams) {
    this.params = withDefaults(popularityDefaults, params);
  }

  fit(data: TrainingData): void {
    const { damping } = this.params;
    this.nUsers = data.nUsers;
    this.counts = new Float32Array(data.nItems);
    this.dampedMeans = new Float32Array(data.nItems);
    const mu = Number.isFinite(data.globalMean) ? data.globalMean : 3.5;
    for (let i = 0; i < data.nItems; i++) {
      let sum = 0;
      const s = data.itemPtr[i]!;
      const e = data.itemPtr[i + 1]!;
      for (let k = s; k < e; k++) sum += data.itemRatings[k]!;
      this.counts[i] = e - s;
      this.dampedMeans[i] = (sum + damping * mu) / (e - s + damping);
    }
    this.computeScores();
  }

  private computeScores(): void {
    const w = this.params.meanWeight;
    this.scores = new Float32Array(this.counts.length);
    for (let i = 0; i < this.counts.length; i++) {
      this.scores[i] = w === 0 ? this.counts[i]! : Math.log1p(this.counts[i]!) + w * this.dampedMeans[i]!;
    }
  }

  predict(user: number, items: Int32Array): Float32Array {
    const out = new Float32Array(items.length).fill(Number.NaN);
    if (!validIndex(user, this.nUsers)) return out;
    for (let k = 0; k < items.length; k++) {
      const i = items[k]!;
      if (validIndex(i, this.scores.length)) out[k] = this.scores[i]!;
    }
    return out;
  }

  scoreHistory(_history: UserHistory, out: Float32Array): void {
    out.set(this.scores.subarray(0, out.length));
    if (out.length > this.scores.length) out.fill(Number.NaN, this.scores.length);
  }

  save(): Uint8Array {
    return encodeModel({
      name: this.name,
      meta: { params: this.params, nUsers: this.nUsers },
      arrays: { counts: this.counts, dampedMeans: this.dampedMeans },
    });
  }

  load(bytes: Uint8Array): void {
    const p = decodeModel(bytes, this.name);
    Object.assign(this.params, withDefaults(popularityDefaults, p.meta.params as HyperParams));
    this.nUsers = num(p, 'nUsers');
    this.counts = f32(p, 'counts');
    this.dampedMeans = f32(p, 'dampedMeans');
    this.computeScores();
  }
}
