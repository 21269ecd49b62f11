/**
 * User-based kNN on baseline residuals (KNNBaseline, user-based, pearson-baseline):
 *   r̂_ui = b_ui + Σ_{v ∈ N_k(u; i)} s_uv (r_vi - b_vi) / Σ s_uv
 * where N_k(u; i) are the k users most similar to u among those who rated i. Each user keeps
 * the top-M neighbours; a new history folds in by computing its similarities on the spot.
 * The neighbour search costs Σ over items of (raters)² / 2, which grows with the square of
 * the number of users: it runs on worker threads at scale (knn-parallel.ts).
 */
import { decodeModel, encodeModel, f32, i32, num } from '../codec.js';
import type { FitOptions, HyperParams, Recommender, TrainingData, UserHistory } from '../types.js';
import { clamp, fitBiases, foldInUserBias, type Biases } from './baseline.js';
import { residuals, type Neighbours, type SparseSide } from './knn-common.js';
import { accumulate, createAccumulator, drain } from './knn-kernel.mjs';
import { findNeighbours } from './knn-parallel.js';
import { validIndex, withDefaults } from './params.js';

export const userKnnDefaults = {
  k: 40,
  minK: 1,
  shrinkage: 100,
  minSupport: 2,
  keep: 300,
  regUser: 15,
  regItem: 10,
  biasEpochs: 10,
  /** Estimated co-rating visits below which the search stays on the calling thread. */
  parallelMin: 2e8,
};

export class UserKnn implements Recommender {
  readonly name = 'user-knn';
  readonly kind = 'rating' as const;
  readonly params: typeof userKnnDefaults;
  biases: Biases = { mu: Number.NaN, userBias: new Float32Array(0), itemBias: new Float32Array(0) };
  neighbours: Neighbours = { ptr: new Int32Array(1), idx: new Int32Array(0), sim: new Float32Array(0) };
  /** Training ratings by user (CSR) and by item (CSC) as residuals. */
  private csr: SparseSide = { ptr: new Int32Array(1), other: new Int32Array(0), resid: new Float32Array(0) };
  private csc: SparseSide = { ptr: new Int32Array(1), other: new Int32Array(0), resid: new Float32Array(0) };
  private acc = { num: new Float64Array(0), den: new Float64Array(0), count: new Int32Array(0) };

  constructor(params?: HyperParams) {
    this.params = withDefaults(userKnnDefaults, params);
  }

  get nItems(): number {
    return this.biases.itemBias.length;
  }
  get nUsers(): number {
    return this.biases.userBias.length;
  }

  async fit(data: TrainingData, opts?: FitOptions): Promise<void> {
    const p = this.params;
    this.setResiduals(data);
    this.neighbours = await findNeighbours(
      this.csr,
      this.csc,
      data.nUsers,
      { shrinkage: p.shrinkage, minSupport: p.minSupport, keep: p.keep },
      { threads: opts?.threads, parallelMin: p.parallelMin, onProgress: opts?.onProgress },
    );
    this.allocate();
  }

  /** As ItemKnn.warmFit: new biases and residuals on the same index spaces, same neighbour lists. */
  async warmFit(data: TrainingData, opts?: FitOptions): Promise<void> {
    if (data.nItems !== this.nItems || data.nUsers !== this.nUsers) return this.fit(data, opts);
    this.setResiduals(data);
  }

  private setResiduals(data: TrainingData): void {
    const p = this.params;
    this.biases = fitBiases(data, p.regUser, p.regItem, p.biasEpochs);
    const e = residuals(data, this.biases);
    this.csr = { ptr: data.userPtr, other: data.userItems, resid: e.csr };
    this.csc = { ptr: data.itemPtr, other: data.itemUsers, resid: e.csc };
  }

  private allocate(): void {
    this.acc = { num: new Float64Array(this.nItems), den: new Float64Array(this.nItems), count: new Int32Array(this.nItems) };
  }

  /** Scores every item from a neighbour list (best first): the first k raters of each item win. */
  private scoreAll(bu: number, nbrIdx: ArrayLike<number>, nbrSim: ArrayLike<number>, out: Float32Array): void {
    const { num, den, count } = this.acc;
    const { k, minK } = this.params;
    const { mu, itemBias } = this.biases;
    num.fill(0);
    den.fill(0);
    count.fill(0);
    for (let t = 0; t < nbrIdx.length; t++) {
      const v = nbrIdx[t]!;
      const s = nbrSim[t]!;
      for (let q = this.csr.ptr[v]!; q < this.csr.ptr[v + 1]!; q++) {
        const i = this.csr.other[q]!;
        if (count[i]! >= k) continue;
        num[i]! += s * this.csr.resid[q]!;
        den[i]! += s;
        count[i]!++;
      }
    }
    const n = Math.min(out.length, this.nItems);
    for (let i = 0; i < n; i++) {
      const base = mu + bu + itemBias[i]!;
      out[i] = clamp(count[i]! >= minK && den[i]! > 0 ? base + num[i]! / den[i]! : base);
    }
    if (out.length > n) out.fill(Number.NaN, n);
  }

  predict(user: number, items: Int32Array): Float32Array {
    const out = new Float32Array(items.length).fill(Number.NaN);
    if (!validIndex(user, this.nUsers)) return out;
    const { ptr, idx, sim } = this.neighbours;
    const all = new Float32Array(this.nItems);
    this.scoreAll(this.biases.userBias[user]!, idx.subarray(ptr[user]!, ptr[user + 1]!), sim.subarray(ptr[user]!, ptr[user + 1]!), all);
    for (let q = 0; q < items.length; q++) if (validIndex(items[q]!, this.nItems)) out[q] = all[items[q]!]!;
    return out;
  }

  /** Fold-in: similarities of this history to every training user, then the usual scoring. */
  scoreHistory(history: UserHistory, out: Float32Array): void {
    const bu = foldInUserBias(this.biases, history, this.params.regUser);
    const { mu, itemBias } = this.biases;
    const acc = createAccumulator(this.nUsers);
    for (let q = 0; q < history.items.length; q++) {
      const i = history.items[q]!;
      if (!validIndex(i, this.nItems)) continue;
      const e = history.ratings[q]! - mu - bu - itemBias[i]!;
      for (let t = this.csc.ptr[i]!; t < this.csc.ptr[i + 1]!; t++) accumulate(acc, this.csc.other[t]!, e, this.csc.resid[t]!);
    }
    const self = history.userIndex ?? -1;
    const p = this.params;
    const nb = drain(acc, self, p.shrinkage, p.minSupport, p.keep);
    this.scoreAll(bu, nb.idx, nb.sim, out);
  }

  save(): Uint8Array {
    const { mu, userBias, itemBias } = this.biases;
    return encodeModel({
      name: this.name,
      meta: { params: this.params, mu },
      arrays: {
        userBias,
        itemBias,
        nbrPtr: this.neighbours.ptr,
        nbrIdx: this.neighbours.idx,
        nbrSim: this.neighbours.sim,
        csrPtr: this.csr.ptr,
        csrOther: this.csr.other,
        csrResid: this.csr.resid,
        cscPtr: this.csc.ptr,
        cscOther: this.csc.other,
        cscResid: this.csc.resid,
      },
    });
  }

  load(bytes: Uint8Array): void {
    const p = decodeModel(bytes, this.name);
    Object.assign(this.params, withDefaults(userKnnDefaults, p.meta.params as HyperParams));
    this.biases = { mu: num(p, 'mu'), userBias: f32(p, 'userBias'), itemBias: f32(p, 'itemBias') };
    this.neighbours = { ptr: i32(p, 'nbrPtr'), idx: i32(p, 'nbrIdx'), sim: f32(p, 'nbrSim') };
    this.csr = { ptr: i32(p, 'csrPtr'), other: i32(p, 'csrOther'), resid: f32(p, 'csrResid') };
    this.csc = { ptr: i32(p, 'cscPtr'), other: i32(p, 'cscOther'), resid: f32(p, 'cscResid') };
    this.allocate();
  }
}

