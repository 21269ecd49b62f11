import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/util/rate-limit.js';

describe('RateLimiter.perMinute (the HTTP API limit)', () => {
  it('allows a burst of the limit, then says how many whole seconds to wait', () => {
    let now = 0;
    const limiter = RateLimiter.perMinute(3, () => now);
    expect([1, 2, 3, 4].map(() => limiter.wait('key'))).toEqual([0, 0, 0, 20]);
    now += 10_000; // half a token back: still 10 s to go
    expect(limiter.wait('key')).toBe(10);
    now += 10_000;
    expect(limiter.wait('key')).toBe(0);
    expect(limiter.wait('other')).toBe(0);
  });

  it('never answers less than one second', () => {
    const limiter = RateLimiter.perMinute(600, () => 0);
    for (let i = 0; i < 600; i++) limiter.wait('k');
    expect(limiter.wait('k')).toBe(1);
  });
});
