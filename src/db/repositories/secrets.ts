import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { settings } from '../schema/settings.js';

/** Installation-wide secrets live in `settings` under this platform, one row per name. */
const SCOPE_PLATFORM = 'reelmate';

/**
 * A secret generated once per installation and kept in the database, so every process
 * (and every restart) signs and checks button payloads with the same key.
 */
export class SecretsRepository {
  constructor(private readonly db: Db) {}

  /** The stored secret, created (32 random bytes, base64url) on first use. Safe under races. */
  async getOrCreate(name: string): Promise<string> {
    const scopeId = `secret:${name}`;
    const candidate = randomBytes(32).toString('base64url');
    // Insert-if-absent, then read back: two processes starting together agree on one value.
    await this.db
      .insert(settings)
      .values({ platform: SCOPE_PLATFORM, scopeId, values: { secret: candidate } })
      .onConflictDoNothing();
    const [row] = await this.db
      .select({ values: settings.values })
      .from(settings)
      .where(and(eq(settings.platform, SCOPE_PLATFORM), eq(settings.scopeId, scopeId)));
    const secret = row?.values.secret;
    if (typeof secret !== 'string' || secret.length < 16) throw new Error(`settings row ${scopeId} holds no usable secret`);
    return secret;
  }
}
