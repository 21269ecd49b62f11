import { and, eq, sql } from 'drizzle-orm';
import { publishChange } from '../changes.js';
import type { Db } from '../client.js';
import { users } from '../schema/users.js';

export type User = typeof users.$inferSelect;

export interface UserKey {
  platform: string;
  externalId: string;
}

export class UsersRepository {
  constructor(private readonly db: Db) {}

  async find(key: UserKey): Promise<User | undefined> {
    const [row] = await this.db
      .select()
      .from(users)
      .where(and(eq(users.platform, key.platform), eq(users.externalId, key.externalId)));
    return row;
  }

  async byId(id: number): Promise<User | undefined> {
    const [row] = await this.db.select().from(users).where(eq(users.id, id));
    return row;
  }

  /** Find or create; the display name is refreshed when a new one is given. Safe under races. */
  async ensure(key: UserKey & { displayName?: string | undefined }): Promise<User> {
    const [row] = await this.db
      .insert(users)
      .values({ platform: key.platform, externalId: key.externalId, displayName: key.displayName ?? null })
      .onConflictDoUpdate({
        target: [users.platform, users.externalId],
        set: { displayName: sql`coalesce(excluded.display_name, ${users.displayName})` },
      })
      .returning();
    if (!row) throw new Error('user upsert returned nothing');
    return row;
  }

  /** Delete the user and, through cascades and explicit deletes, everything about them. */
  async forget(id: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.execute(sql`DELETE FROM rating_events WHERE user_id = ${id}`);
      await tx.execute(sql`DELETE FROM conversations WHERE user_key = ${String(id)}`);
      // insights: impressions carry no foreign key (they are written in bulk); the rest cascades
      await tx.execute(sql`DELETE FROM impressions WHERE user_id = ${id}`);
      await tx.delete(users).where(eq(users.id, id));
    });
    publishChange(this.db, { kind: 'users', userIds: [id] });
  }

  async countByPlatform(): Promise<{ platform: string; users: number }[]> {
    return this.db
      .select({ platform: users.platform, users: sql<number>`count(*)::int` })
      .from(users)
      .groupBy(users.platform)
      .orderBy(users.platform);
  }
}
