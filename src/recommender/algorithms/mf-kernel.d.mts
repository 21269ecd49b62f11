/** Types for mf-kernel.mjs (kept in plain JavaScript so worker threads load it without a loader). */
export interface SgdState {
  users: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
  perm: Int32Array;
  P: Float32Array;
  Q: Float32Array;
  bu: Float32Array;
  bi: Float32Array;
  f: number;
  mu: number;
  lr: number;
  lrBias: number;
  reg: number;
  regBias: number;
}
export function rng(seed: number): () => number;
export function shuffleRange(perm: Int32Array, from: number, to: number, seed: number): void;
export function sgdRange(s: SgdState, from: number, to: number): number;
export function sgdUsers(s: SgdState, userOrder: Int32Array, ptr: Int32Array, from: number, to: number, seed: number): number;
