/**
 * Shared machinery for item-to-item rankers (RP3beta, EASE, content neighbours): a sparse
 * row-per-item matrix W, scored as s = x_u W over the user's history, plus the user histories
 * of training so `predict(user)` works after a save/load round trip.
 */
import { f32, i32, type ModelArray, type ModelPayload } from '../codec.js';
import type { TrainingData, UserHistory } from '../types.js';

export interface SparseRows {
  nItems: number;
  rowPtr: Int32Array; // nItems + 1
  cols: Int32Array;
  vals: Float32Array;
}

/** Builds a SparseRows from per-row top-k picks, called row by row. */
export class SparseRowsBuilder {
  private readonly rowPtr: Int32Array;
  private cols: Int32Array;
  private vals: Float32Array;
  private nnz = 0;
  constructor(
    readonly nItems: number,
    expected: number,
  ) {
    this.rowPtr = new Int32Array(nItems + 1);
    this.cols = new Int32Array(Math.max(16, expected));
    this.vals = new Float32Array(Math.max(16, expected));
  }
  /** Rows must be added in order 0..nItems-1. */
  setRow(row: number, cols: ArrayLike<number>, vals: ArrayLike<number>, count: number): void {
    if (this.nnz + count > this.cols.length) {
      const size = Math.max(this.cols.length * 2, this.nnz + count);
      const c = new Int32Array(size);
      c.set(this.cols);
      const v = new Float32Array(size);
      v.set(this.vals);
      this.cols = c;
      this.vals = v;
    }
    for (let k = 0; k < count; k++) {
      this.cols[this.nnz] = cols[k]!;
      this.vals[this.nnz++] = vals[k]!;
    }
    this.rowPtr[row + 1] = this.nnz;
  }
  /** Rows never set are empty. */
  finish(): SparseRows {
    for (let r = 1; r <= this.nItems; r++) if (this.rowPtr[r]! < this.rowPtr[r - 1]!) this.rowPtr[r] = this.rowPtr[r - 1]!;
    return { nItems: this.nItems, rowPtr: this.rowPtr, cols: this.cols.slice(0, this.nnz), vals: this.vals.slice(0, this.nnz) };
  }
}

/**
 * Keep the k largest entries of a dense accumulator restricted to `touched` indices.
 * Returns the count written into outCols/outVals (unsorted).
 */
export function selectTopK(
  acc: Float64Array,
  touched: Int32Array,
  nTouched: number,
  k: number,
  outCols: Int32Array,
  outVals: Float64Array,
): number {
  let size = 0;
  // min-heap on value
  for (let t = 0; t < nTouched; t++) {
    const j = touched[t]!;
    const v = acc[j]!;
    if (!(v > 0)) continue;
    if (size < k) {
      let p = size++;
      while (p > 0) {
        const q = (p - 1) >> 1;
        if (outVals[q]! <= v) break;
        outVals[p] = outVals[q]!;
        outCols[p] = outCols[q]!;
        p = q;
      }
      outVals[p] = v;
      outCols[p] = j;
    } else if (v > outVals[0]!) {
      let p = 0;
      for (;;) {
        const l = 2 * p + 1;
        if (l >= size) break;
        const r = l + 1;
        const c = r < size && outVals[r]! < outVals[l]! ? r : l;
        if (outVals[c]! >= v) break;
        outVals[p] = outVals[c]!;
        outCols[p] = outCols[c]!;
        p = c;
      }
      outVals[p] = v;
      outCols[p] = j;
    }
  }
  return size;
}

/** out = sum over history items h of weight(h) * W[h, :]. Items out of range are skipped. */
export function scoreRows(w: SparseRows, items: Int32Array, weights: Float32Array | null, out: Float32Array): void {
  out.fill(0);
  const { rowPtr, cols, vals, nItems } = w;
  for (let t = 0; t < items.length; t++) {
    const i = items[t]!;
    if (i < 0 || i >= nItems) continue;
    const x = weights ? weights[t]! : 1;
    if (x === 0) continue;
    for (let p = rowPtr[i]!; p < rowPtr[i + 1]!; p++) out[cols[p]!]! += x * vals[p]!;
  }
  if (out.length > nItems) out.fill(Number.NaN, nItems);
}

/** Catalogue-sized space scoreRowsAt reuses from call to call (one per model per thread). */
export class RowScratch {
  readonly acc: Float32Array;
  readonly touched: Int32Array;
  readonly seen: Uint8Array;
  constructor(nItems: number) {
    this.acc = new Float32Array(nItems);
    this.touched = new Int32Array(nItems);
    this.seen = new Uint8Array(nItems);
  }
}

/**
 * scoreRows' values at `targets` only (NaN outside the catalogue): the rows are summed into
 * the scratch and only the places they touched are put back, so the cost is the rows' lengths,
 * not the catalogue's (no fill of every film per request).
 */
export function scoreRowsAt(
  w: SparseRows,
  items: Int32Array,
  weights: Float32Array | null,
  targets: Int32Array,
  out: Float32Array,
  scratch: RowScratch,
): void {
  const { rowPtr, cols, vals, nItems } = w;
  const { acc, touched, seen } = scratch;
  let n = 0;
  for (let t = 0; t < items.length; t++) {
    const i = items[t]!;
    if (i < 0 || i >= nItems) continue;
    const x = weights ? weights[t]! : 1;
    if (x === 0) continue;
    for (let p = rowPtr[i]!; p < rowPtr[i + 1]!; p++) {
      const j = cols[p]!;
      if (!seen[j]) {
        seen[j] = 1;
        touched[n++] = j;
      }
      acc[j]! += x * vals[p]!;
    }
  }
  for (let q = 0; q < targets.length; q++) {
    const j = targets[q]!;
    out[q] = j >= 0 && j < nItems ? acc[j]! : Number.NaN;
  }
  for (let t = 0; t < n; t++) {
    const j = touched[t]!;
    acc[j] = 0;
    seen[j] = 0;
  }
}

export function rowsToArrays(prefix: string, w: SparseRows): Record<string, ModelArray> {
  return { [`${prefix}.rowPtr`]: w.rowPtr, [`${prefix}.cols`]: w.cols, [`${prefix}.vals`]: w.vals };
}

export function rowsFromArrays(prefix: string, p: ModelPayload): SparseRows {
  const rowPtr = i32(p, `${prefix}.rowPtr`);
  return { nItems: rowPtr.length - 1, rowPtr, cols: i32(p, `${prefix}.cols`), vals: f32(p, `${prefix}.vals`) };
}

/** The training users' ratings, kept so predict(user) can score them by fold-in. */
export interface Histories {
  userPtr: Int32Array;
  userItems: Int32Array;
  userRatings: Float32Array;
}

export function historiesOf(data: TrainingData): Histories {
  return { userPtr: data.userPtr, userItems: data.userItems, userRatings: data.userRatings };
}

export function historyOf(h: Histories, user: number): UserHistory | null {
  if (!Number.isInteger(user) || user < 0 || user + 1 >= h.userPtr.length) return null;
  const a = h.userPtr[user]!;
  const b = h.userPtr[user + 1]!;
  return { items: h.userItems.subarray(a, b), ratings: h.userRatings.subarray(a, b), userIndex: user };
}

export function historiesToArrays(h: Histories): Record<string, ModelArray> {
  return { 'hist.userPtr': h.userPtr, 'hist.userItems': h.userItems, 'hist.userRatings': h.userRatings };
}

export function historiesFromArrays(p: ModelPayload): Histories {
  return {
    userPtr: i32(p, 'hist.userPtr'),
    userItems: i32(p, 'hist.userItems'),
    userRatings: f32(p, 'hist.userRatings'),
  };
}

/** predict() for fold-in models: score the user's training history, then pick the items. */
export function predictByFoldIn(
  h: Histories | null,
  nItems: number,
  user: number,
  items: Int32Array,
  score: (history: UserHistory, out: Float32Array) => void,
): Float32Array {
  const res = new Float32Array(items.length).fill(Number.NaN);
  const hist = h ? historyOf(h, user) : null;
  if (!hist) return res;
  const all = new Float32Array(nItems);
  score(hist, all);
  for (let t = 0; t < items.length; t++) {
    const i = items[t]!;
    if (i >= 0 && i < nItems) res[t] = all[i]!;
  }
  return res;
}
