/**
 * The feedback service writes, then tells the engine, then counts, and only when something
 * changed; the same order for every kind of feedback.
 */
import { describe, expect, it } from 'vitest';
import { FeedbackService, type FeedbackDeps } from '../../../src/core/feedback.js';
import type { RateInput, RateOutcome, RemoveOutcome } from '../../../src/db/repositories/ratings.js';

function rig(outcomes: { rate?: RateOutcome; remove?: RemoveOutcome; added?: boolean } = {}) {
  const log: string[] = [];
  const deps = {
    repos: {
      ratings: {
        rate: async (i: RateInput) => (
          log.push(`rate ${i.movieId} ${i.rating}`), outcomes.rate ?? { kind: 'rate', rating: i.rating, previous: null }
        ),
        remove: async (i: { movieId: number }) => (log.push(`remove ${i.movieId}`), outcomes.remove ?? { kind: 'remove', previous: 4 }),
      },
      marks: {
        add: async (_u: number, m: number, k: string) => (log.push(`mark ${m} ${k}`), outcomes.added ?? true),
        remove: async (_u: number, m: number, k: string) => (log.push(`unmark ${m} ${k}`), outcomes.added ?? true),
      },
      watchlist: {
        add: async (_u: number, m: number) => (log.push(`watchlist+ ${m}`), true),
        remove: async (_u: number, m: number) => (log.push(`watchlist- ${m}`), true),
      },
      users: { forget: async (u: number) => void log.push(`forget ${u}`) },
    },
    engine: {
      onRatingChanged: async (u: number, m: number, r: number | null) => void log.push(`engine rating ${u} ${m} ${r}`),
      onMarksChanged: async (u: number) => void log.push(`engine marks ${u}`),
    },
    metrics: { ratingWritten: (k: string) => void log.push(`count ${k}`) },
  } as unknown as FeedbackDeps;
  return { log, feedback: new FeedbackService(deps) };
}

describe('FeedbackService', () => {
  it('rates: write, notify, count', async () => {
    const { log, feedback } = rig();
    const out = await feedback.rate({ userId: 7, movieId: 1, rating: 4.5, source: 'test' });
    expect(out.kind).toBe('rate');
    expect(log).toEqual(['rate 1 4.5', 'engine rating 7 1 4.5', 'count rate']);
  });

  it('tells nobody about a rating that did not change or a replayed request', async () => {
    for (const rate of [{ kind: 'unchanged', rating: 4, previous: 4 }, { kind: 'replay' }] as RateOutcome[]) {
      const { log, feedback } = rig({ rate });
      await feedback.rate({ userId: 7, movieId: 1, rating: 4, source: 'test', requestId: 'r1' });
      expect(log).toEqual(['rate 1 4']);
    }
  });

  it('retracts: write, notify with null, count a removal; nothing when absent', async () => {
    const removed = rig();
    await removed.feedback.unrate({ userId: 7, movieId: 2, source: 'test' });
    expect(removed.log).toEqual(['remove 2', 'engine rating 7 2 null', 'count remove']);
    const absent = rig({ remove: { kind: 'absent' } });
    await absent.feedback.unrate({ userId: 7, movieId: 2, source: 'test' });
    expect(absent.log).toEqual(['remove 2']);
  });

  it('marks: the engine hears of a new mark only; several marks, one notice', async () => {
    const fresh = rig();
    expect(await fresh.feedback.mark(7, 3, 'seen')).toBe(true);
    expect(fresh.log).toEqual(['mark 3 seen', 'engine marks 7']);
    const again = rig({ added: false });
    expect(await again.feedback.mark(7, 3, 'not_interested')).toBe(false);
    expect(again.log).toEqual(['mark 3 not_interested']);
    const many = rig();
    await many.feedback.markAll(7, [4, 5], 'seen');
    expect(many.log).toEqual(['mark 4 seen', 'mark 5 seen', 'engine marks 7']);
  });

  it('keeps the watchlist away from the engine, and forgets with a notice', async () => {
    const { log, feedback } = rig();
    await feedback.watchlistAdd(7, 8);
    await feedback.watchlistRemove(7, 8);
    await feedback.forget(7);
    expect(log).toEqual(['watchlist+ 8', 'watchlist- 8', 'forget 7', 'engine marks 7']);
  });
});
