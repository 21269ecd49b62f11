import { describe, expect, it } from 'vitest';
import type { RecommendResult } from '../../../src/core/ports.js';
import { requestKey, ResultCache, ScoreCache } from '../../../src/recommender/result-cache.js';

const answer = (ids: number[]): RecommendResult => ({
  items: ids.map((movieId) => ({ movieId, score: 1, predicted: 4, reason: 'r', source: 'ease' })),
  relaxed: [],
});

describe('requestKey', () => {
  it('tells requests apart by every field and ignores the order of exclusions', () => {
    const base = { userId: 1, limit: 10 };
    expect(requestKey(base)).toBe(requestKey({ ...base, offset: 0 }));
    expect(requestKey(base)).not.toBe(requestKey({ ...base, limit: 11 }));
    expect(requestKey(base)).not.toBe(requestKey({ ...base, userId: 2 }));
    expect(requestKey(base)).not.toBe(requestKey({ ...base, offset: 10 }));
    expect(requestKey({ ...base, exclude: new Set([3, 1]) })).toBe(requestKey({ ...base, exclude: new Set([1, 3]) }));
    expect(requestKey({ ...base, exclude: new Set([1]) })).not.toBe(requestKey(base));
  });
});

describe('ResultCache', () => {
  const owner = {};
  const model = {};

  it('answers only for the same user state, stamp and model', () => {
    const cache = new ResultCache(10);
    cache.set('k', owner, 1, model, answer([5, 6]));
    expect(cache.get('k', owner, 1, model)?.items.map((i) => i.movieId)).toEqual([5, 6]);
    expect(cache.get('k', owner, 2, model)).toBeUndefined(); // the user rated or marked something
    cache.set('k', owner, 1, model, answer([5, 6]));
    expect(cache.get('k', {}, 1, model)).toBeUndefined(); // the user's state was reloaded
    cache.set('k', owner, 1, model, answer([5, 6]));
    expect(cache.get('k', owner, 1, {})).toBeUndefined(); // a new model
    expect(cache.get('other', owner, 1, model)).toBeUndefined();
  });

  it('hands out copies, so a caller changing its answer changes nobody else’s', () => {
    const cache = new ResultCache(10);
    const original = answer([5]);
    cache.set('k', owner, 1, model, original);
    original.items[0]!.reason = 'changed after storing';
    const first = cache.get('k', owner, 1, model)!;
    first.items[0]!.reason = 'changed by a caller';
    first.items.pop();
    first.relaxed.push('x');
    expect(cache.get('k', owner, 1, model)).toEqual(answer([5]));
  });

  it('forgets the least recently used answer when full', () => {
    const cache = new ResultCache(2);
    cache.set('a', owner, 1, model, answer([1]));
    cache.set('b', owner, 1, model, answer([2]));
    expect(cache.get('a', owner, 1, model)).toBeDefined(); // a is now the most recent
    cache.set('c', owner, 1, model, answer([3]));
    expect(cache.get('b', owner, 1, model)).toBeUndefined();
    expect(cache.get('a', owner, 1, model)).toBeDefined();
    expect(cache.get('c', owner, 1, model)).toBeDefined();
  });
});

describe('ScoreCache', () => {
  const model = {};
  const sized = (n: number) => new Float32Array(n);

  it('answers only for the same history object and model', () => {
    const cache = new ScoreCache<Float32Array>(1_000, (v) => v.byteLength);
    const history = {};
    const value = sized(10);
    cache.set(1, history, model, value);
    expect(cache.get(1, history, model)).toBe(value);
    expect(cache.get(1, {}, model)).toBeUndefined(); // a new history: the user rated something
    expect(cache.bytes).toBe(0);
    cache.set(1, history, model, value);
    expect(cache.get(1, history, {})).toBeUndefined(); // a new model
    expect(cache.get(2, history, model)).toBeUndefined();
  });

  it('stays within its bytes, dropping the least recently used, and keeps nothing too big', () => {
    const cache = new ScoreCache<Float32Array>(100, (v) => v.byteLength); // 25 floats
    const h = [{}, {}, {}];
    cache.set(0, h[0]!, model, sized(10));
    cache.set(1, h[1]!, model, sized(10));
    cache.get(0, h[0]!, model); // 0 used last: 1 goes first
    cache.set(2, h[2]!, model, sized(10));
    expect(cache.get(1, h[1]!, model)).toBeUndefined();
    expect(cache.get(0, h[0]!, model)).toBeDefined();
    expect(cache.get(2, h[2]!, model)).toBeDefined();
    expect(cache.bytes).toBe(80);
    cache.set(0, h[0]!, model, sized(30)); // over the whole budget: not kept, and the old entry is gone
    expect(cache.get(0, h[0]!, model)).toBeUndefined();
    expect(cache.bytes).toBe(40);
  });
});
