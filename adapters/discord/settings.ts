/**
 * Per-server settings for the Discord adapter, validated with zod over the generic settings
 * table, with a short cache so a busy server does not cost a query per interaction.
 */
import { z } from 'zod';
import type { SettingsRepository } from '../../src/db/repositories/settings.js';

export const guildSettingsSchema = z.object({
  /** Recommendation cards visible to the whole channel (true) or only to the asker. */
  publicCards: z.boolean().catch(true).default(true),
});

export type GuildSettings = z.infer<typeof guildSettingsSchema>;

export const DEFAULT_GUILD_SETTINGS: GuildSettings = { publicCards: true };

export interface GuildSettingsStore {
  get(guildId: string): Promise<GuildSettings>;
  /**
   * The settings if they are in memory (possibly a little stale), without waiting: an
   * interaction is deferred before anything is awaited, and this decides how.
   */
  peek?(guildId: string): GuildSettings | undefined;
  set(guildId: string, patch: Partial<GuildSettings>): Promise<GuildSettings>;
}

/** Defaults only, for running without a database (and for tests). */
export function memorySettingsStore(initial: Record<string, Partial<GuildSettings>> = {}): GuildSettingsStore {
  const stored = new Map(Object.entries(initial));
  return {
    get: async (guildId) => guildSettingsSchema.parse(stored.get(guildId) ?? {}),
    peek: (guildId) => guildSettingsSchema.parse(stored.get(guildId) ?? {}),
    set: async (guildId, patch) => {
      const next = guildSettingsSchema.parse({ ...stored.get(guildId), ...patch });
      stored.set(guildId, next);
      return next;
    },
  };
}

export function repositorySettingsStore(repo: SettingsRepository, cacheMs = 30_000): GuildSettingsStore {
  const cache = new Map<string, { at: number; value: GuildSettings }>();
  return {
    async get(guildId) {
      const hit = cache.get(guildId);
      if (hit && Date.now() - hit.at < cacheMs) return hit.value;
      const value = guildSettingsSchema.parse(await repo.get('discord', guildId));
      cache.set(guildId, { at: Date.now(), value });
      return value;
    },
    async set(guildId, patch) {
      const value = guildSettingsSchema.parse(await repo.merge('discord', guildId, patch));
      cache.set(guildId, { at: Date.now(), value });
      return value;
    },
    peek(guildId) {
      const hit = cache.get(guildId);
      // A stale entry still decides a deferral; the get() that follows refreshes it.
      return hit?.value;
    },
  };
}
