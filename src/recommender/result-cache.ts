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
    r.rankBlend ? Object.entries(r.rankBlend).sort(([a], [b]) => a.localeCompare(b)) : null,
  ]);
}

/** Callers may change what they get; the cache keeps its own copy. */
function copy(r: RecommendResult): RecommendResult {
  const out: RecommendResult = { items: r.items.map((i) => ({ ...i })), relaxed: [...r.relaxed] };
  if (r.modelVersion !== undefined) out.modelVersion = r.modelVersion;
  return out;
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

  clear(): void {
    this.entries.clear();
  }

  set(key: string, owner: object, stamp: number, model: object, value: RecommendResult): void {
    if (key.length > 4_096) return; // an unusually long request is not worth keeping
    this.entries.delete(key);
    this.entries.set(key, { owner, stamp, model, value: copy(value) });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}

/**
 * Each user's whole-catalogue scores (what scoring a history costs), kept for the history
 * object and model they were computed from: a new request for the same user (another page,
 * limit or wish) then only filters and picks. Bounded by bytes, least recently used first out.
 */
export class ScoreCache<V> {
  private readonly entries = new Map<number, { history: object; model: object; value: V; bytes: number }>();
  private used = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  get(userId: number, history: object, model: object): V | undefined {
    const e = this.entries.get(userId);
    if (!e) return undefined;
    this.entries.delete(userId);
    if (e.history !== history || e.model !== model) {
      this.used -= e.bytes;
      return undefined;
    }
    this.entries.set(userId, e); // most recently used last
    return e.value;
  }

  set(userId: number, history: object, model: object, value: V): void {
    const bytes = this.sizeOf(value);
    this.delete(userId);
    if (bytes > this.maxBytes) return;
    this.entries.set(userId, { history, model, value, bytes });
    this.used += bytes;
    for (const [id, e] of this.entries) {
      if (this.used <= this.maxBytes) break;
      this.entries.delete(id);
      this.used -= e.bytes;
    }
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }

  delete(userId: number): void {
    const e = this.entries.get(userId);
    if (!e) return;
    this.entries.delete(userId);
    this.used -= e.bytes;
  }

  get bytes(): number {
    return this.used;
  }
}
