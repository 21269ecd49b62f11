/**
 * Card actions as engagement events: the card-action dispatcher hands every outcome here, and
 * the ones that are feedback on a film (the buttons that name an `engagement`: rate, seen, not
 * interested, watchlist, more like this, why) are buffered for the recorder, which links each
 * to the impression it came from.
 */
import type { EngagementAction } from '../db/repositories/insights.js';

interface ActionLike {
  kind: string;
  movieId?: number | undefined;
  stars?: number | undefined;
}

interface CtxLike {
  user: { id: number };
  services: {
    insights?:
      | {
          recordEngagement(row: { userId: number; movieId: number; action: EngagementAction; stars: number | null; at: number }): void;
          now(): number;
        }
      | undefined;
  };
}

/** Record a card action that succeeded (a refused one, e.g. an unknown film, is not feedback). */
export function recordCardAction(
  ctx: CtxLike,
  action: ActionLike,
  name: EngagementAction | undefined,
  outcome: { reply?: { status?: string | undefined } | undefined },
): void {
  const recorder = ctx.services.insights;
  if (!recorder || !name || action.movieId === undefined) return;
  if (outcome.reply?.status?.startsWith('error')) return;
  recorder.recordEngagement({
    userId: ctx.user.id,
    movieId: action.movieId,
    action: name,
    stars: action.kind === 'rate' ? (action.stars ?? null) : null,
    at: recorder.now(),
  });
}
