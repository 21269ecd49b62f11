/**
 * Who is still working on a job. pg-boss marks a job active when a process takes it; if that
 * process is killed, the job stays active until its expiry (hours, for a training). So the
 * process running a job also holds a session advisory lock named after it, on a connection of
 * its own: PostgreSQL drops the lock the moment that connection dies. Any worker can then
 * find active jobs whose lock is free (their owner is gone) and fail them, and pg-boss
 * retries them at once instead of hours later.
 */
import { sql } from 'drizzle-orm';
import type { Database } from './client.js';

export interface JobLocks {
  /** Hold the job's lock until the returned release is called (or this process dies). */
  hold(jobId: string): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export async function openJobLocks(url: string): Promise<JobLocks> {
  const { default: postgres } = await import('postgres');
  // One session: the locks belong to it, and die with it.
  const session = postgres(url, { max: 1, idle_timeout: 0, onnotice: () => {}, connect_timeout: 10 });
  return {
    async hold(jobId) {
      await session`SELECT pg_advisory_lock(hashtextextended(${jobId}, 0))`;
      return async () => {
        await session`SELECT pg_advisory_unlock(hashtextextended(${jobId}, 0))`;
      };
    },
    close: () => session.end({ timeout: 5 }),
  };
}

/**
 * Active jobs of `queue` (in pg-boss's `schema`) started more than `graceSeconds` ago whose
 * lock nobody holds. The grace covers the moment between taking a job and locking it. The
 * probe takes each free lock only for its own statement (a transaction-level lock).
 */
export async function orphanedJobs(database: Database, schema: string, queue: string, graceSeconds: number): Promise<string[]> {
  const rows = await database.rows<{ id: string }>(sql`
    SELECT id::text AS id FROM ${sql.identifier(schema)}.job
    WHERE name = ${queue} AND state = 'active' AND started_on < now() - make_interval(secs => ${graceSeconds})
      AND pg_try_advisory_xact_lock(hashtextextended(id::text, 0))`);
  return rows.map((r) => r.id);
}
