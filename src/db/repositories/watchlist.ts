import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { watchlist } from '../schema/watchlist.js';

export class WatchlistRepository {
  constructor(private readonly db: Db) {}

  async add(userId: number, movieId: number): Promise<boolean> {
    const rows = await this.db
      .insert(watchlist)
      .values({ userId, movieId })
      .onConflictDoNothing()
      .returning({ movieId: watchlist.movieId });
    return rows.length > 0;
  }

  async remove(userId: number, movieId: number): Promise<boolean> {
    const rows = await this.db
      .delete(watchlist)
      .where(and(eq(watchlist.userId, userId), eq(watchlist.movieId, movieId)))
      .returning({ movieId: watchlist.movieId });
    return rows.length > 0;
  }

  async list(userId: number): Promise<{ movieId: number; addedAt: Date }[]> {
    return this.db
      .select({ movieId: watchlist.movieId, addedAt: watchlist.addedAt })
      .from(watchlist)
      .where(eq(watchlist.userId, userId))
      .orderBy(asc(watchlist.addedAt));
  }
}
