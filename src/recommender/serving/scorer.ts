/**
 * The engine's requests over one loaded model, given a user's ratings and exclusions as plain
 * arrays: what a worker thread runs (serving/worker.ts) and, with no workers, the service on
 * its own thread. Keeps each user's history and whole-catalogue scores between requests, keyed
 * by a stamp the caller moves whenever the user's ratings change, so another page, limit or
 * wish for the same user only filters and picks.
 */
import { LRUCache } from 'lru-cache';
import type { Explanation, Recommendation, RecommendResult } from '../../core/ports.js';
import type { Preferences } from '../../nlp/types.js';
import { becauseYouLiked, explainPick } from '../explain.js';
import type { DiversityOptions } from '../diversity.js';
import {
  displayTitle,
  explainContext,
  recommendPicks,
  scoreUser,
  userScoresBytes,
  type ServingModel,
  type UserScores,
} from '../pipeline.js';
import { overridesKey, type RankingOverrides } from '../ranking-params.js';
import { planConstraints } from '../constraints.js';
import { ScoreCache } from '../result-cache.js';
import { candidateRankingBytes, CandidateRetriever, type CandidateRanking, type CandidateSettings } from './candidate-scores.js';
import { similarityToSeeds, similarReason } from '../similar.js';
import { topK } from '../topk.js';
import type { UserHistory } from '../types.js';

/** A user as the caller knows them: ratings and marks read from the database. */
export interface UserInput {
  userId: number;
  /** Moves whenever the user's ratings change (never reused for other ratings of this user). */
  stateKey: number;
  /** Rated movies and their stars, parallel. */
  movieIds: Int32Array;
  ratings: Float32Array;
  /** Movies never to show besides the rated ones: seen, not interested, the request's own exclusions. */
  excluded: Int32Array;
}

export interface RecommendArgs {
  user: UserInput;
  limit: number;
  offset?: number | undefined;
  preferences?: Preferences | undefined;
  /** An experiment variant's diversity setting (default: the pipeline's). */
  diversity?: DiversityOptions | undefined;
  /** An experiment variant's ranking blend: ranking parameters to use instead of the model's. */
  blend?: RankingOverrides | undefined;
}

/** Ranking-blend views kept (one per variant of the running experiments; a few objects each). */
const MAX_BLEND_VIEWS = 16;

/** Histories kept per user; a user past this is rebuilt from the arrays the next request brings. */
const MAX_HISTORIES = 20_000;
/** Whole-catalogue scores kept for reuse: about 160 KB a user on ml-latest-small. */
export const DEFAULT_SCORE_BYTES = 64 * 2 ** 20;

interface RankingView {
  model: ServingModel;
  retriever: CandidateRetriever | null;
}

export class Scorer {
  private readonly histories = new LRUCache<number, { stateKey: number; history: UserHistory }>({ max: MAX_HISTORIES });
  private readonly scores: ScoreCache<UserScores>;
  /** Ranking-blend views (experiment variants): the model with other ranking parameters, and its own retriever. */
  private readonly views = new Map<string, RankingView>();
  /** Candidates before ranking, when the catalogue is big enough (settings.minFilms); else null. */
  private readonly retriever: CandidateRetriever | null;
  /** Candidate rankings (a few KB each, spread to the catalogue per request), apart from the whole-catalogue scores. */
  private readonly candidateScores: ScoreCache<CandidateRanking>;

  private readonly candidateSettings: CandidateSettings | undefined;
  private excludedScratch: Uint8Array | undefined;

  constructor(
    readonly model: ServingModel,
    maxScoreBytes = DEFAULT_SCORE_BYTES,
    candidates?: CandidateSettings,
  ) {
    const big = candidates !== undefined && model.hybrid.nItems >= candidates.minFilms;
    this.retriever = big ? new CandidateRetriever(model.hybrid, candidates) : null;
    this.candidateSettings = big ? candidates : undefined;
    // a quarter of the budget holds thousands of candidate rankings; the rest whole-catalogue scores for wishes
    this.scores = new ScoreCache<UserScores>(big ? (maxScoreBytes * 3) / 4 : maxScoreBytes, userScoresBytes);
    this.candidateScores = new ScoreCache<CandidateRanking>(big ? maxScoreBytes / 4 : 0, candidateRankingBytes);
  }

  /** Does this scorer rank plain requests from candidates? */
  get usesCandidates(): boolean {
    return this.retriever !== null;
  }

  /** The user's history in the model's item space, rebuilt only when their stamp moved. */
  private historyOf(user: UserInput): UserHistory {
    const kept = this.histories.get(user.userId);
    if (kept && kept.stateKey === user.stateKey) return kept.history;
    const { hybrid } = this.model;
    // typed arrays sorted by item index (no pair objects: a fresh request builds one per rating)
    const index = new Int32Array(user.movieIds.length);
    const at: number[] = [];
    for (let t = 0; t < user.movieIds.length; t++) {
      const i = hybrid.itemIndexOf(user.movieIds[t]!);
      if (i === undefined) continue;
      index[t] = i;
      at.push(t);
    }
    at.sort((a, b) => index[a]! - index[b]!);
    const items = new Int32Array(at.length);
    const ratings = new Float32Array(at.length);
    for (let q = 0; q < at.length; q++) {
      items[q] = index[at[q]!]!;
      ratings[q] = user.ratings[at[q]!]!;
    }
    const history: UserHistory = { items, ratings, userIndex: hybrid.userIndexOf(user.userId) };
    this.histories.set(user.userId, { stateKey: user.stateKey, history });
    return history;
  }

  /** The history's whole-catalogue scores, computed once per history. */
  private scoresOf(userId: number, history: UserHistory, model: ServingModel = this.model): UserScores {
    let scored = this.scores.get(userId, history, model);
    if (!scored) {
      scored = scoreUser(model, history);
      this.scores.set(userId, history, model, scored);
    }
    return scored;
  }

  /**
   * Scores for a request: from candidates when the catalogue is big and the request has no
   * wish that filters, boosts or asks for films like others (those need every film's score:
   * a narrow wish may match none of the candidates).
   */
  private requestScores(
    userId: number,
    history: UserHistory,
    preferences: Preferences | undefined,
    view: RankingView = { model: this.model, retriever: this.retriever },
  ): UserScores {
    const { model, retriever } = view;
    if (!retriever || !this.plain(preferences)) return this.scoresOf(userId, history, model);
    let ranked = this.candidateScores.get(userId, history, model);
    if (!ranked) {
      ranked = retriever.rank(history);
      this.candidateScores.set(userId, history, model, ranked);
    }
    return retriever.spread(ranked);
  }

  private plain(prefs: Preferences | undefined): boolean {
    if (!prefs) return true;
    if (prefs.similarTo.length) return false;
    const plan = planConstraints(prefs, this.model.catalog, null);
    return plan.filters.length === 0 && plan.boost === null;
  }

  /**
   * The films a request may not show, in one array the scorer keeps (cleared per request: a
   * memset of the catalogue is far cheaper than a fresh catalogue-sized buffer per request,
   * which the garbage collector then frees on its own threads, beside the other cores' work).
   * Valid until the next request; a scorer answers one request at a time.
   */
  private exclusions(user: UserInput | null, extra?: number): Uint8Array {
    const { hybrid } = this.model;
    if (this.excludedScratch?.length !== hybrid.nItems) this.excludedScratch = new Uint8Array(hybrid.nItems);
    const ex = this.excludedScratch;
    ex.fill(0);
    const mark = (movieId: number) => {
      const i = hybrid.itemIndexOf(movieId);
      if (i !== undefined) ex[i] = 1;
    };
    if (user) {
      for (const id of user.movieIds) mark(id);
      for (const id of user.excluded) mark(id);
    }
    if (extra !== undefined) mark(extra);
    return ex;
  }

  /** The model as a blend variant ranks: a view sharing the fitted arrays, kept per setting. */
  private viewFor(blend: RankingOverrides | undefined): RankingView {
    const key = overridesKey(blend);
    if (!key) return { model: this.model, retriever: this.retriever };
    let view = this.views.get(key);
    if (!view) {
      const model = { ...this.model, hybrid: this.model.hybrid.withRankingParams(blend!) };
      view = { model, retriever: this.candidateSettings ? new CandidateRetriever(model.hybrid, this.candidateSettings) : null };
      this.views.set(key, view);
      if (this.views.size > MAX_BLEND_VIEWS) this.views.delete(this.views.keys().next().value!);
    }
    return view;
  }

  recommend(args: RecommendArgs): RecommendResult {
    const { hybrid } = this.model;
    if (args.limit <= 0) return { items: [], relaxed: [] };
    const history = this.historyOf(args.user);
    const view = this.viewFor(args.blend);
    const { picks, relaxed } = recommendPicks(
      view.model,
      history,
      {
        limit: args.limit,
        offset: args.offset,
        preferences: args.preferences,
        excluded: this.exclusions(args.user),
        diversity: args.diversity,
      },
      this.requestScores(args.user.userId, history, args.preferences, view),
    );
    return {
      items: picks.map((p) => ({
        movieId: hybrid.itemIds[p.item]!,
        score: p.score,
        predicted: p.predicted,
        reason: p.reason,
        source: p.source,
      })),
      relaxed,
    };
  }

  /** Stars for each movie, NaN where the model does not know it. */
  predict(user: UserInput, movieIds: Int32Array): Float32Array {
    return this.perMovie(movieIds, (history, items) => this.model.hybrid.predictStars(history, items), user);
  }

  /** P(the user rates each movie 2.5 or less), NaN where the model does not know it or has no calibration. */
  misery(user: UserInput, movieIds: Int32Array): Float32Array {
    return this.perMovie(movieIds, (history, items) => this.model.hybrid.miseryRisk(history, items), user);
  }

  /** `score` over the movies the model knows, NaN elsewhere. */
  private perMovie(movieIds: Int32Array, score: (history: UserHistory, items: Int32Array) => Float32Array, user: UserInput): Float32Array {
    const { hybrid } = this.model;
    const out = new Float32Array(movieIds.length).fill(Number.NaN);
    const at: number[] = [];
    const items: number[] = [];
    movieIds.forEach((id, t) => {
      const i = hybrid.itemIndexOf(id);
      if (i === undefined) return;
      at.push(t);
      items.push(i);
    });
    if (!items.length) return out;
    const values = score(this.historyOf(user), Int32Array.from(items));
    at.forEach((t, k) => (out[t] = values[k]!));
    return out;
  }

  similar(movieId: number, limit: number, user: UserInput | null): Recommendation[] {
    const { model } = this;
    const seed = model.hybrid.itemIndexOf(movieId);
    if (seed === undefined || limit <= 0) return [];
    const { components: comps, scores } = similarityToSeeds(model, [seed]);
    const ex = this.exclusions(user, movieId);
    const picks = topK(scores, limit, (i) => ex[i] === 0 && scores[i]! > 0);
    // stars for this user, or, for nobody in particular, for someone who loved the seed
    const history: UserHistory = user ? this.historyOf(user) : { items: Int32Array.of(seed), ratings: Float32Array.of(5) };
    const stars = model.hybrid.predictStars(history, picks);
    const seedTitle = displayTitle(model.meta[seed]?.title ?? '');
    return Array.from(picks, (i, t) => {
      const source = comps.reduce((a, c) => (c.weight * c.scores[i]! > a.weight * a.scores[i]! ? c : a), comps[0]!).name;
      return {
        movieId: model.hybrid.itemIds[i]!,
        score: scores[i]!,
        predicted: stars[t]!,
        reason: similarReason(model.meta[seed]!, model.meta[i]!, seedTitle, source),
        source,
      };
    });
  }

  explain(user: UserInput, movieId: number): Explanation {
    const { model } = this;
    const i = model.hybrid.itemIndexOf(movieId);
    if (i === undefined) return { movieId, predicted: Number.NaN, lines: ["I don't know this movie well enough to say."] };
    const history = this.historyOf(user);
    const comps = this.scoresOf(user.userId, history).components;
    const picks = Int32Array.of(i);
    const predicted = model.hybrid.predictStars(history, picks)[0]!;
    const ctx = explainContext(model, history, comps, () => []);
    const e = explainPick(ctx, i, predicted, becauseYouLiked(ctx, picks, 3).get(i));
    return { movieId, predicted, lines: e.lines };
  }
}
