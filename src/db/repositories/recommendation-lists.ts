import { and, desc, eq, gt, isNull, max, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { ratings } from '../schema/ratings.js';
import { users } from '../schema/users.js';
import { recommendationLists, type StoredRecommendation } from '../schema/recommendation-lists.js';

export type { StoredRecommendation };

export interface RecommendationList {
  userId: number;
  modelVersion: number;
  ratingsVersion: number;
  items: StoredRecommendation[];
}

/** Precomputed top-N lists (see the schema): written by the worker, read by serve processes. */
export class RecommendationListsRepository {
  constructor(private readonly db: Db) {}

  async get(userId: number): Promise<RecommendationList | undefined> {
    const [row] = await this.db
      .select({
        userId: recommendationLists.userId,
        modelVersion: recommendationLists.modelVersion,
        ratingsVersion: recommendationLists.ratingsVersion,
        items: recommendationLists.items,
      })
      .from(recommendationLists)
      .where(eq(recommendationLists.userId, userId));
    return row;
  }

  /** Write (or replace) a user's list. */
  async put(list: RecommendationList): Promise<void> {
    await this.db
      .insert(recommendationLists)
      .values({ ...list, computedAt: new Date() })
      .onConflictDoUpdate({
        target: recommendationLists.userId,
        set: { modelVersion: list.modelVersion, ratingsVersion: list.ratingsVersion, items: list.items, computedAt: new Date() },
      });
  }

  async delete(userId: number): Promise<void> {
    await this.db.delete(recommendationLists).where(eq(recommendationLists.userId, userId));
  }

  /** Lists computed for other model versions than `keep` (they can never be served again). */
  async deleteOtherVersions(keep: number): Promise<number> {
    const rows = await this.db
      .delete(recommendationLists)
      .where(sql`${recommendationLists.modelVersion} <> ${keep}`)
      .returning({ userId: recommendationLists.userId });
    return rows.length;
  }

  /**
   * Active users (a rating since `since`) whose list is missing or stale (another model
   * version, or ratings or marks changed since), most recently active first, at most `limit`.
   */
  async staleActiveUsers(modelVersion: number, since: Date, limit: number): Promise<number[]> {
    const last = max(ratings.updatedAt);
    const rows = await this.db
      .select({ userId: ratings.userId, last })
      .from(ratings)
      .innerJoin(users, eq(users.id, ratings.userId))
      .leftJoin(recommendationLists, eq(recommendationLists.userId, ratings.userId))
      .where(
        and(
          gt(ratings.updatedAt, since),
          or(
            isNull(recommendationLists.userId),
            ne(recommendationLists.modelVersion, modelVersion),
            ne(recommendationLists.ratingsVersion, users.ratingsVersion),
          ),
        ),
      )
      .groupBy(ratings.userId)
      .orderBy(desc(last))
      .limit(limit);
    return rows.map((r) => r.userId);
  }
}
