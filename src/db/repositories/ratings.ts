import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { publishChange } from '../changes.js';
import type { Db } from '../client.js';
import { ratingEvents } from '../schema/rating-events.js';
import { ratings } from '../schema/ratings.js';
import { users } from '../schema/users.js';

export type Rating = typeof ratings.$inferSelect;
export type RatingEvent = typeof ratingEvents.$inferSelect;

export interface RateInput {
  userId: number;
  movieId: number;
  /** 0.5 to 5.0 in half steps; validate before calling (the table checks too). */
  rating: number;
  source: string;
  /** Platform delivery id: a replay with the same id changes nothing. */
  requestId?: string | undefined;
}

export type RateOutcome =
  | { kind: 'rate' | 'change'; rating: number; previous: number | null }
  | { kind: 'unchanged'; rating: number; previous: number }
  | { kind: 'replay' };

export type RemoveOutcome = { kind: 'remove'; previous: number } | { kind: 'absent' } | { kind: 'replay' };

export function isHalfStar(value: number): boolean {
  return Number.isFinite(value) && value >= 0.5 && value <= 5 && Math.round(value * 2) === value * 2;
}

export class RatingsRepository {
  constructor(private readonly db: Db) {}

  /**
   * Set the current rating and append the event in one transaction. A per-(user, movie)
   * advisory lock serialises concurrent clicks, so the log tells rate from change truthfully.
   */
  async rate(input: RateInput): Promise<RateOutcome> {
    if (!isHalfStar(input.rating)) throw new RangeError(`rating ${input.rating} is not on the half-star scale`);
    const outcome = await this.db.transaction(async (tx): Promise<RateOutcome> => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${input.userId}, ${input.movieId})`);
      if (input.requestId && (await this.seen(tx, input.requestId))) return { kind: 'replay' } as const;
      const [current] = await tx
        .select({ rating: ratings.rating })
        .from(ratings)
        .where(and(eq(ratings.userId, input.userId), eq(ratings.movieId, input.movieId)));
      const previous = current?.rating ?? null;
      if (previous === input.rating) return { kind: 'unchanged', rating: input.rating, previous } as const;
      await tx
        .insert(ratings)
        .values({ userId: input.userId, movieId: input.movieId, rating: input.rating, source: input.source })
        .onConflictDoUpdate({
          target: [ratings.userId, ratings.movieId],
          set: { rating: input.rating, source: input.source, updatedAt: sql`now()` },
        });
      const kind = previous === null ? 'rate' : 'change';
      await tx.insert(ratingEvents).values({
        userId: input.userId,
        movieId: input.movieId,
        kind,
        rating: input.rating,
        previousRating: previous,
        source: input.source,
        requestId: input.requestId ?? null,
      });
      await tx
        .update(users)
        .set({ ratingsVersion: sql`${users.ratingsVersion} + 1` })
        .where(eq(users.id, input.userId));
      return { kind, rating: input.rating, previous };
    });
    if (outcome.kind === 'rate' || outcome.kind === 'change') publishChange(this.db, { kind: 'users', userIds: [input.userId] });
    return outcome;
  }

  /**
   * Retract a rating; the removal is logged with the value it had. With `onlyIf`, only a
   * rating of exactly that value is removed (a retracted 3★ reaction must not delete a 4.5
   * given since by other means).
   */
  async remove(input: Omit<RateInput, 'rating'> & { onlyIf?: number | undefined }): Promise<RemoveOutcome> {
    const outcome = await this.db.transaction(async (tx): Promise<RemoveOutcome> => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${input.userId}, ${input.movieId})`);
      if (input.requestId && (await this.seen(tx, input.requestId))) return { kind: 'replay' } as const;
      const [gone] = await tx
        .delete(ratings)
        .where(
          and(
            eq(ratings.userId, input.userId),
            eq(ratings.movieId, input.movieId),
            input.onlyIf === undefined ? undefined : eq(ratings.rating, input.onlyIf),
          ),
        )
        .returning({ rating: ratings.rating });
      if (!gone) return { kind: 'absent' } as const;
      await tx.insert(ratingEvents).values({
        userId: input.userId,
        movieId: input.movieId,
        kind: 'remove',
        rating: null,
        previousRating: gone.rating,
        source: input.source,
        requestId: input.requestId ?? null,
      });
      await tx
        .update(users)
        .set({ ratingsVersion: sql`${users.ratingsVersion} + 1` })
        .where(eq(users.id, input.userId));
      return { kind: 'remove', previous: gone.rating } as const;
    });
    if (outcome.kind === 'remove') publishChange(this.db, { kind: 'users', userIds: [input.userId] });
    return outcome;
  }

  private async seen(tx: Pick<Db, 'select'>, requestId: string): Promise<boolean> {
    const [hit] = await tx.select({ id: ratingEvents.id }).from(ratingEvents).where(eq(ratingEvents.requestId, requestId)).limit(1);
    return hit !== undefined;
  }

  async get(userId: number, movieId: number): Promise<number | undefined> {
    const [row] = await this.db
      .select({ rating: ratings.rating })
      .from(ratings)
      .where(and(eq(ratings.userId, userId), eq(ratings.movieId, movieId)));
    return row?.rating;
  }

  async forUser(userId: number): Promise<Rating[]> {
    return this.db.select().from(ratings).where(eq(ratings.userId, userId)).orderBy(desc(ratings.updatedAt));
  }

  async events(userId: number): Promise<RatingEvent[]> {
    return this.db.select().from(ratingEvents).where(eq(ratingEvents.userId, userId)).orderBy(asc(ratingEvents.id));
  }

  async count(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(ratings);
    return row?.n ?? 0;
  }

  async countByPlatform(): Promise<{ platform: string; ratings: number }[]> {
    return this.db
      .select({ platform: users.platform, ratings: sql<number>`count(*)::int` })
      .from(ratings)
      .innerJoin(users, eq(users.id, ratings.userId))
      .groupBy(users.platform)
      .orderBy(users.platform);
  }

  /** Every current rating as parallel typed arrays, for training. Streams in pages by user. */
  async allAsArrays(): Promise<{ userIds: Int32Array; movieIds: Int32Array; values: Float32Array }> {
    const n = await this.count();
    const userIds = new Int32Array(n);
    const movieIds = new Int32Array(n);
    const values = new Float32Array(n);
    let i = 0;
    let lastUser = -1;
    let lastMovie = -1;
    const page = 50_000;
    for (;;) {
      const rows = await this.db
        .select({ u: ratings.userId, m: ratings.movieId, r: ratings.rating })
        .from(ratings)
        .where(sql`(${ratings.userId}, ${ratings.movieId}) > (${lastUser}, ${lastMovie})`)
        .orderBy(asc(ratings.userId), asc(ratings.movieId))
        .limit(page);
      for (const row of rows) {
        if (i >= n) break;
        userIds[i] = row.u;
        movieIds[i] = row.m;
        values[i] = row.r;
        i++;
      }
      if (rows.length < page) break;
      const last = rows[rows.length - 1]!;
      lastUser = last.u;
      lastMovie = last.m;
    }
    return { userIds: userIds.subarray(0, i), movieIds: movieIds.subarray(0, i), values: values.subarray(0, i) };
  }
}
