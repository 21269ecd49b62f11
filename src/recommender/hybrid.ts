/**
 * The hybrid: predicts stars with the learned rating blend and ranks top-N with a blend of
 * rankers, measured on fold 0 of the shared split and tuned on a validation part carved
 * from its training data (never the test):
 *
 *   score = (w_ease * EASE + w_content * content + w_rp3 * RP3beta)   each scaled to the user's max
 *           * (1 + w_stars * liking)            liking = (baseline stars - pivot) / (5 - pivot), floored at 0
 *           * (1 + max(count, floor))^-g        coverage: popular films pay a little, g by history length
 *           + cold terms                        (the combination: rank-blend.ts)
 *   except the first headSize places, kept by the score without the penalty (rank-blend.ts keepHead),
 *   and the last tailSlots of the first 10, which a long-tail film may take within tailRatio of
 *   the displaced film's score (tail-slots.ts)
 *
 * The rankers come from a registry (rankers.ts), the parameters from hybrid-params.ts, and the
 * ranking ones are tuned per deployment (blend-tune.ts). Weights slide from cold to warm values as a history grows to `coldHistory` ratings: with a
 * handful of ratings co-occurrence and popularity carry the list; with none it is the
 * damped-quality popularity (the end of the fallback chain). Movies nobody rated are scored
 * by the content model only.
 */
import { decodeModel, encodeModel, f32, i32, type ModelArray } from './codec.js';
import { historiesFromArrays, historiesOf, historiesToArrays, historyOf, type Histories } from './algorithms/item-graph.js';
import { largeDataParams, sampleUsers } from './large-data.js';
import { Rp3Beta } from './algorithms/rp3beta.js';
import { HYBRID_DEFAULTS } from './hybrid-params.js';
import type { RankingOverrides } from './ranking-params.js';
import { blendComponents, keepHead, penaltyExponent, penaltyValues, type Component } from './rank-blend.js';
import { RANKER_SOURCES, rankerSource, type RankerSource } from './rankers.js';
import { memberParams, RatingBlend } from './rating-blend.js';
import { tailMaxCount, tailSlots } from './tail-slots.js';
import { tuneBlend, type BlendTuneSummary, type RawComponents } from './blend-tune.js';
import type { FitOptions, HyperParams, ItemMeta, Recommender, TrainingData, UserHistory } from './types.js';

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

export { HYBRID_DEFAULTS } from './hybrid-params.js';

interface RankerSlot {
  source: RankerSource;
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

  private makeRankers(sources: readonly RankerSource[] = RANKER_SOURCES): RankerSlot[] {
    const num = (key: string) => this.num(key);
    return sources.map((source) => ({
      source,
      name: source.name,
      weightKey: source.weightKey,
      coldKey: source.coldKey,
      model: source.create(num),
    }));
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
        se: this.num('tuneSe'),
        carves: this.num('tuneCarves'),
        easeLambda: this.p.tuneEaseLambda === true,
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
    this.rankers = this.makeRankers().filter((r) => this.num(r.weightKey) > 0 || this.num(r.coldKey) > 0 || r.source.alwaysFit === true);
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
    this.tailCache = null;
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
    if (this.starModel) {
      // anyone else: folded in, film by film (what starsForHistory gives these films)
      this.starModel.scoreItems(history, items, res);
      const bu = this.userBias(history);
      for (let t = 0; t < items.length; t++) {
        const i = items[t]!;
        const v = res[t]!;
        res[t] = Number.isFinite(v) ? clampStars(v) : i >= 0 && i < this.nItems ? clampStars(this.mu + bu + this.itemBias[i]!) : Number.NaN;
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
      const source = rankerSource(r.name);
      const w = source ? this.blendWeight(source.weightKey, source.coldKey, warm) : 0;
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

  /**
   * The ranking scores of `items` only, for candidates before ranking (candidates.ts): the
   * same blend as rankHistory, with each ranker scaled to its largest value among `items` and
   * the history's films rather than the whole catalogue's (they hold each ranker's best films,
   * so the two agree where it matters). Returns the components and scores index-aligned with `items`.
   */
  rankCandidates(
    history: UserHistory,
    items: Int32Array,
    warm: number = this.warmth(history),
  ): { components: Component[]; scores: Float32Array } {
    const m = items.length;
    const { count, popularity, quality } = this.stats;
    // plain loops: TypedArray.from with a map function goes through the iterator, per element
    const map = <T extends Float32Array | Int32Array>(out: T, from: ArrayLike<number>, f: (i: number) => number): T => {
      for (let t = 0; t < from.length; t++) out[t] = f(from[t]!);
      return out;
    };
    const pick = (full: ArrayLike<number>) => map(new Float32Array(m), items, (i) => full[i]!);
    if (history.items.length === 0) {
      const q = this.num('coldQuality');
      const s = map(
        new Float32Array(m),
        items,
        (i) => (1 - q) * popularity[i]! + q * Math.max(0, (quality[i]! - 2.5) / 2.5) * popularity[i]!,
      );
      return { components: [{ name: 'popularity', weight: 1, scores: s }], scores: s.slice() };
    }
    const components: Component[] = [];
    let full: Float32Array | undefined; // only for a ranker that cannot score single films
    // a ranker's max over the whole catalogue is often one of the user's own films (the content
    // model scores them highest): the history's films join the candidates for the scaling
    const scope = new Int32Array(m + history.items.length);
    scope.set(items);
    scope.set(history.items, m);
    for (const r of this.rankers) {
      const w = this.blendWeight(r.weightKey, r.coldKey, warm);
      if (w === 0) continue;
      let s: Float32Array;
      if (scoresItems(r.model)) r.model.scoreItems(history, scope, (s = new Float32Array(scope.length)));
      else {
        full ??= new Float32Array(this.nItems);
        r.model.scoreHistory(history, full);
        const all = full;
        s = map(new Float32Array(scope.length), scope, (i) => all[i]!);
      }
      let max = 0;
      for (let t = 0; t < s.length; t++) if (s[t]! > max) max = s[t]!;
      s = s.slice(0, m);
      const inv = max > 0 ? 1 / max : 0;
      for (let t = 0; t < m; t++) s[t] = Number.isFinite(s[t]!) ? s[t]! * inv : 0;
      components.push({ name: r.name, weight: w, scores: s });
    }
    const wStars = this.blendWeight('wStars', 'coldStars', warm);
    if (wStars !== 0) {
      const bu = this.userBias(history);
      const pivot = Math.min(4.5, this.num('starsPivot'));
      const s = map(new Float32Array(m), items, (i) => Math.max(0, (clampStars(this.mu + bu + this.itemBias[i]!) - pivot) / (5 - pivot)));
      components.push({ name: 'rating', weight: wStars, scores: s });
    }
    components.push({ name: 'popularity', weight: this.num('wPop'), scores: pick(popularity) });
    const g = this.penaltyExponent(history, warm);
    const floor = this.num('penaltyFloor');
    const counts = map(new Int32Array(m), items, (i) => count[i]!);
    const coldPop = this.num('coldPop') * (1 - warm);
    const maxCount = coldPop > 0 ? this.maxCount() : 1;
    const blend = (penalty: Float32Array | null) => {
      const out = new Float32Array(m);
      blendComponents(components, out, { hasHistory: true, penalty, coldPop: 0, count: counts });
      // the cold popularity term against the whole catalogue's largest count, as rankHistory adds it
      if (coldPop > 0) for (let t = 0; t < m; t++) out[t]! += (coldPop * counts[t]!) / maxCount;
      return out;
    };
    const scores = blend(g > 0 ? map(new Float32Array(m), counts, (c) => Math.exp(-g * Math.log1p(Math.max(c, floor)))) : null);
    // the head of unpenalised places, as rankHistory keeps it (the candidates hold no rated film)
    const head = Math.min(this.num('headSize'), m);
    if (head > 0 && g > 0) keepHead(blend(null), scores, head, () => false);
    this.applyTail(
      scores,
      (t) => counts[t]!,
      () => false,
    );
    return { components, scores };
  }

  private maxCountMemo: { count: Int32Array; max: number } | null = null;

  /** The most ratings any film has (at least 1), found once per fitted model, not per request. */
  private maxCount(): number {
    const { count } = this.stats;
    if (this.maxCountMemo?.count !== count) {
      let max = 1;
      for (let i = 0; i < count.length; i++) if (count[i]! > max) max = count[i]!;
      this.maxCountMemo = { count, max };
    }
    return this.maxCountMemo.max;
  }

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

  /**
   * This fitted model ranking with other ranking parameters (an experiment's blend variant):
   * a shallow view that shares every fitted array, so it costs a few objects, not a model.
   * Only parameters read at ranking time may differ (ranking-params.ts).
   */
  withRankingParams(params: RankingOverrides): Hybrid {
    const view = Object.assign(Object.create(Hybrid.prototype) as Hybrid, this);
    view.setRankingParams(params as HyperParams);
    return view;
  }

  /** Ranking scores for any history (higher is better); the evaluation ranks by these. See rank-blend.ts. */
  rankHistory(history: UserHistory, out: Float32Array, parts?: Component[], warm: number = this.warmth(history)): void {
    const g = this.penaltyExponent(history, warm);
    const comps = parts ?? this.components(history, warm);
    const blend = (into: Float32Array, penalty: Float32Array | null) =>
      blendComponents(comps, into, {
        hasHistory: history.items.length > 0,
        penalty,
        coldPop: this.num('coldPop') * (1 - warm),
        count: this.stats.count,
      });
    blend(out, g > 0 ? this.penalty(g) : null);
    const head = Math.min(this.num('headSize'), out.length);
    let rated: Set<number> | null = null;
    const isRated = (i: number) => (rated ??= new Set(history.items)).has(i);
    if (head > 0 && g > 0) {
      const plain = new Float32Array(out.length);
      blend(plain, null);
      keepHead(plain, out, head, isRated);
    }
    if (history.items.length > 0) this.applyTail(out, (i) => this.stats.count[i]!, isRated);
  }

  /** The long-tail places (tail-slots.ts), when tailSlots > 0; `countOf` maps a score's index to its film's ratings count. */
  private applyTail(out: Float32Array, countOf: (index: number) => number, skip: (index: number) => boolean): void {
    const slots = this.num('tailSlots');
    if (!(slots > 0)) return;
    const max = this.tailMax();
    tailSlots(out, {
      places: this.num('tailPlaces'),
      slots,
      ratio: this.num('tailRatio'),
      isTail: (i) => countOf(i) <= max,
      skip,
    });
  }

  private tailCache: { q: number; max: number } | null = null;
  /** The long tail's largest ratings count for tailQuantile, computed once per value. */
  private tailMax(): number {
    const q = this.num('tailQuantile');
    if (this.tailCache?.q !== q) this.tailCache = { q, max: tailMaxCount(this.stats.count, q) };
    return this.tailCache.max;
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
    this.tailCache = null;
    this.itemBias = f32(p, 'itemBias');
    this.hist = p.arrays['hist.userPtr'] ? historiesFromArrays(p) : null;
    this.rankers = this.makeRankers(RANKER_SOURCES.filter((r) => meta.rankers.includes(r.name)));
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

/** A ranker that can score a few films without the whole catalogue (the content model). */
function scoresItems(m: Recommender): m is Recommender & { scoreItems(h: UserHistory, items: Int32Array, out: Float32Array): void } {
  return typeof (m as { scoreItems?: unknown }).scoreItems === 'function';
}

export function clampStars(x: number): number {
  return x < 0.5 ? 0.5 : x > 5 ? 5 : x;
}

export const createHybrid = (params?: HyperParams): Recommender => new Hybrid(params);
