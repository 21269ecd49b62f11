/**
 * The one way a person's feedback is written: ratings, seen / not-interested marks, the
 * watchlist and forget-me. Each operation writes through the repository, then tells the
 * recommendation engine (so the next request scores the new history), then counts it, in that
 * order and only when something changed. Chat commands, card buttons, references ("not the
 * first one, seen it") and the HTTP API all call it; none of them touches those repositories
 * for a write or calls the engine's change hooks itself.
 */
import type { MarkKind } from '../db/repositories/marks.js';
import type { RateInput, RateOutcome, RemoveOutcome } from '../db/repositories/ratings.js';
import type { Repositories } from '../db/repositories/index.js';
import type { RecommendationEngine } from './ports.js';

/** What is counted; the HTTP API passes its Prometheus counter, the chat bot counts nothing. */
export interface FeedbackMetrics {
  ratingWritten(kind: 'rate' | 'change' | 'remove'): void;
}

export interface FeedbackDeps {
  repos: Pick<Repositories, 'ratings' | 'marks' | 'watchlist' | 'users'>;
  engine: Pick<RecommendationEngine, 'onRatingChanged' | 'onMarksChanged'>;
  metrics?: FeedbackMetrics | undefined;
}

export type UnrateInput = Omit<RateInput, 'rating'> & { onlyIf?: number | undefined };

export class FeedbackService {
  constructor(private readonly deps: FeedbackDeps) {}

  /** Store a rating (logged in rating_events); a replayed request id changes nothing. */
  async rate(input: RateInput): Promise<RateOutcome> {
    const outcome = await this.deps.repos.ratings.rate(input);
    if (outcome.kind === 'rate' || outcome.kind === 'change') {
      await this.deps.engine.onRatingChanged(input.userId, input.movieId, input.rating);
      this.deps.metrics?.ratingWritten(outcome.kind);
    }
    return outcome;
  }

  /** Retract a rating (the removal is logged; `onlyIf` keeps a rating that changed since). */
  async unrate(input: UnrateInput): Promise<RemoveOutcome> {
    const outcome = await this.deps.repos.ratings.remove(input);
    if (outcome.kind === 'remove') {
      await this.deps.engine.onRatingChanged(input.userId, input.movieId, null);
      this.deps.metrics?.ratingWritten('remove');
    }
    return outcome;
  }

  /** Add a seen / not-interested mark; true when it was new. */
  async mark(userId: number, movieId: number, kind: MarkKind): Promise<boolean> {
    const added = await this.deps.repos.marks.add(userId, movieId, kind);
    if (added) await this.deps.engine.onMarksChanged(userId);
    return added;
  }

  /** Several marks at once, the engine told once (whether or not any was new, as a list is rebuilt next). */
  async markAll(userId: number, movieIds: readonly number[], kind: MarkKind): Promise<void> {
    for (const id of movieIds) await this.deps.repos.marks.add(userId, id, kind);
    await this.deps.engine.onMarksChanged(userId);
  }

  /** Remove a mark; true when there was one. */
  async unmark(userId: number, movieId: number, kind: MarkKind): Promise<boolean> {
    const removed = await this.deps.repos.marks.remove(userId, movieId, kind);
    if (removed) await this.deps.engine.onMarksChanged(userId);
    return removed;
  }

  /** The watchlist does not change what is recommended, so the engine is not told. */
  watchlistAdd(userId: number, movieId: number): Promise<boolean> {
    return this.deps.repos.watchlist.add(userId, movieId);
  }

  watchlistRemove(userId: number, movieId: number): Promise<boolean> {
    return this.deps.repos.watchlist.remove(userId, movieId);
  }

  /** forget-me: the user, their rating log and conversations go (the rest cascades); the engine drops its state. */
  async forget(userId: number): Promise<void> {
    await this.deps.repos.users.forget(userId);
    await this.deps.engine.onMarksChanged(userId);
  }
}
