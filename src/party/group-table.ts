/**
 * The table every group strategy reads: one row per candidate film, one column per member.
 * Its own module so the strategies and the misery veto share it without importing each other.
 */
/** Predicted stars, one row per movie and one column per member. */
export interface GroupTable {
  movieIds: readonly number[];
  /** stars[i][m]: member m's predicted stars (0.5-5) for movieIds[i]; NaN = unknown. */
  stars: readonly (readonly number[])[];
  /**
   * relevance[i][m]: where movieIds[i] sits in member m's own top-N ranking of these
   * candidates, 1 = their first, 0 = their last (see percentileColumns); NaN = unknown.
   * Optional: a rating model says how much a member would like a film if they watched it, a
   * ranker how likely it is to be one they want to watch at all.
   */
  relevance?: readonly (readonly number[])[] | undefined;
  /**
   * misery[i][m]: the calibrated probability that member m rates movieIds[i] 2.5 stars or less
   * (the rating model's misery risk); NaN = unknown. Optional: without it the default strategy
   * vetoes on predicted stars.
   */
  misery?: readonly (readonly number[])[] | undefined;
}
