/**
 * The hybrid: predicts stars with the learned rating blend and ranks top-N with a blend of
 * rankers, measured on fold 0 of the shared split and tuned on a validation part carved
 * from its training data (never the test):
 *
 *   score = (w_ease * EASE + w_content * content + w_rp3 * RP3beta)   each scaled to the user's max
 *           * (1 + w_stars * liking)            liking = (baseline stars - pivot) / (5 - pivot), floored at 0
 *           * (1 + max(count, floor))^-g        coverage: popular films pay a little, g by history length
 *           + cold terms                        (the combination: rank-blend.ts)
 *
 * Weights slide from cold to warm values as a history grows to `coldHistory` ratings: with a
 * handful of ratings co-occurrence and popularity carry the list; with none it is the
 * damped-quality popularity (the end of the fallback chain). Movies nobody rated are scored
 * by the content model only.
 */
import { decodeModel, encodeModel, f32, i32, type ModelArray } from './codec.js';
import { historiesFromArrays, historiesOf, historiesToArrays, historyOf, type Histories } from './algorithms/item-graph.js';
import { ContentModel } from './algorithms/content.js';
import { largeDataParams, sampleUsers } from './large-data.js';
import { Ease } from './algorithms/ease.js';
import { Rp3Beta } from './algorithms/rp3beta.js';
import { blendComponents, penaltyExponent, penaltyValues, type Component } from './rank-blend.js';
import { memberParams, RatingBlend } from './rating-blend.js';
import { tuneBlend, type BlendTuneSummary, type RawComponents } from './blend-tune.js';
import type { FitOptions, HyperParams, ItemMeta, Recommender, TrainingData, UserHistory } from './types.js';

/**
 * The ranking weights were chosen by `reelmate tune --algorithms hybrid --split
 * ml-latest-small.random5.csv:0 --trials 120`: NDCG@10 on two validation parts carved from
 * fold 0's training part, among settings with coverage@10 of at least 10% there (0.1909 at
 * 10.1%; the previous defaults 0.1857 at 10.8%). The test part was not looked at.
 */
export const HYBRID_DEFAULTS = {
  wEase: 1,
  wRp3: 0,
  wContent: 0.15,
  wPop: 0,
  /** Predicted stars as a ranking signal: relevant means watched AND liked. */
  wStars: 1,
  /** Predicted stars at or below this give no boost (relevant means 4 stars or more). */
  starsPivot: 3.25,
  /** Coverage: the blended score is divided by (1 + ratings count)^g, g = popPenalty at penaltyRefHistory ratings. */
  popPenalty: 0.4,
  /**
   * g scales with the history as (ratings / penaltyRefHistory)^penaltyHistoryExp. A negative
   * exponent penalises short histories harder: their lists are the blockbusters everybody
   * gets (the duplicates that cost coverage), while a long history has already rated those
   * and its co-occurrence scores point past them, so a strong penalty there mostly costs hits.
   */
  penaltyHistoryExp: -0.1,
  penaltyRefHistory: 50,
  /**
   * Short histories say little: below coldHistory ratings the popularity penalty fades out and
   * a popularity term (weight coldPop, shrinking as the history grows) fades in.
   */
  coldHistory: 10,
  coldPop: 0.7,
  /**
   * Weights at an (almost) empty history; each weight slides from its cold value to its warm
   * one as the history grows to coldHistory ratings. With a handful of ratings, plain
   * co-occurrence (RP3beta with beta 0) and popularity beat EASE (validation, 5-rating users).
   */
  coldRp3: 1,
  coldEase: 0.3,
  coldContent: 0,
  coldStars: 0,
  /** Films with fewer ratings than this are penalised as if they had this many (no bonus for obscurity itself). */
  penaltyFloor: 5,
  /** Cold users: weight of damped mean rating against popularity. */
  coldQuality: 0.5,
  /** Damping (pseudo-ratings at the global mean) for item means. */
  damping: 10,
  /** Star model: 'rating-blend' (learned blend of the rating models) or 'baseline' (biases only, fast). */
  stars: 'rating-blend',
  /** Baseline star model regularisation (item, user). */
  regItem: 10,
  regUser: 5,
  rp3Beta: 0,
  rp3TopK: 100,
  easeLambda: 300,
  easeRatingWeight: 0.5,
  easeMaxUsers: 2500,
  easeMaxItems: 1200,
  /**
   * Tune the ranking blend and the coverage trade-off on a validation part of this training
   * data before fitting (blend-tune.ts). Off for a bare `new Hybrid()` (tests, tools); the
   * trainer, the first start and `reelmate eval` turn it on.
   */
  tune: false,
  tuneTrials: 60,
  /** Wall-clock budget of the tuning, seconds (a safety net: the trial count normally ends it). */
  tuneSeconds: 120,
  /** Relative validation NDCG@10 the coverage rule may give up for more coverage. */
  tuneTolerance: 0.01,
} as const;

export interface ItemStats {
  count: Int32Array;
  /** Damped mean rating. */
  quality: Float32Array;
  /** log(1 + count) / log(1 + max count), 0..1. */
  popularity: Float32Array;
}

export type { Component } from './rank-blend.js';

/** A history's per-ranker scores before weighting (see Hybrid.rawComponents). */
export type { RawComponents } from './blend-tune.js';

interface RankerSlot {
  name: string;
  weightKey: string;
  coldKey: string;
  model: Recommender;
}

export class Hybrid implements Recommender {
  readonly name = 'hybrid';
  readonly kind = 'rating' as const;
  private p: Record<string, number | string | boolean>;
  nItems = 0;
  itemIds: Int32Array = new Int32Array(0);
  userIds: Int32Array = new Int32Array(0);
  stats: ItemStats = { count: new Int32Array(0), quality: new Float32Array(0), popularity: new Float32Array(0) };
  private mu = 0;
  private itemBias: Float32Array = new Float32Array(0);
  private hist: Histories | null = null;
  private rankers: RankerSlot[] = [];
  /** The learned star model; null = baseline stars. */
  private starModel: RatingBlend | null = null;
  /** Catalogue metadata from training, when it had some (not saved: the service reloads it). */
  meta: ItemMeta[] | undefined;

  /** Ranking parameters the caller set explicitly: tuning leaves them as given. */
  private readonly fixedKeys: string[];

  constructor(params: HyperParams = {}) {
    this.p = { ...HYBRID_DEFAULTS, ...params };
    this.fixedKeys = Object.keys(params);
  }

  get params(): HyperParams {
    return this.p;
  }

  private num(key: string): number {
    return Number(this.p[key]);
  }

  private makeRankers(): RankerSlot[] {
    return [
      {
        name: 'ease',
        weightKey: 'wEase',
        coldKey: 'coldEase',
        model: new Ease({
          lambda: this.num('easeLambda'),
          ratingWeight: this.num('easeRatingWeight'),
          maxUsers: this.num('easeMaxUsers'),
          maxItems: this.num('easeMaxItems'),
          maxUserRatings: this.num('easeMaxUserRatings') || 0,
          keepHistory: false,
        }),
      },
      { name: 'content', weightKey: 'wContent', coldKey: 'coldContent', model: new ContentModel({ keepHistory: false }) },
      {
        name: 'rp3beta',
        weightKey: 'wRp3',
        coldKey: 'coldRp3',
        model: new Rp3Beta({
          beta: this.num('rp3Beta'),
          topK: this.num('rp3TopK'),
          maxUserRatings: this.num('rp3MaxUserRatings') || 0,
          keepHistory: false,
        }),
      },
    ];
  }

  /** What the last tuning found (kept with the model), or null when it did not tune. */
  tuning: BlendTuneSummary | null = null;

  async fit(data: TrainingData, opts?: FitOptions): Promise<void> {
    this.tuning = null;
    // large data: cheaper co-occurrence passes, no user kNN, tuning on a sample (large-data.ts)
    this.p = { ...this.p, ...largeDataParams(data.nRatings, this.fixedKeys) };
    if (this.p.tune === true) {
      const r = await tuneBlend(sampleUsers(data, this.num('tuneMaxRatings') || 0, opts?.seed), this.p, (p) => new Hybrid(p), {
        trials: this.num('tuneTrials'),
        seconds: this.num('tuneSeconds'),
        tolerance: this.num('tuneTolerance'),
        seed: opts?.seed,
        fixed: this.fixedKeys,
      });
      this.p = { ...this.p, ...r.params };
      this.tuning = r.summary;
    }
    this.nItems = data.nItems;
    this.itemIds = data.itemIds;
    this.index = null;
    this.userIds = data.userIds;
    this.meta = data.items;
    this.hist = historiesOf(data);
    this.fitStats(data);
    // rankers with no weight are not fitted (tuning may switch one off), except RP3beta:
    // its sparse item-item rows explain picks ("because you liked ...") and are cheap
    this.rankers = this.makeRankers().filter((r) => this.num(r.weightKey) > 0 || this.num(r.coldKey) > 0 || r.name === 'rp3beta');
    for (const r of this.rankers) await r.model.fit(data, { ...opts, onProgress: undefined });
    this.starModel = null;
    if (this.p.stars === 'rating-blend' && data.nRatings > 0) {
      const blend = new RatingBlend(memberParams(this.p, 'rating-blend'));
      await blend.fit(data, { ...opts, onProgress: undefined });
      this.starModel = blend;
    }
  }

  private fitStats(data: TrainingData): void {
    const n = data.nItems;
    const mu = data.globalMean;
    const damping = this.num('damping');
    const regItem = this.num('regItem');
    const count = new Int32Array(n);
    const quality = new Float32Array(n);
    const popularity = new Float32Array(n);
    const bias = new Float32Array(n);
    let maxCount = 1;
    for (let i = 0; i < n; i++) {
      const a = data.itemPtr[i]!;
      const b = data.itemPtr[i + 1]!;
      let sum = 0;
      for (let p = a; p < b; p++) sum += data.itemRatings[p]!;
      count[i] = b - a;
      maxCount = Math.max(maxCount, b - a);
      quality[i] = (sum + damping * mu) / (b - a + damping);
      bias[i] = (sum - (b - a) * mu) / (b - a + regItem);
    }
    const lm = Math.log1p(maxCount);
    for (let i = 0; i < n; i++) popularity[i] = Math.log1p(count[i]!) / lm;
    this.stats = { count, quality, popularity };
    this.penaltyCache = null;
    this.mu = mu;
    this.itemBias = bias;
  }

  /** The star fallback: global mean + item bias + the history's folded-in user bias. */
  private baselineStars(history: UserHistory, out: Float32Array): void {
    const bu = this.userBias(history);
    for (let i = 0; i < this.nItems; i++) out[i] = clampStars(this.mu + bu + this.itemBias[i]!);
  }

  /**
   * Predicted stars for a few items. A training user whose history is unchanged uses the
   * blend's learned user state (history.userIndex); anyone else is folded in.
   */
  predictStars(history: UserHistory, items: Int32Array): Float32Array {
    const res = new Float32Array(items.length);
    const u = history.userIndex;
    const trained = this.starModel && u !== undefined && this.hist ? historyOf(this.hist, u) : null;
    if (this.starModel && trained && u !== undefined) {
      // A training user: the blend's learned state, shifted by how far the new ratings moved
      // the user's folded-in bias (zero when nothing changed). A fold-in of the whole blend
      // costs tens of milliseconds; this costs one pass over the history.
      const p = this.starModel.predict(u, items);
      const bu = this.userBias(history);
      const shift = bu - this.userBias(trained);
      for (let t = 0; t < items.length; t++) {
        const i = items[t]!;
        const inRange = i >= 0 && i < this.nItems;
        res[t] = Number.isFinite(p[t]!) ? clampStars(p[t]! + shift) : inRange ? clampStars(this.mu + bu + this.itemBias[i]!) : Number.NaN;
      }
      return res;
    }
    const all = new Float32Array(this.nItems);
    this.starsForHistory(history, all);
    for (let t = 0; t < items.length; t++) res[t] = all[items[t]!] ?? Number.NaN;
    return res;
  }

  /**
   * The calibrated probability that this history's owner rates each film 2.5 stars or less
   * (calibration.ts); NaN when the star model has no calibration (older or baseline models).
   */
  miseryRisk(history: UserHistory, items: Int32Array, stars: Float32Array = this.predictStars(history, items)): Float32Array {
    if (!this.starModel) return new Float32Array(items.length).fill(Number.NaN);
    return this.starModel.miseryRisk(history.ratings, items, stars);
  }

  private userBias(history: UserHistory): number {
    let sum = 0;
    for (let t = 0; t < history.items.length; t++) {
      const i = history.items[t]!;
      sum += history.ratings[t]! - this.mu - (i >= 0 && i < this.nItems ? this.itemBias[i]! : 0);
    }
    return history.items.length ? sum / (history.items.length + this.num('regUser')) : 0;
  }

  /** Training user index of an external user id (database id), or undefined. */
  userIndexOf(userId: number): number | undefined {
    let lo = 0;
    let hi = this.userIds.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.userIds[mid]!;
      if (v === userId) return mid;
      if (v < userId) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** Predicted stars for every item (0.5-5): the learned blend, else the baseline. */
  starsForHistory(history: UserHistory, out: Float32Array): void {
    if (!this.starModel) {
      this.baselineStars(history, out);
      return;
    }
    this.starModel.scoreHistory(history, out);
    let fallback: Float32Array | null = null;
    for (let i = 0; i < out.length; i++) {
      const v = out[i]!;
      if (Number.isFinite(v)) out[i] = clampStars(v);
      else {
        if (!fallback) {
          fallback = new Float32Array(this.nItems);
          this.baselineStars(history, fallback);
        }
        out[i] = fallback[i]!;
      }
    }
  }

  scoreHistory(history: UserHistory, out: Float32Array): void {
    if (out.length === this.nItems) return this.starsForHistory(history, out);
    const all = new Float32Array(this.nItems);
    this.starsForHistory(history, all);
    out.fill(Number.NaN);
    out.set(all.subarray(0, Math.min(out.length, this.nItems)));
  }

  predict(user: number, items: Int32Array): Float32Array {
    const res = new Float32Array(items.length).fill(Number.NaN);
    const h = this.hist ? historyOf(this.hist, user) : null;
    if (!h) return res;
    if (this.starModel) {
      // a training user: the blend's learned user state beats a fold-in
      const p = this.starModel.predict(user, items);
      const base = new Float32Array(this.nItems);
      this.baselineStars(h, base);
      for (let t = 0; t < items.length; t++) {
        const i = items[t]!;
        if (i < 0 || i >= this.nItems) continue;
        res[t] = Number.isFinite(p[t]!) ? clampStars(p[t]!) : base[i]!;
      }
      return res;
    }
    const all = new Float32Array(this.nItems);
    this.starsForHistory(h, all);
    for (let t = 0; t < items.length; t++) {
      const i = items[t]!;
      if (i >= 0 && i < this.nItems) res[t] = all[i]!;
    }
    return res;
  }

  /** Cold users: popularity tempered by damped quality. */
  coldScores(out: Float32Array): void {
    const q = this.num('coldQuality');
    const { popularity, quality } = this.stats;
    for (let i = 0; i < this.nItems; i++) out[i] = (1 - q) * popularity[i]! + q * Math.max(0, (quality[i]! - 2.5) / 2.5) * popularity[i]!;
  }

  /**
   * Each fitted ranker's scores for a history, scaled to its own max, and the baseline stars:
   * what the blend weights multiply. `all` scores every fitted ranker (tuning reuses these
   * across many weight settings); otherwise only the rankers with weight at this warmth.
   */
  rawComponents(history: UserHistory, warm: number = this.warmth(history), all = false): RawComponents {
    const rankers: { name: string; scores: Float32Array }[] = [];
    for (const r of this.rankers) {
      if (!all && this.blendWeight(r.weightKey, r.coldKey, warm) === 0) continue;
      const s = new Float32Array(this.nItems);
      r.model.scoreHistory(history, s);
      let max = 0;
      for (let i = 0; i < s.length; i++) if (s[i]! > max) max = s[i]!;
      const inv = max > 0 ? 1 / max : 0;
      for (let i = 0; i < s.length; i++) {
        const v = s[i]!;
        s[i] = Number.isFinite(v) ? v * inv : 0;
      }
      rankers.push({ name: r.name, scores: s });
    }
    let baseStars: Float32Array | null = null;
    if (all || this.blendWeight('wStars', 'coldStars', warm) !== 0) {
      // baseline stars: as good for ordering as the blend here (measured) and O(items), not O(items x neighbours)
      baseStars = new Float32Array(this.nItems);
      this.baselineStars(history, baseStars);
    }
    return { rankers, baseStars };
  }

  /** The weighted components for raw scores under the current parameters (pure in the scores). */
  weighComponents(raw: RawComponents, warm: number): Component[] {
    const out: Component[] = [];
    for (const r of raw.rankers) {
      const slot = this.slotKeys[r.name];
      const w = slot ? this.blendWeight(slot[0], slot[1], warm) : 0;
      if (w !== 0) out.push({ name: r.name, weight: w, scores: r.scores });
    }
    const wStars = this.blendWeight('wStars', 'coldStars', warm);
    if (wStars !== 0 && raw.baseStars) {
      const s = new Float32Array(this.nItems);
      const pivot = Math.min(4.5, this.num('starsPivot'));
      for (let i = 0; i < s.length; i++) s[i] = Math.max(0, (raw.baseStars[i]! - pivot) / (5 - pivot));
      out.push({ name: 'rating', weight: wStars, scores: s });
    }
    out.push({ name: 'popularity', weight: this.num('wPop'), scores: this.stats.popularity });
    return out;
  }

  private readonly slotKeys: Record<string, [string, string]> = {
    ease: ['wEase', 'coldEase'],
    content: ['wContent', 'coldContent'],
    rp3beta: ['wRp3', 'coldRp3'],
  };

  /** Each component's scaled scores for a history; the blend is their weighted sum. */
  components(history: UserHistory, warm: number = this.warmth(history)): Component[] {
    if (history.items.length === 0) {
      const s = new Float32Array(this.nItems);
      this.coldScores(s);
      return [{ name: 'popularity', weight: 1, scores: s }];
    }
    return this.weighComponents(this.rawComponents(history, warm), warm);
  }

  /** Replaces ranking parameters in place (tuning tries many on one fitted model). */
  setRankingParams(params: HyperParams): void {
    this.p = { ...this.p, ...params };
    this.penaltyCache = null;
  }

  /** Ranking scores for any history (higher is better); the evaluation ranks by these. See rank-blend.ts. */
  rankHistory(history: UserHistory, out: Float32Array, parts?: Component[], warm: number = this.warmth(history)): void {
    const g = this.penaltyExponent(history, warm);
    blendComponents(parts ?? this.components(history, warm), out, {
      hasHistory: history.items.length > 0,
      penalty: g > 0 ? this.penalty(g) : null,
      coldPop: this.num('coldPop') * (1 - warm),
      count: this.stats.count,
    });
  }

  private blendWeight(warmKey: string, coldKey: string, warm: number): number {
    return warm * this.num(warmKey) + (1 - warm) * this.num(coldKey);
  }

  /** 0 for an empty history, 1 from coldHistory ratings on. */
  warmth(history: UserHistory): number {
    return Math.min(1, history.items.length / Math.max(1, this.num('coldHistory')));
  }

  /** The popularity-penalty exponent for a history (0 when empty); see penaltyHistoryExp. */
  penaltyExponent(history: UserHistory, warm: number = this.warmth(history)): number {
    return penaltyExponent(history.items.length, warm, {
      popPenalty: this.num('popPenalty'),
      penaltyHistoryExp: this.num('penaltyHistoryExp'),
      penaltyRefHistory: this.num('penaltyRefHistory'),
      coldHistory: this.num('coldHistory'),
    });
  }

  private penaltyCache: { g: number; values: Float32Array } | null = null;
  /**
   * The penalty table for exponent g, valid until the next call: one buffer, refilled when g
   * changes (it changes with the history length; the scoring is synchronous, so nobody holds it).
   */
  private penalty(g: number): Float32Array {
    if (this.penaltyCache?.g !== g || this.penaltyCache.values.length !== this.nItems) {
      this.penaltyCache = { g, values: penaltyValues(this.stats.count, this.num('penaltyFloor'), g, this.penaltyCache?.values) };
    }
    return this.penaltyCache.values;
  }

  /** Ranking scores for a training user (evaluation). */
  rank(user: number, items: Int32Array): Float32Array {
    const res = new Float32Array(items.length).fill(Number.NaN);
    const h = this.hist ? historyOf(this.hist, user) : null;
    if (!h) return res;
    const all = new Float32Array(this.nItems);
    this.rankHistory(h, all);
    for (let t = 0; t < items.length; t++) res[t] = all[items[t]!] ?? Number.NaN;
    return res;
  }

  private index: Map<number, number> | null = null;
  /** Item index of a movie id, or undefined when the model does not know it. */
  itemIndexOf(movieId: number): number | undefined {
    if (!this.index) {
      this.index = new Map();
      for (let i = 0; i < this.itemIds.length; i++) this.index.set(this.itemIds[i]!, i);
    }
    return this.index.get(movieId);
  }

  /** The item-item weights of the collaborative ranker, for explanations and "similar". */
  collaborativeRow(item: number): { cols: Int32Array; vals: Float32Array } {
    const rp3 = this.rankers.find((r) => r.model instanceof Rp3Beta)?.model as Rp3Beta | undefined;
    const w = rp3?.weights;
    if (!w || item < 0 || item >= w.nItems) return { cols: new Int32Array(0), vals: new Float32Array(0) };
    const a = w.rowPtr[item]!;
    const b = w.rowPtr[item + 1]!;
    return { cols: w.cols.subarray(a, b), vals: w.vals.subarray(a, b) };
  }

  save(): Uint8Array {
    const arrays: Record<string, ModelArray> = {
      itemIds: this.itemIds,
      userIds: this.userIds,
      count: this.stats.count,
      quality: this.stats.quality,
      popularity: this.stats.popularity,
      itemBias: this.itemBias,
      ...(this.hist ? historiesToArrays(this.hist) : {}),
    };
    for (const r of this.rankers) arrays[`ranker.${r.name}`] = r.model.save();
    if (this.starModel) {
      // one copy of the per-rating arrays: the star model's readers of them use this.hist
      if (this.hist) this.starModel.shareHistories(this.hist);
      arrays.stars = this.starModel.save();
    }
    return encodeModel({
      name: this.name,
      meta: { params: this.p, mu: this.mu, rankers: this.rankers.map((r) => r.name), ...(this.tuning ? { tuning: this.tuning } : {}) },
      arrays,
    });
  }

  load(bytes: Uint8Array): void {
    const p = decodeModel(bytes, this.name);
    // models stored before tuning was part of training have no `tuning`: they load as they were
    const meta = p.meta as { params: Record<string, number | string | boolean>; mu: number; rankers: string[]; tuning?: BlendTuneSummary };
    this.p = { ...HYBRID_DEFAULTS, ...meta.params };
    this.tuning = meta.tuning ?? null;
    this.mu = meta.mu;
    this.itemIds = i32(p, 'itemIds');
    this.index = null;
    this.userIds = i32(p, 'userIds');
    this.nItems = this.itemIds.length;
    this.stats = { count: i32(p, 'count'), quality: f32(p, 'quality'), popularity: f32(p, 'popularity') };
    this.penaltyCache = null;
    this.itemBias = f32(p, 'itemBias');
    this.hist = p.arrays['hist.userPtr'] ? historiesFromArrays(p) : null;
    this.rankers = this.makeRankers().filter((r) => meta.rankers.includes(r.name));
    for (const r of this.rankers) {
      const blob = p.arrays[`ranker.${r.name}`];
      if (!(blob instanceof Uint8Array)) throw new Error(`hybrid: missing ranker ${r.name}`);
      r.model.load(blob);
    }
    const stars = p.arrays.stars;
    this.starModel = null;
    if (stars instanceof Uint8Array) {
      this.starModel = new RatingBlend(memberParams(this.p, 'rating-blend'));
      this.starModel.load(stars);
      if (this.hist) this.starModel.attachHistories(this.hist);
    }
  }
}

export function clampStars(x: number): number {
  return x < 0.5 ? 0.5 : x > 5 ? 5 : x;
}

export const createHybrid = (params?: HyperParams): Recommender => new Hybrid(params);
