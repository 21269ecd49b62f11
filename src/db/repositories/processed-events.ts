import { lt } from 'drizzle-orm';
import type { Db } from '../client.js';
import { processedEvents } from '../schema/processed-events.js';

/**
 * Deliveries already handled. Platforms retry a delivery they think was lost (Slack's
 * X-Slack-Retry-Num, a Socket Mode retry_attempt); claiming its key first makes the retry a no-op.
 */
export class ProcessedEventsRepository {
  constructor(private readonly db: Db) {}

  /**
   * True the first time a key is claimed, false for every later claim. One INSERT ... ON CONFLICT
   * DO NOTHING, so two concurrent deliveries of the same event cannot both win.
   */
  async claim(key: string): Promise<boolean> {
    const rows = await this.db.insert(processedEvents).values({ key }).onConflictDoNothing().returning({ key: processedEvents.key });
    return rows.length > 0;
  }

  /** Forget keys older than the cutoff (platforms stop retrying after minutes). Returns how many. */
  async prune(olderThan: Date): Promise<number> {
    const rows = await this.db
      .delete(processedEvents)
      .where(lt(processedEvents.createdAt, olderThan))
      .returning({ key: processedEvents.key });
    return rows.length;
  }
}
