import { LRUCache } from 'lru-cache';
import { isExclusive, subscribeChanges } from '../../src/db/changes.js';
import type { Database } from '../../src/db/client.js';
import { hashApiKey, type ApiKeyInfo, type ApiKeysRepository } from '../../src/db/repositories/api-keys.js';

/**
 * Verified keys, remembered on the embedded engine: this process is its only writer and
 * hears every create and revoke (changes.ts), so a key looked up once needs no database
 * round trip until one happens. On a server a key may be revoked from another process at
 * any moment, so every request asks the database.
 */
export interface KeyVerifier {
  verify(presented: string): Promise<ApiKeyInfo | undefined>;
}

/** Keys remembered at most; more than a few live keys per process is unusual. */
const MAX_KEYS = 1_000;

export function keyVerifier(database: Database, keys: ApiKeysRepository): KeyVerifier {
  if (!isExclusive(database)) return keys;
  const known = new LRUCache<string, ApiKeyInfo>({ max: MAX_KEYS });
  let epoch = 0;
  subscribeChanges(database.db, (change) => {
    if (change.kind !== 'api-keys') return;
    epoch++;
    known.clear();
  });
  return {
    async verify(presented) {
      // By hash, so no secret sits in a long-lived map.
      const id = hashApiKey(presented);
      const hit = known.get(id);
      if (hit) return hit;
      const started = epoch;
      const info = await keys.verify(presented);
      // Only live keys are remembered: a wrong guess must not fill the map.
      if (info && epoch === started) {
        known.set(id, info);
      }
      return info;
    },
  };
}
