/**
 * A per-key token bucket: `capacity` requests at once, refilled at `refillPerSecond`.
 * In memory and per process on purpose: it protects this process from a flood; it is not
 * an accounting system.
 */
export interface RateLimitOptions {
  capacity: number;
  refillPerSecond: number;
  /** Buckets idle this long are dropped, so the map stays small. */
  idleMs?: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { capacity: 20, refillPerSecond: 0.5 };

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly opts: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Take one token; false when the key is over its limit. */
  take(key: string): boolean {
    const t = this.now();
    this.sweep(t);
    const b = this.buckets.get(key) ?? { tokens: this.opts.capacity, at: t };
    const tokens = Math.min(this.opts.capacity, b.tokens + ((t - b.at) / 1000) * this.opts.refillPerSecond);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: t });
      return false;
    }
    this.buckets.set(key, { tokens: tokens - 1, at: t });
    return true;
  }

  private lastSweep = 0;
  private sweep(t: number): void {
    const idle = this.opts.idleMs ?? 10 * 60_000;
    if (t - this.lastSweep < idle) return;
    this.lastSweep = t;
    for (const [k, b] of this.buckets) if (t - b.at > idle) this.buckets.delete(k);
  }
}
