import { eq } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import { isExclusive, subscribeChanges } from '../changes.js';
import type { Database } from '../client.js';
import { users } from '../schema/users.js';

/**
 * Each user's ratings version (bumped by every rating and mark change), the key of every
 * per-user cache. Looking it up is the one database round trip a cached recommendation
 * needs; on the embedded engine even that is skipped, because this process hears about
 * every write (see changes.ts).
 */
export interface UserVersions {
  /** The user's ratings version, or undefined when there is no such user. */
  get(userId: number): Promise<number | undefined>;
}

/** Versions remembered on the embedded engine; beyond that the longest remembered go first. */
const MAX_REMEMBERED = 50_000;

const byDatabase = new WeakMap<object, UserVersions>();

/** One lookup per database handle, so every caller shares what it remembers. */
export function userVersions(database: Database): UserVersions {
  let v = byDatabase.get(database.db);
  if (!v) byDatabase.set(database.db, (v = create(database)));
  return v;
}

function create(database: Database): UserVersions {
  const read = async (userId: number): Promise<number | undefined> => {
    const [row] = await database.db.select({ v: users.ratingsVersion }).from(users).where(eq(users.id, userId));
    return row?.v;
  };
  if (!isExclusive(database)) return { get: read };

  const known = new LRUCache<number, number>({ max: MAX_REMEMBERED });
  // Bumped by every notice: a read that started before a write committed must not store
  // the version it saw, or it would be trusted after the write.
  let epoch = 0;
  subscribeChanges(database.db, (change) => {
    if (change.kind !== 'users') return;
    epoch++;
    for (const id of change.userIds) known.delete(id);
  });
  return {
    async get(userId) {
      const hit = known.get(userId);
      if (hit !== undefined) return hit;
      const started = epoch;
      const v = await read(userId);
      if (v !== undefined && epoch === started) {
        known.set(userId, v);
      }
      return v;
    },
  };
}
