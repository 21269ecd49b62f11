import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { channelPeople } from '../schema/channel-people.js';
import { ratings } from '../schema/ratings.js';
import { watchlist } from '../schema/watchlist.js';

export interface ChannelKey {
  platform: string;
  channelKey: string;
}

/** What the people of one channel did with one film: true for everyone who reads the card. */
export interface ChannelMovieFacts {
  movieId: number;
  /** People of the channel who rated it, and their mean rating (null when nobody did). */
  raters: number;
  meanRating: number | null;
  /** People of the channel with it on their watchlist. */
  watchlisted: number;
}

/**
 * Who has been in a channel lately. A row is written (or its time moved on) whenever someone
 * talks to the bot or clicks a card in a channel; shared cards count only these people.
 */
export class ChannelPeopleRepository {
  constructor(private readonly db: Db) {}

  async touch(where: ChannelKey, userId: number, now: Date = new Date()): Promise<void> {
    await this.db
      .insert(channelPeople)
      .values({ platform: where.platform, channelKey: where.channelKey, userId, lastSeenAt: now })
      .onConflictDoUpdate({
        target: [channelPeople.platform, channelPeople.channelKey, channelPeople.userId],
        set: { lastSeenAt: now },
      });
  }

  /** Ids of the people seen in the channel since `since`, most recent first. */
  async recent(where: ChannelKey, since: Date): Promise<number[]> {
    const rows = await this.db
      .select({ userId: channelPeople.userId })
      .from(channelPeople)
      .where(
        and(
          eq(channelPeople.platform, where.platform),
          eq(channelPeople.channelKey, where.channelKey),
          gte(channelPeople.lastSeenAt, since),
        ),
      )
      .orderBy(sql`${channelPeople.lastSeenAt} DESC`, channelPeople.userId);
    return rows.map((r) => r.userId);
  }

  /** The channels a user was seen in (export-me). */
  async forUser(userId: number): Promise<{ platform: string; channelKey: string; lastSeenAt: Date }[]> {
    return this.db
      .select({ platform: channelPeople.platform, channelKey: channelPeople.channelKey, lastSeenAt: channelPeople.lastSeenAt })
      .from(channelPeople)
      .where(eq(channelPeople.userId, userId))
      .orderBy(channelPeople.platform, channelPeople.channelKey);
  }

  /** Per film: how many people of the channel rated it (and their mean), and how many keep it on a watchlist. */
  async movieFacts(where: ChannelKey, movieIds: readonly number[]): Promise<Map<number, ChannelMovieFacts>> {
    const out = new Map<number, ChannelMovieFacts>(
      movieIds.map((movieId) => [movieId, { movieId, raters: 0, meanRating: null, watchlisted: 0 }]),
    );
    if (movieIds.length === 0) return out;
    const here = and(eq(channelPeople.platform, where.platform), eq(channelPeople.channelKey, where.channelKey));
    const [rated, listed] = await Promise.all([
      this.db
        .select({ movieId: ratings.movieId, n: sql<number>`count(*)::int`, mean: sql<number>`avg(${ratings.rating})::float8` })
        .from(ratings)
        .innerJoin(channelPeople, eq(channelPeople.userId, ratings.userId))
        .where(and(here, inArray(ratings.movieId, [...movieIds])))
        .groupBy(ratings.movieId),
      this.db
        .select({ movieId: watchlist.movieId, n: sql<number>`count(*)::int` })
        .from(watchlist)
        .innerJoin(channelPeople, eq(channelPeople.userId, watchlist.userId))
        .where(and(here, inArray(watchlist.movieId, [...movieIds])))
        .groupBy(watchlist.movieId),
    ]);
    for (const r of rated) {
      const f = out.get(r.movieId);
      if (f) Object.assign(f, { raters: Number(r.n), meanRating: r.mean === null ? null : Number(r.mean) });
    }
    for (const r of listed) {
      const f = out.get(r.movieId);
      if (f) f.watchlisted = Number(r.n);
    }
    return out;
  }
}
