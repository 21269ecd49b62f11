/**
 * Records impressions and card engagements off the answer's path: `record*` only appends to
 * an in-memory buffer (no I/O, no promise), and a timer writes the buffer in batches. Memory
 * is bounded: past `maxBuffered` rows (a database that is slow or away) new rows are counted
 * and dropped rather than held, so a stalled database can cost online metrics, never an answer
 * or the process. `close()` writes what is left (clean shutdown).
 */
import type { EngagementRow, ImpressionRow } from '../db/repositories/insights.js';
import { silentLogger, type Logger } from '../util/logger.js';

export interface InsightsStore {
  insertImpressions(rows: readonly ImpressionRow[]): Promise<number>;
  insertEngagements(rows: readonly EngagementRow[], windowDays: number): Promise<number>;
  purge(before: Date): Promise<{ impressions: number; engagements: number }>;
}

export interface RecorderOptions {
  /** How often the buffer is written (ms; default 1000). */
  flushMs?: number | undefined;
  /** Rows per insert (default 2000). */
  batchSize?: number | undefined;
  /** Rows held at most, impressions and engagements each (default 50,000). */
  maxBuffered?: number | undefined;
  /** An action is linked to an impression of its film at most this many days old (default 7). */
  linkWindowDays?: number | undefined;
  /** Rows older than this are purged (default 180 days; 0 = keep forever). */
  retentionDays?: number | undefined;
  /** How often the purge runs (ms; default 6 hours). */
  purgeEveryMs?: number | undefined;
  logger?: Logger | undefined;
  now?: (() => number) | undefined;
}

export interface RecorderStats {
  buffered: number;
  written: number;
  dropped: number;
  failedFlushes: number;
}

export class InsightsRecorder {
  private impressions: ImpressionRow[] = [];
  private engagements: EngagementRow[] = [];
  private flushing: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout | null;
  private readonly purgeTimer: NodeJS.Timeout | null;
  private closed = false;
  private readonly counts = { written: 0, dropped: 0, failedFlushes: 0 };
  private readonly batchSize: number;
  private readonly maxBuffered: number;
  private readonly linkWindowDays: number;
  private readonly log: Logger;
  readonly now: () => number;

  constructor(
    private readonly store: InsightsStore,
    private readonly opts: RecorderOptions = {},
  ) {
    this.batchSize = opts.batchSize ?? 2000;
    this.maxBuffered = opts.maxBuffered ?? 50_000;
    this.linkWindowDays = opts.linkWindowDays ?? 7;
    this.log = opts.logger ?? silentLogger;
    this.now = opts.now ?? Date.now;
    const flushMs = opts.flushMs ?? 1000;
    this.timer = flushMs > 0 ? setInterval(() => void this.flush(), flushMs) : null;
    this.timer?.unref();
    const retention = opts.retentionDays ?? 180;
    this.purgeTimer = retention > 0 ? setInterval(() => void this.purge(), opts.purgeEveryMs ?? 6 * 3600_000) : null;
    this.purgeTimer?.unref();
  }

  recordImpression(row: ImpressionRow): void {
    if (this.closed || this.impressions.length >= this.maxBuffered) {
      this.counts.dropped++;
      return;
    }
    this.impressions.push(row);
  }

  recordEngagement(row: EngagementRow): void {
    if (this.closed || this.engagements.length >= this.maxBuffered) {
      this.counts.dropped++;
      return;
    }
    this.engagements.push(row);
  }

  stats(): RecorderStats {
    return { buffered: this.impressions.length + this.engagements.length, ...this.counts };
  }

  /** Write everything buffered now; resolves when it is written (or failed and kept). One flush at a time. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing.then(() => (this.impressions.length + this.engagements.length > 0 ? this.flush() : undefined));
    this.flushing = this.drain().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  /** Delete rows past the retention period. */
  async purge(): Promise<void> {
    const days = this.opts.retentionDays ?? 180;
    if (days <= 0) return;
    try {
      const removed = await this.store.purge(new Date(this.now() - days * 86_400_000));
      if (removed.impressions + removed.engagements > 0) this.log.info({ ...removed, days }, 'purged impressions past retention');
    } catch (e) {
      this.log.warn({ err: e }, 'impression purge failed; tried again later');
    }
  }

  /** Stop taking rows and write what is left. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    await this.flush();
    this.closed = true;
  }

  private async drain(): Promise<void> {
    // Impressions first: the engagements of this batch link to them.
    while (this.impressions.length > 0) {
      const batch = this.impressions.splice(0, this.batchSize);
      if (!(await this.write(() => this.store.insertImpressions(batch), batch.length))) {
        this.putBack(this.impressions, batch);
        return;
      }
    }
    while (this.engagements.length > 0) {
      const batch = this.engagements.splice(0, this.batchSize);
      if (!(await this.write(() => this.store.insertEngagements(batch, this.linkWindowDays), batch.length))) {
        this.putBack(this.engagements, batch);
        return;
      }
    }
  }

  private async write(insert: () => Promise<number>, n: number): Promise<boolean> {
    try {
      await insert();
      this.counts.written += n;
      return true;
    } catch (e) {
      this.counts.failedFlushes++;
      this.log.warn({ err: e, rows: n }, 'writing impressions failed; kept for the next flush');
      return false;
    }
  }

  /** A failed batch goes back to the front, within the bound (the oldest overflow is dropped). */
  private putBack<T>(buffer: T[], batch: T[]): void {
    buffer.unshift(...batch);
    const over = buffer.length - this.maxBuffered;
    if (over > 0) {
      buffer.splice(0, over);
      this.counts.dropped += over;
    }
  }
}
