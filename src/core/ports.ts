/**
 * What the core needs from the recommender, as a port: the core never imports algorithms.
 * src/recommender/service.ts implements it.
 */
import type { PreferenceCatalog, Preferences } from '../nlp/types.js';

export interface Recommendation {
  movieId: number;
  /** Ranking score (model-specific scale, higher is better). */
  score: number;
  /** Predicted stars for this user, 0.5-5, rounded for display by the caller. */
  predicted: number;
  /** One line, e.g. "because you liked Alien and Aliens". */
  reason: string;
  /** Which model contributed most. */
  source: string;
}

export interface RecommendRequest {
  /** Database user id. */
  userId: number;
  limit: number;
  offset?: number | undefined;
  preferences?: Preferences | undefined;
  /** Extra movies to leave out (e.g. already shown this session). Rated/seen/dismissed are always excluded. */
  exclude?: ReadonlySet<number> | undefined;
  /** The diversity step's setting (an experiment variant); default the engine's own. */
  diversity?: { franchiseCap: number; genrePenalty: number } | undefined;
  /**
   * Rank with this published model version instead of the active one (an experiment's model
   * variant). Served by the active model until that version is loaded; the result says which answered.
   */
  modelVersion?: number | undefined;
  /** Ranking parameters to use instead of the model's own (an experiment's ranking-blend variant). */
  rankBlend?: Readonly<Record<string, number>> | undefined;
}

export interface PartyVariant {
  /** The party strategy to use; undefined = the party's own (the control). */
  strategy?: string | undefined;
  experimentId: number;
  variant: string;
}

export interface RecommendResult {
  items: Recommendation[];
  /** Filters that were relaxed because too few movies matched ("dropped: under 90 min"). */
  relaxed: string[];
  /** The model version that answered, when the engine knows it (impressions record it). */
  modelVersion?: number | null | undefined;
}

export interface Explanation {
  movieId: number;
  predicted: number;
  lines: string[];
}

export interface RecommendationEngine {
  recommend(request: RecommendRequest): Promise<RecommendResult>;
  /** Predicted stars for the user on each movie; NaN where nothing can be said. */
  predict(userId: number, movieIds: readonly number[]): Promise<Map<number, number>>;
  /**
   * The calibrated probability that the user rates each movie 2.5 stars or less; NaN where the
   * model cannot say (optional: engines without calibrated stars leave it out).
   */
  misery?(userId: number, movieIds: readonly number[]): Promise<Map<number, number>>;
  similar(movieId: number, limit: number, userId?: number): Promise<Recommendation[]>;
  explain(userId: number, movieId: number): Promise<Explanation>;
  /** Called after every rating change (value null = removed): the next request scores the new history (no retrain). */
  onRatingChanged(userId: number, movieId: number, rating: number | null): Promise<void>;
  /** Called after seen / not-interested marks change. */
  onMarksChanged(userId: number): Promise<void>;
  /**
   * Load a published model version beside the active one so requests pinned to it (an
   * experiment's model variant) are served by it; false when there is no such usable version.
   */
  prepareVersion?(version: number): Promise<boolean>;
  /**
   * The variant of a running watch-party experiment this host is assigned to, if any: the
   * strategy it sets (none for the control) and where impressions of the picks are credited.
   */
  partyVariant?(hostUserId: number): PartyVariant | undefined;
  /** Info about the model in use, for profile and the API. */
  modelInfo(): { version: number | null; algorithm: string; trainedAt: Date | null; metrics: Record<string, number> };
}

/**
 * The language tools the core needs, as a port: src/nlp implements them (parsePreferences,
 * describePreferences, detectIntent); tests may pass their own.
 */
export interface LanguageTools {
  parsePreferences(text: string, catalog: PreferenceCatalog): Preferences;
  /** "Looking for: comedy · 1990-1999 · with Tom Hanks" (label optional); empty when nothing was understood. */
  describePreferences(preferences: Preferences): string;
  /** Free text -> the command it most likely means, with whatever arguments it found. */
  detectIntent(text: string): DetectedIntent;
}

export interface DetectedIntent {
  /** A CommandName, or something else / null when nothing matched. */
  command: string | null;
  args: Record<string, unknown>;
}

/** Title lookup the commands use; the in-memory catalogue implements it. */
export interface TitleFinder {
  findTitles(phrase: string, limit: number): { movieId: number; title: string; score: number }[];
}
