import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { publishChange } from '../changes.js';
import type { Db } from '../client.js';
import { apiKeys } from '../schema/api-keys.js';

export type ApiScope = 'read' | 'write' | 'admin';
export const API_SCOPES: readonly ApiScope[] = ['read', 'write', 'admin'];

/** Whom a key that is not admin may reach: its own platform namespace, or named users. */
export interface ApiKeyOwner {
  /** e.g. "api:my-site": the key creates and reaches users of this platform only. */
  platform?: string | undefined;
  /** The users the key reaches (it creates none). */
  userIds?: number[] | undefined;
}

export interface ApiKeyInfo {
  id: number;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  /** The key's platform namespace, or null. */
  platform: string | null;
  /** Named users the key reaches ([] = none named). */
  userIds: number[];
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** Keys look like `rm_<8 hex prefix>_<43 chars secret>`; only the SHA-256 of the whole key is stored. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function toInfo(row: typeof apiKeys.$inferSelect): ApiKeyInfo {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.filter((s): s is ApiScope => (API_SCOPES as readonly string[]).includes(s)),
    platform: row.platform ?? null,
    userIds: row.userIds ?? [],
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
  };
}

export class ApiKeysRepository {
  constructor(private readonly db: Db) {}

  /** Create a key; the secret is returned once and never stored. */
  async create(name: string, scopes: ApiScope[], owner: ApiKeyOwner = {}): Promise<{ key: string; info: ApiKeyInfo }> {
    const prefix = randomBytes(4).toString('hex');
    const key = `rm_${prefix}_${randomBytes(32).toString('base64url')}`;
    const [row] = await this.db
      .insert(apiKeys)
      .values({
        name,
        prefix,
        hash: hashApiKey(key),
        scopes: [...new Set(scopes)],
        platform: owner.platform ?? null,
        userIds: owner.userIds?.length ? [...new Set(owner.userIds)] : null,
      })
      .returning();
    if (!row) throw new Error('api key insert returned nothing');
    publishChange(this.db, { kind: 'api-keys' });
    return { key, info: toInfo(row) };
  }

  /** The live key matching a presented secret, or undefined. */
  async verify(key: string): Promise<ApiKeyInfo | undefined> {
    const [row] = await this.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.hash, hashApiKey(key)), isNull(apiKeys.revokedAt)));
    return row ? toInfo(row) : undefined;
  }

  async touch(id: number): Promise<void> {
    await this.db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, id));
  }

  async list(): Promise<ApiKeyInfo[]> {
    return (await this.db.select().from(apiKeys).orderBy(asc(apiKeys.id))).map(toInfo);
  }

  /**
   * Revoke by prefix (exactly 8 hex characters, as `list` shows them) or by id (`#12`, or a
   * shorter number); returns false when no live key matched.
   */
  async revoke(idOrPrefix: string): Promise<boolean> {
    const isPrefix = /^[0-9a-f]{8}$/.test(idOrPrefix);
    const id = /^#?\d{1,7}$/.test(idOrPrefix) ? Number(idOrPrefix.replace('#', '')) : undefined;
    if (!isPrefix && id === undefined) return false;
    const byId = isPrefix ? eq(apiKeys.prefix, idOrPrefix) : eq(apiKeys.id, id!);
    const rows = await this.db
      .update(apiKeys)
      .set({ revokedAt: sql`now()` })
      .where(and(byId, isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    if (rows.length > 0) publishChange(this.db, { kind: 'api-keys' });
    return rows.length > 0;
  }
}
