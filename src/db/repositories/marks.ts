import { and, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { marks } from '../schema/marks.js';

export type MarkKind = 'seen' | 'not_interested';

export class MarksRepository {
  constructor(private readonly db: Db) {}

  /** Returns false when the mark was already there. */
  async add(userId: number, movieId: number, kind: MarkKind): Promise<boolean> {
    const rows = await this.db
      .insert(marks)
      .values({ userId, movieId, kind })
      .onConflictDoNothing()
      .returning({ movieId: marks.movieId });
    return rows.length > 0;
  }

  async remove(userId: number, movieId: number, kind: MarkKind): Promise<boolean> {
    const rows = await this.db
      .delete(marks)
      .where(and(eq(marks.userId, userId), eq(marks.movieId, movieId), eq(marks.kind, kind)))
      .returning({ movieId: marks.movieId });
    return rows.length > 0;
  }

  async forUser(userId: number): Promise<{ movieId: number; kind: MarkKind; createdAt: Date }[]> {
    return this.db
      .select({ movieId: marks.movieId, kind: marks.kind, createdAt: marks.createdAt })
      .from(marks)
      .where(eq(marks.userId, userId));
  }
}
