/**
 * EASE (Steck, WWW 2019): B = I - P diag(1/diag P), P = (X^T X + lambda I)^-1, scores x_u B.
 *
 * The item-side inverse is n^3 (9,000 items: far too slow in JavaScript), but X^T X has rank
 * at most the number of users m, so by Woodbury P = (I - X^T K^-1 X) / lambda with
 * K = lambda I + X X^T (m x m). With m <= maxUsers we keep K^-1 and score exactly over the
 * whole catalogue: a = X x_u, b = K^-1 a, y = X^T b, score_j = y_j / (lambda P_jj).
 * With more users than that we fall back to the classic item-side EASE over the `maxItems`
 * most-rated items (others are NaN: left to the other rankers).
 */
import { decodeModel, encodeModel, f32, f64, i32, num } from '../codec.js';
import type { FitOptions, HyperParams, Recommender, TrainingData, UserHistory } from '../types.js';
import { capUserRatings } from '../large-data.js';
import { invertSpdInPlace } from './dense.js';
import { historiesFromArrays, historiesOf, historiesToArrays, predictByFoldIn, type Histories } from './item-graph.js';

export const EASE_DEFAULTS = {
  lambda: 300,
  ratingWeight: 0.5,
  weightFloor: 0.1,
  maxUsers: 2500,
  maxItems: 1200,
  /** Ratings of one user counted in the Gram matrix (a seeded sample beyond; 0 = all): large-data.ts. */
  maxUserRatings: 0,
  keepHistory: true,
} as const;

type Mode = 'dual' | 'primal';

/** Largest K^-1 X^T kept for fast scoring: 16M floats (64 MB; ml-latest-small needs 5.9M). */
const KX_MAX_ENTRIES = 16_000_000;

export class Ease implements Recommender {
  readonly name = 'ease';
  readonly kind = 'ranking' as const;
  private p: HyperParams;
  private mode: Mode = 'dual';
  private nItems = 0;
  private m = 0;
  private lambda = 0;
  // dual: K^-1 (m x m), 1 / (lambda P_jj), and X by item (users of j) and by user (items of v)
  private kinv: Float64Array = new Float64Array(0);
  /**
   * (K^-1 X^T) by item (n x m; item j's row is the sum of K^-1's rows of j's raters), when it
   * fits in KX_MAX_ENTRIES: a history of h films then costs h x m instead of m x m. Derived,
   * never saved.
   */
  private kx: Float32Array = new Float32Array(0);
  private scale: Float32Array = new Float32Array(0);
  private itemPtr: Int32Array = new Int32Array(0);
  private itemUsers: Int32Array = new Int32Array(0);
  private userPtr: Int32Array = new Int32Array(0);
  private userItems: Int32Array = new Int32Array(0);
  // primal: dense B over a subset of items
  private subset: Int32Array = new Int32Array(0); // subset index -> item
  private position: Int32Array = new Int32Array(0); // item -> subset index or -1
  private b: Float32Array = new Float32Array(0);
  private hist: Histories | null = null;

  constructor(params: HyperParams = {}) {
    this.p = { ...EASE_DEFAULTS, ...params };
  }
  get params(): HyperParams {
    return this.p;
  }

  fit(data: TrainingData, _opts?: FitOptions): void {
    this.lambda = Number(this.p.lambda);
    this.nItems = data.nItems;
    this.hist = this.p.keepHistory ? historiesOf(data) : null;
    if (data.nUsers <= Number(this.p.maxUsers)) this.fitDual(data);
    else this.fitPrimal(capUserRatings(data, Number(this.p.maxUserRatings)));
  }

  private fitDual(data: TrainingData): void {
    const { nUsers: m, nItems: n, itemPtr, itemUsers } = data;
    const lambda = this.lambda;
    const k = new Float64Array(m * m);
    for (let u = 0; u < m; u++) k[u * m + u] = lambda;
    for (let j = 0; j < n; j++) {
      const a = itemPtr[j]!;
      const e = itemPtr[j + 1]!;
      for (let p = a; p < e; p++) {
        const row = itemUsers[p]! * m;
        for (let q = a; q < e; q++) k[row + itemUsers[q]!]!++;
      }
    }
    invertSpdInPlace(k, m);
    const scale = new Float32Array(n);
    for (let j = 0; j < n; j++) {
      let quad = 0;
      const a = itemPtr[j]!;
      const e = itemPtr[j + 1]!;
      for (let p = a; p < e; p++) {
        const row = itemUsers[p]! * m;
        for (let q = a; q < e; q++) quad += k[row + itemUsers[q]!]!;
      }
      const pjj = (1 - quad) / lambda;
      scale[j] = pjj > 0 ? 1 / (lambda * pjj) : 0;
    }
    this.mode = 'dual';
    this.m = m;
    this.kinv = k;
    this.scale = scale;
    this.itemPtr = data.itemPtr;
    this.itemUsers = data.itemUsers;
    this.userPtr = data.userPtr;
    this.userItems = data.userItems;
    this.deriveKx();
  }

  private deriveKx(): void {
    const { m, nItems: n, kinv } = this;
    this.kx = new Float32Array(0);
    if (n * m > KX_MAX_ENTRIES) return;
    const kx = new Float32Array(n * m);
    const row = new Float64Array(m);
    for (let j = 0; j < n; j++) {
      row.fill(0);
      for (let p = this.itemPtr[j]!; p < this.itemPtr[j + 1]!; p++) {
        const u = this.itemUsers[p]! * m;
        for (let v = 0; v < m; v++) row[v]! += kinv[u + v]!;
      }
      kx.set(row, j * m);
    }
    this.kx = kx;
  }

  private fitPrimal(data: TrainingData): void {
    const { nItems: n, userPtr, userItems, itemPtr } = data;
    const order = Int32Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => itemPtr[b + 1]! - itemPtr[b]! - (itemPtr[a + 1]! - itemPtr[a]!),
    );
    const s = Math.min(n, Number(this.p.maxItems));
    const subset = order.slice(0, s).sort();
    const position = new Int32Array(n).fill(-1);
    subset.forEach((item, idx) => (position[item] = idx));
    const g = new Float64Array(s * s);
    const local = new Int32Array(n);
    for (let u = 0; u < data.nUsers; u++) {
      let c = 0;
      for (let p = userPtr[u]!; p < userPtr[u + 1]!; p++) {
        const x = position[userItems[p]!]!;
        if (x >= 0) local[c++] = x;
      }
      for (let a = 0; a < c; a++) {
        const row = local[a]! * s;
        for (let b = 0; b < c; b++) g[row + local[b]!]!++;
      }
    }
    for (let i = 0; i < s; i++) g[i * s + i]! += this.lambda;
    invertSpdInPlace(g, s);
    const b = new Float32Array(s * s);
    for (let i = 0; i < s; i++) for (let j = 0; j < s; j++) b[i * s + j] = i === j ? 0 : -g[i * s + j]! / g[j * s + j]!;
    this.mode = 'primal';
    this.kx = new Float32Array(0);
    this.subset = subset;
    this.position = position;
    this.b = b;
  }

  scoreHistory(history: UserHistory, out: Float32Array): void {
    if (history.items.length === 0 || this.nItems === 0) {
      out.fill(Number.NaN);
      return;
    }
    const w = historyWeights(history, Number(this.p.ratingWeight), Number(this.p.weightFloor));
    if (this.mode === 'dual') this.scoreDual(history.items, w, out);
    else this.scorePrimal(history.items, w, out);
  }

  private scoreDual(items: Int32Array, w: Float32Array, out: Float32Array): void {
    const m = this.m;
    let b: Float64Array;
    if (this.kx.length > 0 && items.length * 2 <= m) {
      // b = sum of the history's rows of K^-1 X^T: |history| x m instead of m x m
      b = new Float64Array(m);
      for (let t = 0; t < items.length; t++) {
        const j = items[t]!;
        if (j < 0 || j >= this.nItems) continue;
        const x = w[t]!;
        const row = j * m;
        for (let v = 0; v < m; v++) b[v]! += x * this.kx[row + v]!;
      }
    } else {
      const a = new Float64Array(m);
      for (let t = 0; t < items.length; t++) {
        const j = items[t]!;
        if (j < 0 || j >= this.nItems) continue;
        const x = w[t]!;
        for (let p = this.itemPtr[j]!; p < this.itemPtr[j + 1]!; p++) a[this.itemUsers[p]!]! += x;
      }
      b = denseTimes(this.kinv, m, a);
    }
    out.fill(0, 0, this.nItems);
    for (let v = 0; v < m; v++) {
      const bv = b[v]!;
      if (bv === 0) continue;
      for (let p = this.userPtr[v]!; p < this.userPtr[v + 1]!; p++) out[this.userItems[p]!]! += bv;
    }
    for (let j = 0; j < this.nItems; j++) out[j]! *= this.scale[j]!;
    for (const j of items) if (j >= 0 && j < this.nItems) out[j] = 0;
    if (out.length > this.nItems) out.fill(Number.NaN, this.nItems);
  }

  private scorePrimal(items: Int32Array, w: Float32Array, out: Float32Array): void {
    const s = this.subset.length;
    const acc = new Float64Array(s);
    for (let t = 0; t < items.length; t++) {
      const j = items[t]!;
      const x = j >= 0 && j < this.nItems ? this.position[j]! : -1;
      if (x < 0) continue;
      const row = x * s;
      const wt = w[t]!;
      for (let c = 0; c < s; c++) acc[c]! += wt * this.b[row + c]!;
    }
    out.fill(Number.NaN);
    for (let c = 0; c < s; c++) out[this.subset[c]!] = acc[c]!;
  }

  /**
   * scoreHistory's values for a few items. On a big catalogue (primal mode: B over the most
   * rated films) each item is a sum over the history's rows of B at the item's column: a
   * request ranked from a few hundred candidates no longer fills and scatters a
   * catalogue-sized array. The dual mode scores everything and picks.
   */
  scoreItems(history: UserHistory, items: Int32Array, out: Float32Array): void {
    if (this.mode === 'dual' || history.items.length === 0 || this.nItems === 0) {
      const all = new Float32Array(this.nItems);
      this.scoreHistory(history, all);
      for (let q = 0; q < items.length; q++) out[q] = items[q]! >= 0 && items[q]! < this.nItems ? all[items[q]!]! : Number.NaN;
      return;
    }
    const w = historyWeights(history, Number(this.p.ratingWeight), Number(this.p.weightFloor));
    const s = this.subset.length;
    const rows: number[] = [];
    const weights: number[] = [];
    for (let t = 0; t < history.items.length; t++) {
      const j = history.items[t]!;
      const x = j >= 0 && j < this.nItems ? this.position[j]! : -1;
      if (x < 0) continue;
      rows.push(x * s);
      weights.push(w[t]!);
    }
    for (let q = 0; q < items.length; q++) {
      const i = items[q]!;
      const c = i >= 0 && i < this.nItems ? this.position[i]! : -1;
      if (c < 0) {
        out[q] = Number.NaN;
        continue;
      }
      let acc = 0;
      for (let t = 0; t < rows.length; t++) acc += weights[t]! * this.b[rows[t]! + c]!;
      out[q] = acc;
    }
  }

  predict(user: number, items: Int32Array): Float32Array {
    return predictByFoldIn(this.hist, this.nItems, user, items, (h, out) => this.scoreHistory(h, out));
  }

  save(): Uint8Array {
    const hist = this.hist ? historiesToArrays(this.hist) : {};
    const common = { params: this.p, mode: this.mode, nItems: this.nItems, m: this.m, lambda: this.lambda };
    if (this.mode === 'dual')
      return encodeModel({
        name: this.name,
        meta: common,
        arrays: {
          ...hist,
          kinv: this.kinv,
          scale: this.scale,
          itemPtr: this.itemPtr,
          itemUsers: this.itemUsers,
          userPtr: this.userPtr,
          userItems: this.userItems,
        },
      });
    return encodeModel({ name: this.name, meta: common, arrays: { ...hist, subset: this.subset, b: this.b } });
  }

  load(bytes: Uint8Array): void {
    const d = decodeModel(bytes, this.name);
    this.p = { ...EASE_DEFAULTS, ...(d.meta.params as HyperParams) };
    this.mode = d.meta.mode === 'primal' ? 'primal' : 'dual';
    this.nItems = num(d, 'nItems');
    this.m = num(d, 'm');
    this.lambda = num(d, 'lambda');
    this.hist = d.arrays['hist.userPtr'] ? historiesFromArrays(d) : null;
    if (this.mode === 'dual') {
      this.kinv = f64(d, 'kinv');
      this.scale = f32(d, 'scale');
      this.itemPtr = i32(d, 'itemPtr');
      this.itemUsers = i32(d, 'itemUsers');
      this.userPtr = i32(d, 'userPtr');
      this.userItems = i32(d, 'userItems');
      this.deriveKx();
    } else {
      this.kx = new Float32Array(0);
      this.subset = i32(d, 'subset');
      this.b = f32(d, 'b');
      this.position = new Int32Array(this.nItems).fill(-1);
      this.subset.forEach((item, idx) => (this.position[item] = idx));
    }
  }
}

/**
 * Weight of each history item when scoring: 1 for plain implicit feedback; with
 * ratingWeight g > 0, 1 + g * (r - user mean), floored, so what the user liked pulls harder
 * than what they merely watched (and, with a negative floor, a film they hated pushes away).
 */
export function historyWeights(history: UserHistory, g: number, floor = 0.1): Float32Array {
  const n = history.items.length;
  const w = new Float32Array(n).fill(1);
  if (g === 0 || n === 0) return w;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += history.ratings[t]!;
  mean /= n;
  for (let t = 0; t < n; t++) w[t] = Math.max(floor, 1 + g * (history.ratings[t]! - mean));
  return w;
}

export const createEase = (params?: HyperParams): Recommender => new Ease(params);

/**
 * b = K a for a dense m x m matrix, two rows at a time with two partial sums each: every a[u]
 * is loaded once for two rows and the four sums do not wait on each other (about 40% faster
 * than the plain row loop here; this product is most of EASE's cost per request).
 */
export function denseTimes(k: Float64Array, m: number, a: Float64Array): Float64Array {
  const b = new Float64Array(m);
  let v = 0;
  for (; v + 1 < m; v += 2) {
    const r0 = v * m;
    const r1 = r0 + m;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let u = 0;
    for (; u + 1 < m; u += 2) {
      const a0 = a[u]!;
      const a1 = a[u + 1]!;
      s0 += k[r0 + u]! * a0;
      s1 += k[r0 + u + 1]! * a1;
      s2 += k[r1 + u]! * a0;
      s3 += k[r1 + u + 1]! * a1;
    }
    if (u < m) {
      s0 += k[r0 + u]! * a[u]!;
      s2 += k[r1 + u]! * a[u]!;
    }
    b[v] = s0 + s1;
    b[v + 1] = s2 + s3;
  }
  if (v < m) {
    const row = v * m;
    let s = 0;
    for (let u = 0; u < m; u++) s += k[row + u]! * a[u]!;
    b[v] = s;
  }
  return b;
}
