/**
 * PostgreSQL LISTEN/NOTIFY for news that every process must hear at once: a new model version
 * (published by the worker) makes each `serve` process load it, instead of each one polling;
 * changed ratings make the worker refresh the users' precomputed lists.
 * A notification is only a nudge: the listener re-reads the active version from the table, so
 * a missed or repeated notice costs nothing, and every (re)connection of the listening
 * session counts as a nudge too (a notice sent while it was away is not lost).
 */
import { sql } from 'drizzle-orm';
import type { Database } from './client.js';

export const MODEL_CHANNEL = 'reelmate_model';
/**
 * Some user's ratings or marks changed (a trigger on users.ratings_version sends it, migration
 * 0012, whichever code path wrote them): the worker refreshes stale precomputed lists.
 */
export const RATINGS_CHANNEL = 'reelmate_ratings';

/** Tell every listening process that `versionId` is now the active model (after it committed). */
export async function announceModelVersion(database: Database, versionId: number): Promise<void> {
  if (database.kind !== 'postgres') return; // alone on its database: nobody else to tell
  await database.rows(sql`SELECT pg_notify(${MODEL_CHANNEL}, ${String(versionId)})`);
}

export interface Listening {
  close(): Promise<void>;
}

/**
 * Call `onNudge` on every notice on `channel` and whenever the listening connection (re)opens.
 * One dedicated connection (postgres.js reconnects it and listens again by itself).
 */
export async function listenForNudges(url: string, channel: string, onNudge: () => void): Promise<Listening> {
  const { default: postgres } = await import('postgres');
  const client = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  await client.listen(
    channel,
    () => onNudge(),
    () => onNudge(),
  );
  return { close: () => client.end({ timeout: 5 }) };
}
