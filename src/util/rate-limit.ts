/**
 * The one rate limiter: a per-key token bucket, `capacity` requests at once, refilled at
 * `refillPerSecond`. The bot limits each chat user with it, the HTTP API each key (with a
 * Retry-After from `wait`). In memory and per process on purpose: it protects this process
 * from a flood; it is not an accounting system. The clock is injectable so tests need no timers.
 */
export interface RateLimitOptions {
  capacity: number;
  refillPerSecond: number;
  /** Buckets idle this long are dropped, so the map stays small. */
  idleMs?: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { capacity: 20, refillPerSecond: 0.5 };

/** Takes one request's token for a key: 0 when allowed, else the seconds to wait. */
export interface RateLimit {
  wait(key: string): number | Promise<number>;
}

/**
 * The same bucket kept in a shared store (the database), for several processes serving the
 * API: the store takes the token atomically on the database's clock.
 */
export function sharedRateLimit(store: { take(key: string, perMinute: number): Promise<number> }, perMinute: number): RateLimit {
  return { wait: (key) => store.take(key, perMinute) };
}

export class RateLimiter implements RateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly opts: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** `perMinute` requests a minute with bursts of the same size (the HTTP API's limit). */
  static perMinute(perMinute: number, now?: () => number): RateLimiter {
    return new RateLimiter({ capacity: perMinute, refillPerSecond: perMinute / 60 }, now);
  }

  /** Take one token; false when the key is over its limit. */
  take(key: string): boolean {
    return this.wait(key) === 0;
  }

  /** Take one token: 0 when allowed, else the whole seconds (at least 1) until one is free. */
  wait(key: string): number {
    const t = this.now();
    this.sweep(t);
    const b = this.buckets.get(key) ?? { tokens: this.opts.capacity, at: t };
    const tokens = Math.min(this.opts.capacity, b.tokens + ((t - b.at) / 1000) * this.opts.refillPerSecond);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: t });
      return Math.max(1, Math.ceil((1 - tokens) / this.opts.refillPerSecond));
    }
    this.buckets.set(key, { tokens: tokens - 1, at: t });
    return 0;
  }

  private lastSweep = 0;
  private sweep(t: number): void {
    const idle = this.opts.idleMs ?? 10 * 60_000;
    if (t - this.lastSweep < idle) return;
    this.lastSweep = t;
    for (const [k, b] of this.buckets) if (t - b.at > idle) this.buckets.delete(k);
  }
}
