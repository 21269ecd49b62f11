/**
 * The group pick for a live party: gather candidates from every member's own list (under the
 * party's constraints), leave out anything any member rated, marked seen or dismissed, ask each
 * member's model for their stars on every candidate, and aggregate with a strategy.
 *
 * It talks to the recommender through a small port, so the core (and the HTTP API) can hand
 * it the RecommendationEngine, and tests a stand-in.
 */
import type { RecommendationEngine } from '../core/ports.js';
import type { MarksRepository } from '../db/repositories/marks.js';
import type { RatingsRepository } from '../db/repositories/ratings.js';
import type { Preferences } from '../nlp/types.js';
import { fairnessWeights, type PastParty } from './fairness.js';
import {
  DEFAULT_MISERY_THRESHOLD,
  DEFAULT_RELATIVE_MISERY,
  DEFAULT_RELEVANCE_WEIGHT,
  DEFAULT_STRATEGY,
  STRATEGY_NAMES,
  percentileColumns,
  rankGroup,
  type GroupTable,
  type StrategyName,
} from './strategies.js';

export interface GroupPickPorts {
  /** A member's own top list (the engine excludes their rated / seen / dismissed films). */
  recommend(input: {
    userId: number;
    limit: number;
    preferences?: Preferences | undefined;
    exclude?: ReadonlySet<number> | undefined;
  }): Promise<{ items: { movieId: number }[]; relaxed?: string[] | undefined }>;
  /** Predicted stars per movie for one member (NaN or missing = unknown). */
  predict(userId: number, movieIds: readonly number[]): Promise<Map<number, number>>;
  /** Calibrated P(rating of 2.5 or less) per movie for one member; optional (older engines). */
  misery?(userId: number, movieIds: readonly number[]): Promise<Map<number, number>>;
  /** What this member rated, marked seen or dismissed. */
  excluded(userId: number): Promise<ReadonlySet<number>>;
}

/** The ports from the recommendation engine and the repositories (bot, HTTP API). */
export function enginePorts(
  engine: Pick<RecommendationEngine, 'recommend' | 'predict' | 'misery'>,
  repos: { ratings: Pick<RatingsRepository, 'forUser'>; marks: Pick<MarksRepository, 'forUser'> },
): GroupPickPorts {
  return {
    recommend: (input) => engine.recommend(input),
    predict: (userId, movieIds) => engine.predict(userId, movieIds),
    ...(engine.misery ? { misery: (userId: number, movieIds: readonly number[]) => engine.misery!(userId, movieIds) } : {}),
    async excluded(userId) {
      const [ratings, marks] = await Promise.all([repos.ratings.forUser(userId), repos.marks.forUser(userId)]);
      return new Set([...ratings.map((r) => r.movieId), ...marks.map((m) => m.movieId)]);
    },
  };
}

export interface GroupPickRequest {
  userIds: readonly number[];
  strategy?: StrategyName | undefined;
  limit?: number | undefined;
  preferences?: Preferences | undefined;
  /** Candidates drawn from each member's own list. */
  perMember?: number | undefined;
  miseryThreshold?: number | undefined;
  /** Drop a film in any member's bottom share of their predictions over the candidates (0 = off). */
  relativeMisery?: number | undefined;
  /** Stars added per unit of mean member relevance (position in their own list; 0 = off). */
  relevanceWeight?: number | undefined;
  /** Past parties of this group, most recent first (member keys = user ids as strings): fairness. */
  history?: readonly PastParty[] | undefined;
}

export interface GroupPickItem {
  movieId: number;
  /**
   * The strategy's score without the relevance bonus: for the star-based strategies the
   * group's stars, which is what cards show; the list order includes the bonus.
   */
  groupScore: number;
  /** User id (as a string) -> predicted stars; members without a prediction are absent. */
  memberPredictions: Record<string, number>;
  /** User id (as a string) -> calibrated P(rating of 2.5 or less), when the engine gives it. */
  memberRisk?: Record<string, number> | undefined;
}

export interface GroupPickResult {
  items: GroupPickItem[];
  /** Constraints a member's list had to relax (union, for the card). */
  relaxed: string[];
}

export const DEFAULT_PICK_LIMIT = 5;
export const DEFAULT_PER_MEMBER = 40;

/**
 * Each member's relevance for each candidate from their own list: its percentile in that
 * member's ranking of the candidates, where the films their list did not reach share the
 * bottom places. 1 = first on their list. Pure.
 */
export function listRelevance(candidates: readonly number[], lists: readonly (readonly number[])[]): number[][] {
  const ranks = lists.map((list) => {
    const pos = new Map<number, number>();
    list.forEach((movieId) => {
      if (!pos.has(movieId)) pos.set(movieId, list.length - pos.size);
    });
    return pos;
  });
  return percentileColumns(candidates.map((m) => ranks.map((r) => r.get(m) ?? 0)));
}

export function isStrategyName(s: string): s is StrategyName {
  return (STRATEGY_NAMES as readonly string[]).includes(s);
}

export async function groupPick(ports: GroupPickPorts, req: GroupPickRequest): Promise<GroupPickResult> {
  const members = [...new Set(req.userIds)];
  if (members.length === 0) return { items: [], relaxed: [] };
  const strategy = req.strategy ?? DEFAULT_STRATEGY;
  const limit = req.limit ?? DEFAULT_PICK_LIMIT;
  const perMember = req.perMember ?? DEFAULT_PER_MEMBER;

  const exclusions = await Promise.all(members.map((u) => ports.excluded(u)));
  const excluded = new Set<number>();
  for (const set of exclusions) for (const m of set) excluded.add(m);

  const lists = await Promise.all(
    members.map(async (u) => {
      const wide = await ports.recommend({ userId: u, limit: perMember, preferences: req.preferences, exclude: excluded });
      // The engine relaxes constraints to fill a long list; a short list that keeps them
      // is better, so ask again for just enough before accepting a relaxation.
      if (!wide.relaxed?.length || perMember <= limit) return wide;
      const narrow = await ports.recommend({ userId: u, limit, preferences: req.preferences, exclude: excluded });
      return narrow.relaxed?.length ? wide : narrow;
    }),
  );
  const relaxed = [...new Set(lists.flatMap((l) => l.relaxed ?? []))];
  const candidates: number[] = [];
  const seen = new Set<number>();
  for (const list of lists) {
    for (const { movieId } of list.items) {
      if (excluded.has(movieId) || seen.has(movieId)) continue;
      seen.add(movieId);
      candidates.push(movieId);
    }
  }
  if (candidates.length === 0) return { items: [], relaxed };

  const predictions = await Promise.all(members.map((u) => ports.predict(u, candidates)));
  const risks = ports.misery ? await Promise.all(members.map((u) => ports.misery!(u, candidates))) : null;
  // the default strategy weighs relevance inside its own score; the bonus is the older strategies'
  const relevanceWeight = strategy === 'relevance_without_misery' ? 0 : (req.relevanceWeight ?? DEFAULT_RELEVANCE_WEIGHT);
  const table: GroupTable = {
    movieIds: candidates,
    stars: candidates.map((m) => predictions.map((p) => p.get(m) ?? NaN)),
    relevance: listRelevance(
      candidates,
      lists.map((l) => l.items.map((i) => i.movieId)),
    ),
    misery: risks ? candidates.map((m) => risks.map((r) => r.get(m) ?? NaN)) : undefined,
  };
  const keys = members.map(String);
  const weights = strategy === 'fairness' ? fairnessWeights(keys, req.history ?? []) : undefined;
  const opts = {
    miseryThreshold: req.miseryThreshold ?? DEFAULT_MISERY_THRESHOLD,
    relativeMisery: req.relativeMisery ?? DEFAULT_RELATIVE_MISERY,
    memberWeights: weights,
  };
  const ranked = rankGroup(table, strategy, limit, { ...opts, relevanceWeight });
  // The same scores without the relevance bonus: stars for the cards (the order keeps it).
  const stars = relevanceWeight > 0 ? rankGroup(table, strategy, candidates.length, opts) : ranked;
  const starScore = new Map(stars.map((p) => [p.index, p.score]));
  const items = ranked.map((p) => {
    const memberPredictions: Record<string, number> = {};
    table.stars[p.index]!.forEach((s, i) => {
      if (Number.isFinite(s)) memberPredictions[keys[i]!] = Math.round(s * 100) / 100;
    });
    // The default ranks by relevance and risk, not stars: its group score is the mean stars the
    // card shows (to 0.1, as the card lists them), so a tie on votes goes to the film listed first.
    const shown = Object.values(memberPredictions);
    const score =
      strategy === 'relevance_without_misery'
        ? Math.round((shown.reduce((a, b) => a + b, 0) / (shown.length || 1)) * 10) / 10
        : (starScore.get(p.index) ?? p.score);
    const memberRisk: Record<string, number> = {};
    table.misery?.[p.index]?.forEach((r, i) => {
      if (Number.isFinite(r)) memberRisk[keys[i]!] = Math.round(r * 1000) / 1000;
    });
    return {
      movieId: p.movieId,
      groupScore: Math.round(score * 1000) / 1000,
      memberPredictions,
      ...(Object.keys(memberRisk).length ? { memberRisk } : {}),
    };
  });
  return { items, relaxed };
}

/**
 * Past parties as fairness history: per member, the stars they were predicted for the winner
 * and for their favourite candidate.
 */
export function pastParties(
  closed: readonly {
    winnerMovieId: number | null;
    candidates: readonly { movieId: number; memberPredictions: Record<string, number> }[];
  }[],
): PastParty[] {
  const out: PastParty[] = [];
  for (const p of closed) {
    const win = p.candidates.find((c) => c.movieId === p.winnerMovieId);
    if (!win) continue;
    const best: Record<string, number> = {};
    for (const c of p.candidates) {
      for (const [member, s] of Object.entries(c.memberPredictions)) best[member] = Math.max(best[member] ?? -Infinity, s);
    }
    out.push({ winner: { ...win.memberPredictions }, best });
  }
  return out;
}

/**
 * The shape the HTTP API's GroupRecommender expects: strategy names (default first) and a
 * recommend call by user ids.
 */
export function createGroupRecommender(ports: GroupPickPorts) {
  const strategies: readonly string[] = [DEFAULT_STRATEGY, ...STRATEGY_NAMES.filter((s) => s !== DEFAULT_STRATEGY)];
  return {
    strategies,
    async recommend(input: { userIds: number[]; strategy: string; limit: number; preferences?: Preferences }) {
      const strategy = isStrategyName(input.strategy) ? input.strategy : DEFAULT_STRATEGY;
      const { items } = await groupPick(ports, { userIds: input.userIds, strategy, limit: input.limit, preferences: input.preferences });
      const names = input.userIds.map(String);
      return items.map((item) => ({ ...item, reason: reasonLine(names, item) }));
    },
  };
}

function reasonLine(keys: readonly string[], item: GroupPickItem): string {
  const stars = keys.map((k) => item.memberPredictions[k] ?? NaN).filter((s) => Number.isFinite(s));
  if (stars.length === 0) return 'a popular pick';
  const low = Math.min(...stars);
  return `every member ${(Math.floor(low * 10) / 10).toFixed(1)}★ or more`;
}
