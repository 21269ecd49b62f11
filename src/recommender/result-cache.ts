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
  return JSON.stringify([r.userId, r.limit, r.offset ?? 0, r.preferences ?? null, r.exclude ? [...r.exclude].sort((a, b) => a - b) : null]);
}

/** Callers may change what they get; the cache keeps its own copy. */
function copy(r: RecommendResult): RecommendResult {
  return { items: r.items.map((i) => ({ ...i })), relaxed: [...r.relaxed] };
}

export class ResultCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly max: number) {}

  /** The answer stored for `key`, if it was computed for this very user state, stamp and model. */
  get(key: string, owner: object, stamp: number, model: object): RecommendResult | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.owner !== owner || e.stamp !== stamp || e.model !== model) {
      this.entries.delete(key);
      return undefined;
    }
    // re-insert: the Map's order is least recently used first
    this.entries.delete(key);
    this.entries.set(key, e);
    return copy(e.value);
  }

  set(key: string, owner: object, stamp: number, model: object, value: RecommendResult): void {
    if (key.length > 4_096) return; // an unusually long request is not worth keeping
    this.entries.delete(key);
    this.entries.set(key, { owner, stamp, model, value: copy(value) });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}
