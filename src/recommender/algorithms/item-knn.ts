/**
 * Item-based kNN on baseline residuals (KNNBaseline, item-based, pearson-baseline):
 *   r̂_ui = b_ui + Σ_{j ∈ N_k(i; u)} s_ij (r_uj - b_uj) / Σ s_ij
 * where N_k(i; u) are the k items most similar to i among those u rated (positive similarity).
 * Each item keeps its top-M neighbours, so memory is sparse (M per item, not all pairs).
 */
import { decodeModel, encodeModel, f32, i32, num, type ModelArray } from '../codec.js';
import type { FitOptions, HyperParams, Recommender, TrainingData, UserHistory } from '../types.js';
import { clamp, fitBiases, foldInUserBias, type Biases } from './baseline.js';
import { capUserRatings } from '../large-data.js';
import type { Histories } from './item-graph.js';
import { residuals, type Neighbours } from './knn-common.js';
import { findNeighbours } from './knn-parallel.js';
import { validIndex, withDefaults } from './params.js';

export const itemKnnDefaults = {
  k: 40,
  minK: 1,
  shrinkage: 100,
  minSupport: 2,
  /**
   * Neighbours kept per item; predictions look for the k best among those the user rated.
   * 600 matches Surprise's full matrix on ml-latest-small (fold 0 RMSE 0.8528 vs 0.8548 at
   * 300) but doubles memory, which matters for catalogues of 50k+ movies.
   */
  keep: 300,
  regUser: 15,
  regItem: 10,
  biasEpochs: 10,
  /** Ratings of one user the similarity search counts (a seeded sample beyond; 0 = all): large-data.ts. */
  maxUserRatings: 0,
  /** Estimated co-rating visits below which the search stays on the calling thread. */
  parallelMin: 2e8,
};

export class ItemKnn implements Recommender {
  readonly name = 'item-knn';
  readonly kind = 'rating' as const;
  readonly params: typeof itemKnnDefaults;
  biases: Biases = { mu: Number.NaN, userBias: new Float32Array(0), itemBias: new Float32Array(0) };
  neighbours: Neighbours = { ptr: new Int32Array(1), idx: new Int32Array(0), sim: new Float32Array(0) };
  /** Training histories (for predict on training users). */
  private data: Pick<TrainingData, 'userPtr' | 'userItems' | 'userRatings'> = {
    userPtr: new Int32Array(1),
    userItems: new Int32Array(0),
    userRatings: new Float32Array(0),
  };
  private scratch: Float32Array = new Float32Array(0);
  /** Reverse lists: for item j, the items i that keep j as a neighbour (with s_ij). */
  private reverse: Neighbours = { ptr: new Int32Array(1), idx: new Int32Array(0), sim: new Float32Array(0) };
  private acc = { num: new Float64Array(0), den: new Float64Array(0), count: new Int32Array(0) };
  /**
   * The training histories are the owner's (the hybrid keeps the very same arrays): save()
   * leaves them out and load() waits for attachHistories(), so a model holds one copy of the
   * per-rating arrays, not one per model that reads them.
   */
  private historyShared = false;

  constructor(params?: HyperParams) {
    this.params = withDefaults(itemKnnDefaults, params);
  }

  /** True, and save() leaves the histories out, when `h` holds this model's training histories (the same arrays). */
  shareHistories(h: Histories): boolean {
    const d = this.data;
    this.historyShared = h.userPtr === d.userPtr && h.userItems === d.userItems && h.userRatings === d.userRatings;
    return this.historyShared;
  }

  /** The training histories of a model saved without them (see shareHistories); no-op otherwise. */
  attachHistories(h: Histories): void {
    if (this.historyShared) this.data = { userPtr: h.userPtr, userItems: h.userItems, userRatings: h.userRatings };
  }

  get nItems(): number {
    return this.biases.itemBias.length;
  }

  async fit(data: TrainingData, opts?: FitOptions): Promise<void> {
    const p = this.params;
    this.biases = fitBiases(data, p.regUser, p.regItem, p.biasEpochs);
    // biases from every rating; similarities from at most maxUserRatings of each user's
    const searched = capUserRatings(data, p.maxUserRatings);
    const e = residuals(searched, this.biases);
    this.neighbours = await findNeighbours(
      { ptr: searched.itemPtr, other: searched.itemUsers, resid: e.csc },
      { ptr: searched.userPtr, other: searched.userItems, resid: e.csr },
      data.nItems,
      { shrinkage: p.shrinkage, minSupport: p.minSupport, keep: p.keep },
      { threads: opts?.threads, parallelMin: p.parallelMin, onProgress: opts?.onProgress },
    );
    this.data = { userPtr: data.userPtr, userItems: data.userItems, userRatings: data.userRatings };
    this.prepare();
  }

  /**
   * Refits the biases on new data with the same index spaces but keeps the neighbour lists
   * (similarities from a fit on most of the same ratings barely move): the cheap refit the
   * rating blend uses after fitting its weights. Falls back to fit() when the shapes differ.
   */
  async warmFit(data: TrainingData, opts?: FitOptions): Promise<void> {
    if (data.nItems !== this.nItems || data.nUsers !== this.biases.userBias.length) return this.fit(data, opts);
    const p = this.params;
    this.biases = fitBiases(data, p.regUser, p.regItem, p.biasEpochs);
    this.data = { userPtr: data.userPtr, userItems: data.userItems, userRatings: data.userRatings };
  }

  /** Scratch space and the reverse lists (derived state: rebuilt on load, not saved). */
  private prepare(): void {
    const n = this.nItems;
    this.scratch = new Float32Array(n).fill(Number.NaN);
    this.acc = { num: new Float64Array(n), den: new Float64Array(n), count: new Int32Array(n) };
    const { ptr, idx, sim } = this.neighbours;
    const count = new Int32Array(n + 1);
    for (let t = 0; t < idx.length; t++) count[idx[t]! + 1]!++;
    for (let j = 0; j < n; j++) count[j + 1]! += count[j]!;
    const fill = count.slice(0, n);
    const ridx = new Int32Array(idx.length);
    const rsim = new Float32Array(idx.length);
    for (let i = 0; i < n; i++) {
      for (let t = ptr[i]!; t < ptr[i + 1]!; t++) {
        const at = fill[idx[t]!]!++;
        ridx[at] = i;
        rsim[at] = sim[t]!;
      }
    }
    this.reverse = { ptr: count, idx: ridx, sim: rsim };
  }

  /**
   * Scores every item at once by scattering from the rated items over the reverse lists:
   * O(ratings x M) instead of O(items x M). Exact: an item with more than k rated neighbours
   * (where "the k most similar" matters) is rescored by walking its own list.
   */
  private scoreAllInto(bu: number, resid: Float32Array, rated: ArrayLike<number>, out: Float32Array): void {
    const { num, den, count } = this.acc;
    const { mu, itemBias } = this.biases;
    const { k, minK } = this.params;
    const n = this.nItems;
    num.fill(0);
    den.fill(0);
    count.fill(0);
    const { ptr, idx, sim } = this.reverse;
    for (let q = 0; q < rated.length; q++) {
      const j = rated[q]!;
      if (!validIndex(j, n)) continue;
      const r = resid[j]!;
      for (let t = ptr[j]!; t < ptr[j + 1]!; t++) {
        const i = idx[t]!;
        num[i]! += sim[t]! * r;
        den[i]! += sim[t]!;
        count[i]!++;
      }
    }
    const one = new Int32Array(1);
    const res = new Float32Array(1);
    for (let i = 0; i < n; i++) {
      if (count[i]! > k) {
        one[0] = i;
        this.scoreInto(bu, resid, one, res);
        out[i] = res[0]!;
        continue;
      }
      const base = mu + bu + itemBias[i]!;
      out[i] = clamp(count[i]! >= minK && den[i]! > 0 ? base + num[i]! / den[i]! : base);
    }
  }

  /**
   * Core scorer: `resid` holds r_uj - b_uj for the user's rated items and NaN elsewhere;
   * writes the prediction for each requested item.
   */
  private scoreInto(bu: number, resid: Float32Array, items: ArrayLike<number>, out: Float32Array): void {
    const { ptr, idx, sim } = this.neighbours;
    const { mu, itemBias } = this.biases;
    const { k, minK } = this.params;
    for (let q = 0; q < items.length; q++) {
      const i = items[q]!;
      if (!validIndex(i, itemBias.length)) {
        out[q] = Number.NaN;
        continue;
      }
      let num = 0;
      let den = 0;
      let found = 0;
      for (let t = ptr[i]!; t < ptr[i + 1]! && found < k; t++) {
        const r = resid[idx[t]!]!;
        if (r !== r) continue;
        num += sim[t]! * r;
        den += sim[t]!;
        found++;
      }
      const base = mu + bu + itemBias[i]!;
      out[q] = clamp(found >= minK && den > 0 ? base + num / den : base);
    }
  }

  private withResiduals<T>(items: ArrayLike<number>, ratings: ArrayLike<number>, bu: number, f: (resid: Float32Array) => T): T {
    const resid = this.scratch;
    const { mu, itemBias } = this.biases;
    for (let q = 0; q < items.length; q++) {
      const j = items[q]!;
      if (validIndex(j, itemBias.length)) resid[j] = ratings[q]! - mu - bu - itemBias[j]!;
    }
    try {
      return f(resid);
    } finally {
      for (let q = 0; q < items.length; q++) if (validIndex(items[q]!, itemBias.length)) resid[items[q]!] = Number.NaN;
    }
  }

  predict(user: number, items: Int32Array): Float32Array {
    const out = new Float32Array(items.length).fill(Number.NaN);
    if (!validIndex(user, this.biases.userBias.length)) return out;
    const s = this.data.userPtr[user]!;
    const e = this.data.userPtr[user + 1]!;
    const bu = this.biases.userBias[user]!;
    const rated = this.data.userItems.subarray(s, e);
    this.withResiduals(rated, this.data.userRatings.subarray(s, e), bu, (resid) => {
      if (items.length < this.nItems / 8) return this.scoreInto(bu, resid, items, out);
      const all = new Float32Array(this.nItems);
      this.scoreAllInto(bu, resid, rated, all);
      for (let q = 0; q < items.length; q++) if (validIndex(items[q]!, this.nItems)) out[q] = all[items[q]!]!;
    });
    return out;
  }

  scoreHistory(history: UserHistory, out: Float32Array): void {
    const bu = foldInUserBias(this.biases, history, this.params.regUser);
    const all = new Float32Array(this.nItems);
    this.withResiduals(history.items, history.ratings, bu, (resid) => this.scoreAllInto(bu, resid, history.items, all));
    const n = Math.min(out.length, this.nItems);
    out.set(all.subarray(0, n));
    if (out.length > n) out.fill(Number.NaN, n);
  }

  /** Each item from its own neighbours among the history (what scoreAllInto gives it, per item). */
  scoreItems(history: UserHistory, items: Int32Array, out: Float32Array): void {
    const bu = foldInUserBias(this.biases, history, this.params.regUser);
    this.withResiduals(history.items, history.ratings, bu, (resid) => this.scoreInto(bu, resid, items, out));
  }

  /** The most similar items to `item` (for explanations and "more like this"). */
  similarTo(item: number): { items: Int32Array; sims: Float32Array } {
    if (!validIndex(item, this.nItems)) return { items: new Int32Array(0), sims: new Float32Array(0) };
    const { ptr, idx, sim } = this.neighbours;
    return { items: idx.subarray(ptr[item]!, ptr[item + 1]!), sims: sim.subarray(ptr[item]!, ptr[item + 1]!) };
  }

  save(): Uint8Array {
    const { mu, userBias, itemBias } = this.biases;
    const history: Record<string, ModelArray> = this.historyShared
      ? {}
      : { userPtr: this.data.userPtr, userItems: this.data.userItems, userRatings: this.data.userRatings };
    return encodeModel({
      name: this.name,
      meta: { params: this.params, mu, historyShared: this.historyShared },
      arrays: { userBias, itemBias, nbrPtr: this.neighbours.ptr, nbrIdx: this.neighbours.idx, nbrSim: this.neighbours.sim, ...history },
    });
  }

  load(bytes: Uint8Array): void {
    const p = decodeModel(bytes, this.name);
    Object.assign(this.params, withDefaults(itemKnnDefaults, p.meta.params as HyperParams));
    this.biases = { mu: num(p, 'mu'), userBias: f32(p, 'userBias'), itemBias: f32(p, 'itemBias') };
    this.neighbours = { ptr: i32(p, 'nbrPtr'), idx: i32(p, 'nbrIdx'), sim: f32(p, 'nbrSim') };
    // models stored before histories were shared have them (and no flag)
    this.historyShared = p.meta.historyShared === true;
    this.data = this.historyShared
      ? { userPtr: new Int32Array(1), userItems: new Int32Array(0), userRatings: new Float32Array(0) }
      : { userPtr: i32(p, 'userPtr'), userItems: i32(p, 'userItems'), userRatings: f32(p, 'userRatings') };
    this.prepare();
  }
}
