/**
 * In-process change notices, per database handle: repositories publish after a write has
 * committed, caches subscribe. They matter most on the embedded engine, where this process is
 * the only writer (the data directory is locked to one process), so a cache that hears every
 * notice never has to ask the database whether it is still true. On a server other processes
 * write too; caches there keep asking the database (see `isExclusive`).
 */
import type { Database, Db } from './client.js';

export type Change =
  /** Ratings, marks or the row itself changed for these users. */
  | { kind: 'users'; userIds: readonly number[] }
  /** An API key was created or revoked. */
  | { kind: 'api-keys' };

type Listener = (change: Change) => void;

// Keyed by the drizzle handle: every repository of one database shares it, and a closed
// database's listeners go away with it.
const listeners = new WeakMap<object, Set<Listener>>();

/** Tell this process's caches that something changed; call after the transaction committed. */
export function publishChange(db: Db, change: Change): void {
  const set = listeners.get(db);
  if (!set) return;
  for (const fn of set) fn(change);
}

/** Returns the unsubscribe function. */
export function subscribeChanges(db: Db, fn: Listener): () => void {
  let set = listeners.get(db);
  if (!set) listeners.set(db, (set = new Set()));
  set.add(fn);
  return () => set.delete(fn);
}

/**
 * Is this process the only writer? True for the embedded engine (its directory is locked, or
 * it lives in memory); false for a server, where other processes may write at any time.
 */
export function isExclusive(database: Pick<Database, 'kind'>): boolean {
  return database.kind === 'pglite';
}
