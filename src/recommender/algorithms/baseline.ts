/**
 * Baseline predictor: global mean + regularised user and item biases, fitted by a few
 * alternating passes (each bias is the shrunk mean residual given the other side), as in
 * Koren's "Factor in the neighbors" and Surprise's BaselineOnly (ALS).
 * The kNN and MF models build on its biases.
 */
import { decodeModel, encodeModel, f32, num } from '../codec.js';
import type { HyperParams, Recommender, TrainingData, UserHistory } from '../types.js';
import { validIndex, withDefaults } from './params.js';

export const baselineDefaults = { regUser: 15, regItem: 10, epochs: 10 };

export interface Biases {
  mu: number;
  userBias: Float32Array;
  itemBias: Float32Array;
}

/** Alternating least squares for the biases (pure; reused by kNN and the blend). */
export function fitBiases(data: TrainingData, regUser: number, regItem: number, epochs: number): Biases {
  const mu = Number.isFinite(data.globalMean) ? data.globalMean : 3.5;
  const bu = new Float32Array(data.nUsers);
  const bi = new Float32Array(data.nItems);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = 0; i < data.nItems; i++) {
      let s = 0;
      const a = data.itemPtr[i]!;
      const b = data.itemPtr[i + 1]!;
      for (let k = a; k < b; k++) s += data.itemRatings[k]! - mu - bu[data.itemUsers[k]!]!;
      bi[i] = s / (regItem + b - a);
    }
    for (let u = 0; u < data.nUsers; u++) {
      let s = 0;
      const a = data.userPtr[u]!;
      const b = data.userPtr[u + 1]!;
      for (let k = a; k < b; k++) s += data.userRatings[k]! - mu - bi[data.userItems[k]!]!;
      bu[u] = s / (regUser + b - a);
    }
  }
  return { mu, userBias: bu, itemBias: bi };
}

/** The bias of a user with this history, given fixed item biases (fold-in). */
export function foldInUserBias(b: Biases, history: UserHistory, regUser: number): number {
  let s = 0;
  let n = 0;
  for (let k = 0; k < history.items.length; k++) {
    const i = history.items[k]!;
    if (!validIndex(i, b.itemBias.length)) continue;
    s += history.ratings[k]! - b.mu - b.itemBias[i]!;
    n++;
  }
  return s / (regUser + n);
}

export class Baseline implements Recommender {
  readonly name = 'baseline';
  readonly kind = 'rating' as const;
  readonly params: typeof baselineDefaults;
  biases: Biases = { mu: Number.NaN, userBias: new Float32Array(0), itemBias: new Float32Array(0) };

  constructor(params?: HyperParams) {
    this.params = withDefaults(baselineDefaults, params);
  }

  fit(data: TrainingData): void {
    this.biases = fitBiases(data, this.params.regUser, this.params.regItem, this.params.epochs);
  }

  predict(user: number, items: Int32Array): Float32Array {
    const { mu, userBias, itemBias } = this.biases;
    const out = new Float32Array(items.length).fill(Number.NaN);
    if (!validIndex(user, userBias.length)) return out;
    const bu = userBias[user]!;
    for (let k = 0; k < items.length; k++) {
      const i = items[k]!;
      if (validIndex(i, itemBias.length)) out[k] = clamp(mu + bu + itemBias[i]!);
    }
    return out;
  }

  scoreHistory(history: UserHistory, out: Float32Array): void {
    const { mu, itemBias } = this.biases;
    const bu = foldInUserBias(this.biases, history, this.params.regUser);
    for (let i = 0; i < out.length; i++) out[i] = i < itemBias.length ? clamp(mu + bu + itemBias[i]!) : Number.NaN;
  }

  scoreItems(history: UserHistory, items: Int32Array, out: Float32Array): void {
    const { mu, itemBias } = this.biases;
    const bu = foldInUserBias(this.biases, history, this.params.regUser);
    for (let k = 0; k < items.length; k++) {
      const i = items[k]!;
      out[k] = validIndex(i, itemBias.length) ? clamp(mu + bu + itemBias[i]!) : Number.NaN;
    }
  }

  save(): Uint8Array {
    const { mu, userBias, itemBias } = this.biases;
    return encodeModel({ name: this.name, meta: { params: this.params, mu }, arrays: { userBias, itemBias } });
  }

  load(bytes: Uint8Array): void {
    const p = decodeModel(bytes, this.name);
    Object.assign(this.params, withDefaults(baselineDefaults, p.meta.params as HyperParams));
    this.biases = { mu: num(p, 'mu'), userBias: f32(p, 'userBias'), itemBias: f32(p, 'itemBias') };
  }
}

export const clamp = (x: number): number => (x < 0.5 ? 0.5 : x > 5 ? 5 : x);
