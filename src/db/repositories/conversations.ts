import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { conversations } from '../schema/conversations.js';

/**
 * Where a conversation lives: one row per (platform, user, channel). `userKey` is the
 * database user id as text, so forgetting a user also clears their conversations.
 */
export interface ConversationKey {
  platform: string;
  userKey: string;
  channelKey: string;
}

export class ConversationsRepository {
  constructor(private readonly db: Db) {}

  /** The live state, or undefined when there is none or it has expired. */
  async get(key: ConversationKey, now: Date = new Date()): Promise<Record<string, unknown> | undefined> {
    const [row] = await this.db
      .select({ state: conversations.state })
      .from(conversations)
      .where(and(this.match(key), gt(conversations.expiresAt, now)));
    return row?.state;
  }

  /** Replace the state and push the expiry out to now + ttl. */
  async set(key: ConversationKey, state: Record<string, unknown>, ttlMs: number, now: Date = new Date()): Promise<void> {
    const expiresAt = new Date(now.getTime() + ttlMs);
    await this.db
      .insert(conversations)
      .values({ ...key, state, updatedAt: now, expiresAt })
      .onConflictDoUpdate({
        target: [conversations.platform, conversations.userKey, conversations.channelKey],
        set: { state, updatedAt: now, expiresAt },
      });
  }

  async clear(key: ConversationKey): Promise<void> {
    await this.db.delete(conversations).where(this.match(key));
  }

  /** Delete expired rows; returns how many went. */
  async purgeExpired(now: Date = new Date()): Promise<number> {
    const rows = await this.db
      .delete(conversations)
      .where(lte(conversations.expiresAt, now))
      .returning({ platform: conversations.platform });
    return rows.length;
  }

  /** Every live conversation of a user (export-me). */
  async forUser(
    userKey: string,
    now: Date = new Date(),
  ): Promise<{ platform: string; channelKey: string; state: Record<string, unknown>; expiresAt: Date }[]> {
    return this.db
      .select({
        platform: conversations.platform,
        channelKey: conversations.channelKey,
        state: conversations.state,
        expiresAt: conversations.expiresAt,
      })
      .from(conversations)
      .where(and(eq(conversations.userKey, userKey), gt(conversations.expiresAt, now)));
  }

  async count(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(conversations);
    return row?.n ?? 0;
  }

  private match(key: ConversationKey) {
    return and(
      eq(conversations.platform, key.platform),
      eq(conversations.userKey, key.userKey),
      eq(conversations.channelKey, key.channelKey),
    );
  }
}
