/** Takes one request's token for a key: 0 when allowed, else the seconds to wait. */
export interface RateLimit {
  take(key: string): number | Promise<number>;
}

/**
 * Per-key token bucket: `perMinute` requests a minute with bursts up to the same number, in
 * this process's memory (one process serving the API; see sharedRateLimit for several).
 */
export class RateLimiter implements RateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly ratePerMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.ratePerMs = perMinute / 60_000;
  }

  /** Take one token; returns 0 when allowed, else the seconds to wait. */
  take(key: string): number {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: t };
    b.tokens = Math.min(this.perMinute, b.tokens + (t - b.at) * this.ratePerMs);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.ratePerMs / 1000));
  }
}

/** The same bucket kept in a shared store (the database), for several processes serving the API. */
export function sharedRateLimit(store: { take(key: string, perMinute: number): Promise<number> }, perMinute: number): RateLimit {
  return { take: (key) => store.take(key, perMinute) };
}
