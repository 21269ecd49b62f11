/**
 * Which surface a request came from, and what the recommender answered in it, carried through
 * the request by AsyncLocalStorage. The engine wrapper notes each recommended film (its kind,
 * model version, experiment and variant); the places that show cards then call `noteShown`,
 * which records an impression for each noted film actually shown. A card rebuilt after a click,
 * a search hit or a film fetched but trimmed away is never counted as shown.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { InsightsRecorder } from './recorder.js';

export interface ShownMeta {
  kind: 'recommend' | 'similar' | 'party';
  modelVersion: number | null;
  experimentId: number | null;
  variant: string | null;
}

interface Scope {
  surface: string;
  recorder: InsightsRecorder | undefined;
  offered: Map<string, ShownMeta>;
}

const storage = new AsyncLocalStorage<Scope>();
const key = (userId: number, movieId: number) => `${userId}:${movieId}`;

/** Run `f` as one request from `surface`; impressions go to `recorder` (none when undefined). */
export function withInsightScope<T>(surface: string, recorder: InsightsRecorder | undefined, f: () => T): T {
  if (!recorder) return f();
  return storage.run({ surface, recorder, offered: new Map() }, f);
}

/** The recommender offered these films to the user in this request (the engine wrapper calls it). */
export function noteOffered(userId: number, movieIds: readonly number[], meta: ShownMeta | ((movieId: number) => ShownMeta)): void {
  const scope = storage.getStore();
  if (!scope) return;
  for (const id of movieIds) scope.offered.set(key(userId, id), typeof meta === 'function' ? meta(id) : meta);
}

/** These films were shown to the user in this order: record the ones the recommender offered. Costs no I/O. */
export function noteShown(userId: number, movieIds: readonly number[], offset = 0): void {
  const scope = storage.getStore();
  if (!scope?.recorder || scope.offered.size === 0) return;
  const shownAt = scope.recorder.now();
  movieIds.forEach((movieId, i) => {
    const k = key(userId, movieId);
    const meta = scope.offered.get(k);
    if (!meta) return;
    scope.offered.delete(k); // shown once per request, even if two card lists repeat it
    scope.recorder!.recordImpression({ userId, movieId, surface: scope.surface, position: offset + i, shownAt, ...meta });
  });
}
