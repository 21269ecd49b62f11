/**
 * The one interface every algorithm implements. Users and items are dense indices
 * (0..nUsers-1, 0..nItems-1) into a TrainingData; ids map back through userIds / itemIds.
 */

/** Catalogue facts the content model uses; index-aligned with TrainingData.itemIds. */
export interface ItemMeta {
  movieId: number;
  title: string;
  year: number | null;
  genres: string[];
  tags: string[];
  keywords: string[];
  directors: string[];
  cast: string[];
  overview: string | null;
  runtime: number | null;
  language: string | null;
}

/**
 * Ratings as parallel columns, in external ids (database user id or MovieLens userId;
 * MovieLens movieId). The unit data.ts loads, splits and turns into TrainingData.
 */
export interface RatingTriples {
  userIds: Int32Array;
  movieIds: Int32Array;
  ratings: Float32Array;
  /** Seconds since the epoch, when known (temporal splits need it). */
  timestamps?: Float64Array | undefined;
}

export interface TrainingData {
  nUsers: number;
  nItems: number;
  /** Number of ratings (= userItems.length = itemUsers.length). */
  nRatings: number;
  /** index -> user id (database id, or MovieLens userId in evaluation). Ascending. */
  userIds: Int32Array;
  /** index -> MovieLens movieId. Ascending. */
  itemIds: Int32Array;
  userIndex: ReadonlyMap<number, number>;
  itemIndex: ReadonlyMap<number, number>;
  /** Ratings by user (CSR): user u rated userItems[userPtr[u] .. userPtr[u+1]) with userRatings. Items ascending. */
  userPtr: Int32Array;
  userItems: Int32Array;
  userRatings: Float32Array;
  /** Ratings by item (CSC): item i was rated by itemUsers[itemPtr[i] .. itemPtr[i+1]). Users ascending. */
  itemPtr: Int32Array;
  itemUsers: Int32Array;
  itemRatings: Float32Array;
  globalMean: number;
  /** Optional metadata for content-based models, index-aligned with itemIds. */
  items?: ItemMeta[] | undefined;
}

/** A user's ratings in the model's item index space: the basis of fold-in scoring. */
export interface UserHistory {
  items: Int32Array;
  ratings: Float32Array;
  /**
   * The user's index in training, when they were there. A model may use learned user state
   * only when the history is still the training history; after a change it must fold in.
   */
  userIndex?: number | undefined;
}

export interface FitOptions {
  /** Progress callback: done out of total units (epochs, users, ...). */
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Worker threads to use where the algorithm parallelises (default: all cores). */
  threads?: number | undefined;
  seed?: number | undefined;
}

/** Hyperparameters: flat, JSON-friendly; what `reelmate tune` searches and writes. */
export type HyperParams = Readonly<Record<string, number | string | boolean>>;

export interface Recommender {
  readonly name: string;
  /** 'rating' models predict stars (0.5-5); 'ranking' models give scores on their own scale. */
  readonly kind: 'rating' | 'ranking';
  /** The hyperparameters in effect (defaults merged with what the factory was given). */
  readonly params: HyperParams;
  fit(data: TrainingData, opts?: FitOptions): Promise<void> | void;
  /**
   * Scores for a training user on the given items (rating models: stars, clamped to 0.5-5).
   * NaN = cannot score (unknown user or item index, nothing to go on); never throws for that.
   */
  predict(user: number, items: Int32Array): Float32Array;
  /**
   * Scores for any history (fold-in, no retrain): writes one score per item into `out`
   * (length nItems); NaN where the model cannot say. An empty history gives the model's
   * best guess for a stranger (e.g. item popularity or biases) or NaN.
   */
  scoreHistory(history: UserHistory, out: Float32Array): void;
  /**
   * Optional: what scoreHistory gives, for a few items only (one score per item of `items`
   * into `out`, NaN where the model cannot say). A model whose fold-in can skip the rest of the
   * catalogue has it: a user the model does not know then costs per film, not per catalogue.
   */
  scoreItems?(history: UserHistory, items: Int32Array, out: Float32Array): void;
  /**
   * Optional: top-N ranking scores (higher is better) when they differ from predict(), e.g. a
   * model that predicts stars with one blend and ranks with another. The evaluation ranks by
   * rank() / rankHistory() when present, else by predict() / scoreHistory().
   */
  rank?(user: number, items: Int32Array): Float32Array;
  rankHistory?(history: UserHistory, out: Float32Array): void;
  /** Serialise the fitted model; `load` on a fresh instance restores it exactly. */
  save(): Uint8Array;
  load(bytes: Uint8Array): void;
}

/** Creates an unfitted recommender; unknown keys in params are ignored, missing ones defaulted. */
export type RecommenderFactory = (params?: HyperParams) => Recommender;
