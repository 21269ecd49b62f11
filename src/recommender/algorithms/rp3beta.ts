/**
 * RP3beta (Paudel et al., 2017; Dacrema et al. 2019): a three-step random walk
 * item -> user -> item on the rating graph, W[i][j] = sum_u P(u|i)^a P(j|u)^a, with each
 * column divided by pop(j)^beta so the walk stops favouring blockbusters. Kept sparse (top-k
 * per row). Cheap to fit (sum of squared user degrees), strong on top-N, and beta buys coverage.
 */
import { decodeModel, encodeModel } from '../codec.js';
import { capUserRatings } from '../large-data.js';
import { historyWeights } from './ease.js';
import type { FitOptions, HyperParams, Recommender, TrainingData, UserHistory } from '../types.js';
import {
  historiesFromArrays,
  historiesOf,
  historiesToArrays,
  predictByFoldIn,
  rowsFromArrays,
  rowsToArrays,
  scoreRows,
  selectTopK,
  SparseRowsBuilder,
  type Histories,
  type SparseRows,
  RowScratch,
  scoreRowsAt,
} from './item-graph.js';

export const RP3_DEFAULTS = {
  alpha: 1,
  beta: 0.3,
  topK: 100,
  minRating: 0,
  ratingWeight: 0.5,
  weightFloor: 0.1,
  /** Ratings of one user the walk goes through (a seeded sample beyond; 0 = all): large-data.ts. */
  maxUserRatings: 0,
  keepHistory: true,
} as const;

/** Implicit weight of a rating: everything rated counts (the user chose to watch it). */
export function implicitWeights(ratings: Float32Array, minRating: number): Float32Array {
  const w = new Float32Array(ratings.length);
  for (let i = 0; i < ratings.length; i++) w[i] = ratings[i]! >= minRating ? 1 : 0;
  return w;
}

export class Rp3Beta implements Recommender {
  readonly name = 'rp3beta';
  readonly kind = 'ranking' as const;
  private p: HyperParams;
  private w: SparseRows | null = null;
  private hist: Histories | null = null;
  /** Reused by scoreItems (one request at a time per model: a scoring thread has its own). */
  private scratch: RowScratch | undefined;

  constructor(params: HyperParams = {}) {
    this.p = { ...RP3_DEFAULTS, ...params };
  }

  get params(): HyperParams {
    return this.p;
  }

  private num(key: keyof typeof RP3_DEFAULTS): number {
    return Number(this.params[key]);
  }

  fit(data: TrainingData, opts?: FitOptions): void {
    const alpha = this.num('alpha');
    const beta = this.num('beta');
    const k = Math.max(1, Math.round(this.num('topK')));
    const minRating = this.num('minRating');
    const walked = capUserRatings(data, this.num('maxUserRatings'));
    const { nItems, nUsers, userPtr, userItems, userRatings, itemPtr, itemUsers, itemRatings } = walked;
    // degrees over the positive (implicit) interactions only
    const userDeg = new Float64Array(nUsers);
    for (let u = 0; u < nUsers; u++) for (let p = userPtr[u]!; p < userPtr[u + 1]!; p++) if (userRatings[p]! >= minRating) userDeg[u]!++;
    const itemDeg = new Float64Array(nItems);
    for (let i = 0; i < nItems; i++) for (let p = itemPtr[i]!; p < itemPtr[i + 1]!; p++) if (itemRatings[p]! >= minRating) itemDeg[i]!++;
    const userStep = Float64Array.from(userDeg, (d) => (d > 0 ? Math.pow(1 / d, alpha) : 0));
    const penalty = Float64Array.from(itemDeg, (d) => (d > 0 ? Math.pow(d, -beta) : 0));

    const acc = new Float64Array(nItems);
    const touched = new Int32Array(nItems);
    const mark = new Uint8Array(nItems);
    const topCols = new Int32Array(k);
    const topVals = new Float64Array(k);
    const builder = new SparseRowsBuilder(nItems, nItems * Math.min(k, 64));
    for (let i = 0; i < nItems; i++) {
      let nTouched = 0;
      const di = itemDeg[i]!;
      if (di > 0) {
        const step1 = Math.pow(1 / di, alpha);
        for (let p = itemPtr[i]!; p < itemPtr[i + 1]!; p++) {
          if (itemRatings[p]! < minRating) continue;
          const u = itemUsers[p]!;
          const w = step1 * userStep[u]!;
          for (let q = userPtr[u]!; q < userPtr[u + 1]!; q++) {
            if (userRatings[q]! < minRating) continue;
            const j = userItems[q]!;
            if (!mark[j]) {
              mark[j] = 1;
              touched[nTouched++] = j;
            }
            acc[j]! += w;
          }
        }
      }
      for (let t = 0; t < nTouched; t++) {
        const j = touched[t]!;
        acc[j] = j === i ? 0 : acc[j]! * penalty[j]!;
      }
      const count = selectTopK(acc, touched, nTouched, k, topCols, topVals);
      builder.setRow(i, topCols, topVals, count);
      for (let t = 0; t < nTouched; t++) {
        const j = touched[t]!;
        acc[j] = 0;
        mark[j] = 0;
      }
      if (opts?.onProgress && (i & 1023) === 0) opts.onProgress(i, nItems);
    }
    this.w = builder.finish();
    this.hist = this.params.keepHistory ? historiesOf(data) : null;
  }

  /** The item-item weights (for explanations: which history items led to a pick). */
  get weights(): SparseRows | null {
    return this.w;
  }

  scoreHistory(history: UserHistory, out: Float32Array): void {
    if (!this.w || history.items.length === 0) {
      out.fill(Number.NaN);
      return;
    }
    const w = historyWeights(history, this.num('ratingWeight'), this.num('weightFloor'));
    const keep = implicitWeights(history.ratings, this.num('minRating'));
    for (let t = 0; t < w.length; t++) w[t]! *= keep[t]!;
    scoreRows(this.w, history.items, w, out);
  }

  /** scoreHistory's values for a few films (candidates), without a pass over the catalogue. */
  scoreItems(history: UserHistory, items: Int32Array, out: Float32Array): void {
    if (!this.w || history.items.length === 0) {
      out.fill(Number.NaN);
      return;
    }
    const w = historyWeights(history, this.num('ratingWeight'), this.num('weightFloor'));
    const keep = implicitWeights(history.ratings, this.num('minRating'));
    for (let t = 0; t < w.length; t++) w[t]! *= keep[t]!;
    if (this.scratch?.acc.length !== this.w.nItems) this.scratch = new RowScratch(this.w.nItems);
    scoreRowsAt(this.w, history.items, w, items, out, this.scratch);
  }

  predict(user: number, items: Int32Array): Float32Array {
    return predictByFoldIn(this.hist, this.w?.nItems ?? 0, user, items, (h, out) => this.scoreHistory(h, out));
  }

  save(): Uint8Array {
    if (!this.w) throw new Error('rp3beta: save before fit');
    return encodeModel({
      name: this.name,
      meta: { params: this.params },
      arrays: { ...rowsToArrays('w', this.w), ...(this.hist ? historiesToArrays(this.hist) : {}) },
    });
  }

  load(bytes: Uint8Array): void {
    const p = decodeModel(bytes, this.name);
    this.p = { ...RP3_DEFAULTS, ...(p.meta.params as HyperParams) };
    this.w = rowsFromArrays('w', p);
    this.hist = p.arrays['hist.userPtr'] ? historiesFromArrays(p) : null;
  }
}

export const createRp3Beta = (params?: HyperParams): Recommender => new Rp3Beta(params);
