/**
 * User-based kNN on baseline residuals (KNNBaseline, user-based, pearson-baseline):
 *   r̂_ui = b_ui + Σ_{v ∈ N_k(u; i)} s_uv (r_vi - b_vi) / Σ s_uv
 * where N_k(u; i) are the k users most similar to u among those who rated i. Each user keeps
 * the top-M neighbours; a new history folds in by computing its similarities on the spot.
 * The neighbour search costs Σ over items of (raters)² / 2, which grows with the square of
 * the number of users: it runs on worker threads at scale (knn-parallel.ts).
 */
import { decodeModel, encodeModel, f32, i32, num, type ModelArray } from '../codec.js';
import type { FitOptions, HyperParams, Recommender, TrainingData, UserHistory } from '../types.js';
import { clamp, fitBiases, foldInUserBias, type Biases } from './baseline.js';
import { ratingViews, residuals, type Neighbours, type RatingViews, type SparseSide } from './knn-common.js';
import type { Histories } from './item-graph.js';
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
  /**
   * The training histories are the owner's (the hybrid keeps the same arrays): save() leaves
   * out both residual views, and attachHistories() rebuilds them from the histories and the
   * biases, exactly as the fit computed them.
   */
  private historyShared = false;

  constructor(params?: HyperParams) {
    this.params = withDefaults(userKnnDefaults, params);
  }

  /** True, and save() leaves the rating views out, when `h` holds this model's training histories. */
  shareHistories(h: Histories): boolean {
    this.historyShared = h.userPtr === this.csr.ptr && h.userItems === this.csr.other;
    return this.historyShared;
  }

  /** The rating views of a model saved without them (see shareHistories); no-op otherwise. */
  attachHistories(h: Histories): void {
    if (this.historyShared) this.setViews(ratingViews(h.userPtr, h.userItems, h.userRatings, this.nItems));
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
    this.setViews(data);
  }

  private setViews(data: RatingViews): void {
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

  /**
   * Stars for a few items of a training user. Each item walks its own raters instead of
   * scoring the whole catalogue from every neighbour's ratings (a card asks for ten, not
   * 9,000): the same neighbours in the same order, so the same sums as scoreAll.
   */
  predict(user: number, items: Int32Array): Float32Array {
    const out = new Float32Array(items.length).fill(Number.NaN);
    if (!validIndex(user, this.nUsers)) return out;
    const { ptr, idx, sim } = this.neighbours;
    const a = ptr[user]!;
    const b = ptr[user + 1]!;
    const rank = this.neighbourRank();
    for (let t = a; t < b; t++) rank[idx[t]!] = t - a;
    const { k, minK } = this.params;
    const { mu, itemBias } = this.biases;
    const bu = this.biases.userBias[user]!;
    const found: number[] = [];
    const residOf = new Float32Array(b - a);
    for (let q = 0; q < items.length; q++) {
      const i = items[q]!;
      if (!validIndex(i, this.nItems)) continue;
      found.length = 0;
      for (let p = this.csc.ptr[i]!; p < this.csc.ptr[i + 1]!; p++) {
        const r = rank[this.csc.other[p]!]!;
        if (r < 0) continue;
        found.push(r); // a user rates an item once, so each rank turns up at most once
        residOf[r] = this.csc.resid[p]!;
      }
      found.sort((x, y) => x - y);
      let num = 0;
      let den = 0;
      const used = Math.min(k, found.length);
      for (let f = 0; f < used; f++) {
        const s = sim[a + found[f]!]!;
        num += s * residOf[found[f]!]!;
        den += s;
      }
      const base = mu + bu + itemBias[i]!;
      out[q] = clamp(used >= minK && den > 0 ? base + num / den : base);
    }
    for (let t = a; t < b; t++) rank[idx[t]!] = -1;
    return out;
  }

  private rankScratch: Int32Array = new Int32Array(0);
  /** Position of each user in the neighbour list being scored, -1 elsewhere (reset after use). */
  private neighbourRank(): Int32Array {
    if (this.rankScratch.length !== this.nUsers) this.rankScratch = new Int32Array(this.nUsers).fill(-1);
    return this.rankScratch;
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
    const views: Record<string, ModelArray> = this.historyShared
      ? {}
      : {
          csrPtr: this.csr.ptr,
          csrOther: this.csr.other,
          csrResid: this.csr.resid,
          cscPtr: this.csc.ptr,
          cscOther: this.csc.other,
          cscResid: this.csc.resid,
        };
    return encodeModel({
      name: this.name,
      meta: { params: this.params, mu, historyShared: this.historyShared },
      arrays: { userBias, itemBias, nbrPtr: this.neighbours.ptr, nbrIdx: this.neighbours.idx, nbrSim: this.neighbours.sim, ...views },
    });
  }

  load(bytes: Uint8Array): void {
    const p = decodeModel(bytes, this.name);
    Object.assign(this.params, withDefaults(userKnnDefaults, p.meta.params as HyperParams));
    this.biases = { mu: num(p, 'mu'), userBias: f32(p, 'userBias'), itemBias: f32(p, 'itemBias') };
    this.neighbours = { ptr: i32(p, 'nbrPtr'), idx: i32(p, 'nbrIdx'), sim: f32(p, 'nbrSim') };
    // models stored before histories were shared have their views (and no flag)
    this.historyShared = p.meta.historyShared === true;
    const empty = (): SparseSide => ({ ptr: new Int32Array(1), other: new Int32Array(0), resid: new Float32Array(0) });
    this.csr = this.historyShared ? empty() : { ptr: i32(p, 'csrPtr'), other: i32(p, 'csrOther'), resid: f32(p, 'csrResid') };
    this.csc = this.historyShared ? empty() : { ptr: i32(p, 'cscPtr'), other: i32(p, 'cscOther'), resid: f32(p, 'cscResid') };
    this.allocate();
  }
}
