import { and, eq, sql } from 'drizzle-orm';
import { publishChange } from '../changes.js';
import type { Db } from '../client.js';
import { marks } from '../schema/marks.js';
import { users } from '../schema/users.js';

export type MarkKind = 'seen' | 'not_interested';

/**
 * Marks change what may be recommended, so they bump the same per-user version as ratings:
 * every serving process sees the change on its next request, not after a cache expires.
 */
async function bumpVersion(tx: Pick<Db, 'update'>, userId: number): Promise<void> {
  await tx
    .update(users)
    .set({ ratingsVersion: sql`${users.ratingsVersion} + 1` })
    .where(eq(users.id, userId));
}

export class MarksRepository {
  constructor(private readonly db: Db) {}

  /** Returns false when the mark was already there. */
  async add(userId: number, movieId: number, kind: MarkKind): Promise<boolean> {
    const changed = await this.db.transaction(async (tx) => {
      const rows = await tx.insert(marks).values({ userId, movieId, kind }).onConflictDoNothing().returning({ movieId: marks.movieId });
      if (rows.length > 0) await bumpVersion(tx, userId);
      return rows.length > 0;
    });
    if (changed) publishChange(this.db, { kind: 'users', userIds: [userId] });
    return changed;
  }

  async remove(userId: number, movieId: number, kind: MarkKind): Promise<boolean> {
    const changed = await this.db.transaction(async (tx) => {
      const rows = await tx
        .delete(marks)
        .where(and(eq(marks.userId, userId), eq(marks.movieId, movieId), eq(marks.kind, kind)))
        .returning({ movieId: marks.movieId });
      if (rows.length > 0) await bumpVersion(tx, userId);
      return rows.length > 0;
    });
    if (changed) publishChange(this.db, { kind: 'users', userIds: [userId] });
    return changed;
  }

  async forUser(userId: number): Promise<{ movieId: number; kind: MarkKind; createdAt: Date }[]> {
    return this.db
      .select({ movieId: marks.movieId, kind: marks.kind, createdAt: marks.createdAt })
      .from(marks)
      .where(eq(marks.userId, userId));
  }
}
