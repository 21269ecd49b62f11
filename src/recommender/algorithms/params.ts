import type { HyperParams } from '../types.js';

/**
 * Defaults overridden by the given params, key by key, only where the type matches (a tune
 * file from an older version must not break a model). Unknown keys are ignored.
 */
export function withDefaults<T extends Record<string, number | string | boolean>>(defaults: T, params?: HyperParams): T {
  const out: Record<string, number | string | boolean> = { ...defaults };
  if (params) {
    for (const key of Object.keys(defaults)) {
      const v = params[key];
      if (v !== undefined && typeof v === typeof defaults[key] && (typeof v !== 'number' || Number.isFinite(v))) out[key] = v;
    }
  }
  return out as T;
}

/** Guard used by predict(): a user index the model was not fitted on. */
export const validIndex = (i: number, n: number): boolean => Number.isInteger(i) && i >= 0 && i < n;
