import { overridesKey } from './ranking-params.js';
import { LRUCache } from 'lru-cache';
import type { RecommendRequest, RecommendResult } from '../core/ports.js';

/**
 * Recent answers to `recommend`, reused while the user's ratings and marks (their state's
 * stamp) and the model are unchanged. Scoring the whole catalogue is most of a request's
 * cost, and apps ask again for the same user far more often than that user rates.
 */
interface Entry {
  owner: object;
  stamp: number;
  model: object;
  value: RecommendResult;
}

/** The request's shape as a key; `exclude` sorted so the same set gives the same key. */
export function requestKey(r: RecommendRequest): string {
  return JSON.stringify([
    r.userId,
    r.limit,
    r.offset ?? 0,
    r.preferences ?? null,
    r.exclude ? [...r.exclude].sort((a, b) => a - b) : null,
    r.diversity ?? null,
    r.modelVersion ?? null,
    overridesKey(r.rankBlend),
  ]);
}

/** Callers may change what they get; the cache keeps its own copy. */
function copy(r: RecommendResult): RecommendResult {
  const out: RecommendResult = { items: r.items.map((i) => ({ ...i })), relaxed: [...r.relaxed] };
  if (r.modelVersion !== undefined) out.modelVersion = r.modelVersion;
  return out;
}

export class ResultCache {
  private readonly entries: LRUCache<string, Entry>;

  constructor(max: number) {
    this.entries = new LRUCache<string, Entry>({ max });
  }

  /** The answer stored for `key`, if it was computed for this very user state, stamp and model. */
  get(key: string, owner: object, stamp: number, model: object): RecommendResult | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.owner !== owner || e.stamp !== stamp || e.model !== model) {
      this.entries.delete(key);
      return undefined;
    }
    return copy(e.value);
  }

  clear(): void {
    this.entries.clear();
  }

  set(key: string, owner: object, stamp: number, model: object, value: RecommendResult): void {
    if (key.length > 4_096) return; // an unusually long request is not worth keeping
    this.entries.set(key, { owner, stamp, model, value: copy(value) });
  }
}

/**
 * Each user's whole-catalogue scores (what scoring a history costs), kept for the history
 * object and model they were computed from: a new request for the same user (another page,
 * limit or wish) then only filters and picks. Bounded by bytes, least recently used first out.
 */
export class ScoreCache<V> {
  /** Null when the budget is 0: nothing is kept. */
  private readonly entries: LRUCache<number, { history: object; model: object; value: V }> | null;

  constructor(maxBytes: number, sizeOf: (value: V) => number) {
    const maxSize = Math.floor(maxBytes);
    this.entries = maxSize > 0 ? new LRUCache({ maxSize, sizeCalculation: (e) => Math.max(1, sizeOf(e.value)) }) : null;
  }

  get(userId: number, history: object, model: object): V | undefined {
    const e = this.entries?.get(userId);
    if (!e) return undefined;
    if (e.history !== history || e.model !== model) {
      this.entries!.delete(userId);
      return undefined;
    }
    return e.value;
  }

  set(userId: number, history: object, model: object, value: V): void {
    if (!this.entries) return;
    // an entry bigger than the whole budget is not kept (and the user's older one goes)
    this.entries.delete(userId);
    this.entries.set(userId, { history, model, value });
  }

  clear(): void {
    this.entries?.clear();
  }

  delete(userId: number): void {
    this.entries?.delete(userId);
  }

  get bytes(): number {
    return this.entries?.calculatedSize ?? 0;
  }
}
