// The neighbour search of the kNN models (pearson-baseline with shrinkage, top-M), in plain
// JavaScript so that the main thread (under tsx or vitest) and the worker threads (plain node)
// run the very same code, and so give the very same lists.

const BINS = 2048;
const histogram = new Int32Array(BINS);

/**
 * The `keep` largest similarities (all in (0, 1]) of the first m candidates, best first, ties
 * by lower index. A histogram finds the cut in O(m), so only about `keep` entries get sorted.
 */
export function bestOf(cand, vals, m, keep) {
  let cut = 0;
  if (m > keep) {
    histogram.fill(0);
    for (let t = 0; t < m; t++) histogram[Math.min(BINS - 1, Math.floor(vals[t] * BINS))]++;
    let above = 0;
    let bin = BINS - 1;
    for (; bin > 0; bin--) {
      above += histogram[bin];
      if (above >= keep) break;
    }
    cut = bin / BINS;
  }
  const order = [];
  for (let t = 0; t < m; t++) if (vals[t] >= cut) order.push(t);
  order.sort((a, b) => vals[b] - vals[a] || cand[a] - cand[b]);
  const n = Math.min(keep, order.length);
  const idx = new Int32Array(n);
  const sim = new Float32Array(n);
  for (let t = 0; t < n; t++) {
    idx[t] = cand[order[t]];
    sim[t] = vals[order[t]];
  }
  return { idx, sim };
}

/**
 * Accumulators for one row against every column-side entity, interleaved per entity
 * (Σ e_a e_b, Σ e_a², Σ e_b², count) so one entity's sums share a cache line; `touched`
 * lists the entities met, so draining costs what the row touched, not the whole side.
 */
export function createAccumulator(n) {
  return { sums: new Float32Array(4 * n), touched: new Int32Array(n), nTouched: 0, cand: new Int32Array(n), vals: new Float32Array(n) };
}

/** Adds one co-rating (e_a for the row, e_b for entity b); used by fold-in. */
export function accumulate(acc, b, ea, eb) {
  const s = acc.sums;
  const o = 4 * b;
  if (s[o + 3] === 0) acc.touched[acc.nTouched++] = b;
  s[o] += ea * eb;
  s[o + 1] += ea * ea;
  s[o + 2] += eb * eb;
  s[o + 3]++;
}

/**
 * Shrunk similarities of the touched entities (excluding `self`), then resets them:
 *   sim = Σ e_a e_b / sqrt(Σ e_a² Σ e_b²) * (n - 1) / (n - 1 + shrinkage), positive only.
 */
export function drain(acc, self, shrinkage, minSupport, keep) {
  const { sums, touched, cand, vals } = acc;
  let m = 0;
  for (let t = 0; t < acc.nTouched; t++) {
    const b = touched[t];
    const o = 4 * b;
    const n = sums[o + 3];
    const den = Math.sqrt(sums[o + 1] * sums[o + 2]);
    if (b !== self && n >= minSupport && den > 0) {
      const s = (sums[o] / den) * ((n - 1) / (n - 1 + shrinkage));
      if (s > 0) {
        cand[m] = b;
        vals[m++] = s;
      }
    }
    sums[o] = 0;
    sums[o + 1] = 0;
    sums[o + 2] = 0;
    sums[o + 3] = 0;
  }
  acc.nTouched = 0;
  return bestOf(cand, vals, m, keep);
}

/**
 * Bounded min-heaps, one per entity, of its best `keep` neighbours so far; the root is the
 * worst kept (lowest similarity, then highest id). `floor` caches each full heap's root
 * similarity (-1 while not full) in one small array, so most offers are refused without
 * touching the heap.
 */
export function createHeaps(n, keep) {
  return {
    keep,
    size: new Int32Array(n),
    idx: new Int32Array(n * keep),
    sim: new Float32Array(n * keep),
    floor: new Float32Array(n).fill(-1),
  };
}

/** Offers neighbour `id` with similarity `s` (already rounded to float32) to entity b's heap. */
function offer(h, b, id, s) {
  const keep = h.keep;
  if (keep === 0) return;
  const base = b * keep;
  const I = h.idx;
  const S = h.sim;
  let n = h.size[b];
  if (n < keep) {
    let c = n;
    h.size[b] = ++n;
    while (c > 0) {
      const p = (c - 1) >> 1;
      const ps = S[base + p];
      if (ps < s || (ps === s && I[base + p] > id)) break; // the parent is already worse
      S[base + c] = ps;
      I[base + c] = I[base + p];
      c = p;
    }
    S[base + c] = s;
    I[base + c] = id;
    if (n === keep) h.floor[b] = S[base];
    return;
  }
  const rs = S[base];
  if (s < rs || (s === rs && id > I[base])) return;
  let c = 0;
  for (;;) {
    let w = 2 * c + 1;
    if (w >= keep) break;
    const r = w + 1;
    if (r < keep && (S[base + r] < S[base + w] || (S[base + r] === S[base + w] && I[base + r] > I[base + w]))) w = r;
    const ws = S[base + w];
    if (s < ws || (s === ws && id > I[base + w])) break; // the new entry is worse than both children
    S[base + c] = ws;
    I[base + c] = I[base + w];
    c = w;
  }
  S[base + c] = s;
  I[base + c] = id;
  h.floor[b] = S[base];
}

/**
 * The similarity pass over rows [from, to), each pair once: row a meets only the entities
 * b < a through its pivots (`cols` is the transpose of `rows`, its lists ascending, so the
 * scan of a pivot stops at a), and the shrunk similarity goes into both heaps. The sums are
 * accumulated in the same order either way, so sim(a, b) is exactly sim(b, a), and the
 * lists equal those of a full search per row; the pass costs half of one.
 */
export function symmetricRange(rows, cols, from, to, opts, acc, heaps) {
  const { shrinkage, minSupport } = opts;
  const { sums, touched } = acc;
  const floor = heaps.floor;
  const cPtr = cols.ptr;
  const cOther = cols.other;
  const cResid = cols.resid;
  for (let a = from; a < to; a++) {
    let nTouched = 0;
    for (let k = rows.ptr[a]; k < rows.ptr[a + 1]; k++) {
      const pivot = rows.other[k];
      const ea = rows.resid[k];
      const ea2 = ea * ea;
      const end = cPtr[pivot + 1];
      for (let q = cPtr[pivot]; q < end; q++) {
        const b = cOther[q];
        if (b >= a) break;
        const o = 4 * b;
        const eb = cResid[q];
        if (sums[o + 3] === 0) touched[nTouched++] = b;
        sums[o] += ea * eb;
        sums[o + 1] += ea2;
        sums[o + 2] += eb * eb;
        sums[o + 3]++;
      }
    }
    for (let t = 0; t < nTouched; t++) {
      const b = touched[t];
      const o = 4 * b;
      const n = sums[o + 3];
      const den = Math.sqrt(sums[o + 1] * sums[o + 2]);
      if (n >= minSupport && den > 0) {
        const s = Math.fround((sums[o] / den) * ((n - 1) / (n - 1 + shrinkage)));
        if (s > 0) {
          if (s >= floor[a]) offer(heaps, a, b, s);
          if (s >= floor[b]) offer(heaps, b, a, s);
        }
      }
      sums[o] = 0;
      sums[o + 1] = 0;
      sums[o + 2] = 0;
      sums[o + 3] = 0;
    }
  }
}

/**
 * The heaps of one or more passes (e.g. one per worker, each over some of the rows) as CSR
 * lists, best first, ties by lower id: entity b keeps the best `keep` of all its offers.
 */
export function heapsToLists(parts, n, keep) {
  const ptr = new Int32Array(n + 1);
  const lists = new Array(n);
  let cap = 0;
  for (const h of parts) cap = Math.max(cap, h.keep);
  const cand = new Int32Array(parts.length * cap);
  const vals = new Float32Array(parts.length * cap);
  for (let b = 0; b < n; b++) {
    let m = 0;
    for (const h of parts) {
      const len = h.size[b];
      const base = b * h.keep;
      cand.set(h.idx.subarray(base, base + len), m);
      vals.set(h.sim.subarray(base, base + len), m);
      m += len;
    }
    const l = bestOf(cand, vals, m, keep);
    lists[b] = l;
    ptr[b + 1] = ptr[b] + l.idx.length;
  }
  const idx = new Int32Array(ptr[n]);
  const sim = new Float32Array(ptr[n]);
  for (let b = 0; b < n; b++) {
    idx.set(lists[b].idx, ptr[b]);
    sim.set(lists[b].sim, ptr[b]);
  }
  return { ptr, idx, sim };
}
