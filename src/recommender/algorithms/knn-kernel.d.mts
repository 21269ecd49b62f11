/** Types for knn-kernel.mjs (kept in plain JavaScript so worker threads load it without a loader). */
export interface SparseSide {
  ptr: Int32Array;
  other: Int32Array;
  resid: Float32Array;
}
export interface NeighbourOptions {
  shrinkage: number;
  minSupport: number;
  keep: number;
}
export interface Accumulator {
  sums: Float32Array;
  touched: Int32Array;
  nTouched: number;
  cand: Int32Array;
  vals: Float32Array;
}
export interface Heaps {
  keep: number;
  size: Int32Array;
  idx: Int32Array;
  sim: Float32Array;
  floor: Float32Array;
}
export function bestOf(cand: Int32Array, vals: Float32Array, m: number, keep: number): { idx: Int32Array; sim: Float32Array };
export function createAccumulator(n: number): Accumulator;
export function accumulate(acc: Accumulator, b: number, ea: number, eb: number): void;
export function drain(
  acc: Accumulator,
  self: number,
  shrinkage: number,
  minSupport: number,
  keep: number,
): { idx: Int32Array; sim: Float32Array };
export function createHeaps(n: number, keep: number): Heaps;
export function symmetricRange(
  rows: SparseSide,
  cols: SparseSide,
  from: number,
  to: number,
  opts: NeighbourOptions,
  acc: Accumulator,
  heaps: Heaps,
): void;
export function heapsToLists(parts: readonly Heaps[], n: number, keep: number): { ptr: Int32Array; idx: Int32Array; sim: Float32Array };
