import { performance } from 'node:perf_hooks';

/** Seconds since `t0` (a performance.now() reading; 0 = since the process started), 0.1 s precision. */
export function since(t0: number): number {
  return Math.round((performance.now() - t0) / 100) / 10;
}
