/**
 * A learned blend of the rating models (feature-weighted linear stacking, Sill et al. 2009):
 * ridge regression of the rating on each member's prediction, on log user and item support,
 * and on their products (so the blend can trust kNN more for well-rated films and MF more
 * for light users). The weights are fitted on a validation part carved from the TRAINING
 * data (never the test); then the members are refitted on all of it.
 */
import { decodeModel, encodeModel, f32, f64, num } from './codec.js';
import { maskTrainingData, rng } from './data.js';
import { Baseline, clamp } from './algorithms/baseline.js';
import { ItemKnn } from './algorithms/item-knn.js';
import type { Histories } from './algorithms/item-graph.js';
import { MatrixFactorization } from './algorithms/mf.js';
import { UserKnn } from './algorithms/user-knn.js';
import { ridge } from './algorithms/linalg.js';
import { validIndex, withDefaults } from './algorithms/params.js';
import type { FitOptions, HyperParams, Recommender, TrainingData, UserHistory } from './types.js';
import {
  applyIsotonic,
  fitCalibration,
  MISERY_STARS,
  miseryProbability,
  smoothedShare,
  type Calibration,
  type CalibrationRow,
} from './calibration.js';

/** The members the blend can use; member hyperparameters arrive as "member.key" params. */
const memberFactories: Record<string, (p?: HyperParams) => Recommender> = {
  baseline: (p) => new Baseline(p),
  'item-knn': (p) => new ItemKnn(p),
  'user-knn': (p) => new UserKnn(p),
  mf: (p) => new MatrixFactorization(p),
};

/** Members that can refit cheaply on a superset of the ratings they were fitted on. */
interface WarmFittable {
  warmFit(data: TrainingData, opts?: FitOptions): Promise<void> | void;
}

export const ratingBlendDefaults = {
  members: 'baseline,item-knn,user-knn,mf',
  /** Share of training ratings held out to fit the weights. */
  validation: 0.1,
  /** Ridge penalty on the weights (the intercept is not penalised). */
  ridge: 5,
  /** Refit the members on all training data after fitting the weights (slower, better). */
  refit: true,
  /**
   * Refit cheaply where a member can (warmFit: kNN keep their neighbour lists, MF continues
   * from its factors for a few epochs) instead of from scratch.
   */
  warmRefit: true,
  seed: 7,
};

/** Only the "member.key" entries for one member, without the prefix. */
export function memberParams(params: HyperParams | undefined, member: string): HyperParams {
  const out: Record<string, number | string | boolean> = {};
  if (!params) return out;
  for (const [k, v] of Object.entries(params)) if (k.startsWith(`${member}.`)) out[k.slice(member.length + 1)] = v;
  return out;
}

export class RatingBlend implements Recommender {
  readonly name = 'rating-blend';
  readonly kind = 'rating' as const;
  readonly params: typeof ratingBlendDefaults & HyperParams;
  members: Recommender[] = [];
  weights: Float64Array = new Float64Array(0);
  /** log(1 + ratings) per user / item of the training data, and the means used to centre them. */
  private userSupport: Float32Array = new Float32Array(0);
  private itemSupport: Float32Array = new Float32Array(0);
  private centre = { user: 0, item: 0 };
  private scratch: Float32Array[] = [];
  /**
   * Fitted on the validation rows (calibration.ts): the stars' widening map and the misery
   * probability. Null for models stored before calibration (their stars are served unchanged
   * and they offer no misery probability).
   */
  calibration: Calibration | null = null;
  /** Per film, the smoothed share of ratings at or below MISERY_STARS (for the misery probability). */
  private itemLowShare: Float32Array = new Float32Array(0);

  constructor(params?: HyperParams) {
    this.params = { ...params, ...withDefaults(ratingBlendDefaults, params) };
  }

  memberNames(): string[] {
    return this.params.members
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s in memberFactories);
  }

  private createMembers(): Recommender[] {
    return this.memberNames().map((name) => memberFactories[name]!(memberParams(this.params, name)));
  }

  get nFeatures(): number {
    return 3 + 3 * this.memberNames().length;
  }

  /** Features of one (member predictions, supports) row into x at offset o. */
  private features(preds: ArrayLike<number>, lu: number, li: number, x: Float64Array, o: number): void {
    const m = preds.length;
    const cu = lu - this.centre.user;
    const ci = li - this.centre.item;
    x[o] = 1;
    x[o + 1] = cu;
    x[o + 2] = ci;
    for (let j = 0; j < m; j++) {
      const p = preds[j]!;
      x[o + 3 + j] = p;
      x[o + 3 + m + j] = p * cu;
      x[o + 3 + 2 * m + j] = p * ci;
    }
  }

  async fit(data: TrainingData, opts: FitOptions = {}): Promise<void> {
    const p = this.params;
    this.setSupport(data);
    // Hold out a random share of each user's ratings (never the last one) for the weights.
    const rand = rng(p.seed);
    const keep = new Uint8Array(data.nRatings).fill(1);
    const heldOut: number[] = [];
    for (let u = 0; u < data.nUsers; u++) {
      const s = data.userPtr[u]!;
      const e = data.userPtr[u + 1]!;
      let left = e - s;
      for (let k = s; k < e; k++) {
        if (left > 1 && rand() < p.validation) {
          keep[k] = 0;
          heldOut.push(k);
          left--;
        }
      }
    }
    const part = maskTrainingData(data, keep);
    const members = this.createMembers();
    const m = members.length;
    const steps = p.refit ? 2 * m : m;
    let step = 0;
    for (const model of members) {
      await model.fit(part, { ...opts, onProgress: undefined });
      opts.onProgress?.(++step, steps);
    }
    // Validation rows grouped by user: one predict() per user and member.
    const rows = heldOut.length;
    const cols = this.nFeatures;
    const x = new Float64Array(rows * cols);
    const y = new Float64Array(rows);
    const preds = new Float64Array(m);
    const userOfRow = new Int32Array(data.nRatings);
    for (let u = 0; u < data.nUsers; u++) userOfRow.fill(u, data.userPtr[u]!, data.userPtr[u + 1]!);
    const byUser = new Map<number, number[]>();
    for (const k of heldOut) {
      const u = userOfRow[k]!;
      let l = byUser.get(u);
      if (!l) byUser.set(u, (l = []));
      l.push(k);
    }
    let r = 0;
    const rowUser = new Int32Array(rows);
    const rowItem = new Int32Array(rows);
    for (const [u, ks] of byUser) {
      const items = Int32Array.from(ks, (k) => data.userItems[k]!);
      const memberPreds = members.map((model) => model.predict(u, items));
      ks.forEach((k, q) => {
        for (let j = 0; j < m; j++) {
          const v = memberPreds[j]![q]!;
          preds[j] = Number.isFinite(v) ? v : part.globalMean;
        }
        this.features(preds, this.userSupport[u]!, this.itemSupport[items[q]!]!, x, r * cols);
        rowUser[r] = u;
        rowItem[r] = items[q]!;
        y[r++] = data.userRatings[k]!;
      });
    }
    const lambda = Float64Array.from({ length: cols }, (_, j) => (j === 0 ? 1e-6 : p.ridge));
    this.weights = rows > cols ? ridge(x, y, rows, cols, lambda) : this.fallbackWeights(m);
    this.calibration = this.fitCalibrationRows(part, x, y, cols, rowUser, rowItem);
    this.itemLowShare = lowShares(data, 'item', this.calibration?.misery.prior ?? 0);
    if (p.refit) {
      for (const model of members) {
        const warm = p.warmRefit ? (model as Partial<WarmFittable>).warmFit : undefined;
        await (warm ? warm.call(model, data, { ...opts, onProgress: undefined }) : model.fit(data, { ...opts, onProgress: undefined }));
        opts.onProgress?.(++step, steps);
      }
    }
    this.members = members;
    this.allocate();
  }

  /**
   * Calibration from the validation rows: their blended predictions against their ratings, with
   * each member's and film's share of low ratings in the part the members were fitted on.
   */
  private fitCalibrationRows(
    part: TrainingData,
    x: Float64Array,
    y: Float64Array,
    cols: number,
    rowUser: Int32Array,
    rowItem: Int32Array,
  ): Calibration | null {
    const rows = y.length;
    if (rows < 200) return null;
    let low = 0;
    for (let k = 0; k < part.nRatings; k++) if (part.userRatings[k]! <= MISERY_STARS) low++;
    const prior = part.nRatings ? low / part.nRatings : 0.15;
    const userShare = lowShares(part, 'user', prior);
    const itemShare = lowShares(part, 'item', prior);
    const out: CalibrationRow[] = [];
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let c = 0; c < cols; c++) s += this.weights[c]! * x[r * cols + c]!;
      out.push({ predicted: clamp(s), actual: y[r]!, userShare: userShare[rowUser[r]!]!, itemShare: itemShare[rowItem[r]!]! });
    }
    return fitCalibration(out, prior);
  }

  /** Too little data to learn weights: a plain average of the members. */
  private fallbackWeights(m: number): Float64Array {
    const w = new Float64Array(this.nFeatures);
    for (let j = 0; j < m; j++) w[3 + j] = 1 / m;
    return w;
  }

  private setSupport(data: TrainingData): void {
    this.userSupport = Float32Array.from({ length: data.nUsers }, (_, u) => Math.log1p(data.userPtr[u + 1]! - data.userPtr[u]!));
    this.itemSupport = Float32Array.from({ length: data.nItems }, (_, i) => Math.log1p(data.itemPtr[i + 1]! - data.itemPtr[i]!));
    const mean = (a: Float32Array) => (a.length ? a.reduce((s, v) => s + v, 0) / a.length : 0);
    this.centre = { user: mean(this.userSupport), item: mean(this.itemSupport) };
  }

  private allocate(): void {
    this.scratch = this.members.map(() => new Float32Array(this.itemSupport.length));
  }

  private combine(memberScores: Float32Array[], lu: number, items: ArrayLike<number>, out: Float32Array, fallback: number): void {
    const m = memberScores.length;
    const cols = this.nFeatures;
    const x = new Float64Array(cols);
    const preds = new Float64Array(m);
    for (let q = 0; q < items.length; q++) {
      const i = items[q]!;
      if (!validIndex(i, this.itemSupport.length)) {
        out[q] = Number.NaN;
        continue;
      }
      for (let j = 0; j < m; j++) {
        const v = memberScores[j]![q]!;
        preds[j] = Number.isFinite(v) ? v : fallback;
      }
      this.features(preds, lu, this.itemSupport[i]!, x, 0);
      let s = 0;
      for (let c = 0; c < cols; c++) s += this.weights[c]! * x[c]!;
      out[q] = clamp(applyIsotonic(this.calibration?.stars, clamp(s)));
    }
  }

  predict(user: number, items: Int32Array): Float32Array {
    const out = new Float32Array(items.length).fill(Number.NaN);
    if (!validIndex(user, this.userSupport.length)) return out;
    const scores = this.members.map((model) => model.predict(user, items));
    this.combine(scores, this.userSupport[user]!, items, out, this.mu());
    return out;
  }

  private mu(): number {
    const b = this.members.find((x): x is Baseline => x instanceof Baseline);
    return b?.biases.mu ?? 3.5;
  }

  scoreHistory(history: UserHistory, out: Float32Array): void {
    this.members.forEach((model, j) => model.scoreHistory(history, this.scratch[j]!));
    const n = Math.min(out.length, this.itemSupport.length);
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const res = new Float32Array(n);
    this.combine(
      this.scratch.map((s) => s.subarray(0, n)),
      Math.log1p(history.items.length),
      all,
      res,
      this.mu(),
    );
    out.set(res);
    if (out.length > n) out.fill(Number.NaN, n);
  }

  /**
   * scoreHistory's stars for a few items. Each member that can score single films does
   * (scoreItems); the others (user kNN) score the catalogue and give these films' values. At
   * ml-32m's shape the large-data blend has no user kNN, so a user the model does not know
   * costs per film, not per catalogue.
   */
  scoreItems(history: UserHistory, items: Int32Array, out: Float32Array): void {
    const n = this.itemSupport.length;
    const known = Int32Array.from(items, (i) => (validIndex(i, n) ? i : -1));
    const scores = this.members.map((model, j) => {
      const s = new Float32Array(items.length);
      if (model.scoreItems) model.scoreItems(history, known, s);
      else {
        const full = this.scratch[j]!;
        model.scoreHistory(history, full);
        for (let q = 0; q < items.length; q++) s[q] = known[q]! >= 0 ? full[known[q]!]! : Number.NaN;
      }
      return s;
    });
    this.combine(scores, Math.log1p(history.items.length), known, out, this.mu());
  }

  /**
   * The probability that a member with these training ratings rates each film MISERY_STARS or
   * less, given the stars predicted for it (calibrated on validation); NaN without calibration
   * or for a film the model does not know.
   */
  miseryRisk(userRatings: ArrayLike<number>, items: ArrayLike<number>, stars: ArrayLike<number>): Float32Array {
    const out = new Float32Array(items.length).fill(Number.NaN);
    const m = this.calibration?.misery;
    if (!m) return out;
    let low = 0;
    for (let k = 0; k < userRatings.length; k++) if (userRatings[k]! <= MISERY_STARS) low++;
    const u = smoothedShare(low, userRatings.length, m.prior);
    for (let t = 0; t < items.length; t++) {
      const i = items[t]!;
      if (!validIndex(i, this.itemLowShare.length) || !Number.isFinite(stars[t]!)) continue;
      out[t] = miseryProbability(m, stars[t]!, u, this.itemLowShare[i]!);
    }
    return out;
  }

  /**
   * Members that read the training histories leave them out of their bytes when `h` holds
   * them (the hybrid saves `h` itself); load() then needs attachHistories(h).
   */
  shareHistories(h: Histories): void {
    for (const m of this.members) if (m instanceof ItemKnn || m instanceof UserKnn) m.shareHistories(h);
  }

  /** Hands the training histories to members saved without them. */
  attachHistories(h: Histories): void {
    for (const m of this.members) if (m instanceof ItemKnn || m instanceof UserKnn) m.attachHistories(h);
  }

  save(): Uint8Array {
    const arrays: Record<string, Uint8Array | Float64Array | Float32Array> = {
      weights: this.weights,
      itemLowShare: this.itemLowShare,
      userSupport: this.userSupport,
      itemSupport: this.itemSupport,
    };
    this.members.forEach((model, j) => (arrays[`member${j}`] = model.save()));
    return encodeModel({
      name: this.name,
      meta: {
        params: this.params,
        members: this.members.map((x) => x.name),
        centreUser: this.centre.user,
        centreItem: this.centre.item,
        ...(this.calibration ? { calibration: this.calibration } : {}),
      },
      arrays,
    });
  }

  load(bytes: Uint8Array): void {
    const p = decodeModel(bytes, this.name);
    Object.assign(this.params, p.meta.params as HyperParams);
    const names = p.meta.members as string[];
    this.members = names.map((name, j) => {
      const model = memberFactories[name]!();
      const b = p.arrays[`member${j}`];
      if (!(b instanceof Uint8Array)) throw new Error(`blend member ${j} missing`);
      model.load(b);
      return model;
    });
    this.weights = f64(p, 'weights');
    this.userSupport = f32(p, 'userSupport');
    this.itemSupport = f32(p, 'itemSupport');
    this.centre = { user: num(p, 'centreUser'), item: num(p, 'centreItem') };
    // a model stored before calibration has neither: stars as they were, no misery probability
    this.calibration = (p.meta.calibration as Calibration | undefined) ?? null;
    this.itemLowShare = p.arrays.itemLowShare ? f32(p, 'itemLowShare') : new Float32Array(0);
    this.allocate();
  }
}

/** Per user or per film of `data`, the smoothed share of ratings at or below MISERY_STARS. */
export function lowShares(data: TrainingData, by: 'user' | 'item', prior: number): Float32Array {
  const n = by === 'user' ? data.nUsers : data.nItems;
  const ptr = by === 'user' ? data.userPtr : data.itemPtr;
  const vals = by === 'user' ? data.userRatings : data.itemRatings;
  const out = new Float32Array(n);
  for (let a = 0; a < n; a++) {
    let low = 0;
    for (let k = ptr[a]!; k < ptr[a + 1]!; k++) if (vals[k]! <= MISERY_STARS) low++;
    out[a] = smoothedShare(low, ptr[a + 1]! - ptr[a]!, prior);
  }
  return out;
}
