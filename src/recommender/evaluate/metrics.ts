/**
 * The protocol's metrics as pure functions (see the splits README): RMSE and MAE over every
 * test row; precision, recall, NDCG (binary gain, log2 discount, ideal over
 * min(relevant, k)) and hit rate at k per user; catalogue coverage over all lists.
 */

export function rmse(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  if (predicted.length !== actual.length) throw new Error('rmse: length mismatch');
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = predicted[i]! - actual[i]!;
    s += d * d;
  }
  return actual.length ? Math.sqrt(s / actual.length) : Number.NaN;
}

export function mae(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  if (predicted.length !== actual.length) throw new Error('mae: length mismatch');
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(predicted[i]! - actual[i]!);
  return actual.length ? s / actual.length : Number.NaN;
}

export interface RankingScores {
  precision: number;
  recall: number;
  ndcg: number;
  hit: number;
}

/**
 * Metrics for one user's ranked list. `relevantCount` is the size of the relevant set (it may
 * hold items the list could never contain, e.g. movies unseen in training: they still count).
 */
export function rankingScores(
  list: ArrayLike<number>,
  relevant: ReadonlySet<number>,
  k: number,
  relevantCount = relevant.size,
): RankingScores {
  let hits = 0;
  let dcg = 0;
  const n = Math.min(k, list.length);
  for (let r = 0; r < n; r++) {
    if (relevant.has(list[r]!)) {
      hits++;
      dcg += 1 / Math.log2(r + 2);
    }
  }
  let idcg = 0;
  for (let r = 0; r < Math.min(relevantCount, k); r++) idcg += 1 / Math.log2(r + 2);
  return {
    precision: hits / k,
    recall: relevantCount ? hits / relevantCount : 0,
    ndcg: idcg ? dcg / idcg : 0,
    hit: hits > 0 ? 1 : 0,
  };
}

/** Distinct items over all lists / catalogue size. */
export function catalogCoverage(lists: Iterable<ArrayLike<number>>, nItems: number): number {
  const seen = new Set<number>();
  for (const l of lists) for (let i = 0; i < l.length; i++) seen.add(l[i]!);
  return nItems ? seen.size / nItems : 0;
}

/**
 * The k best-scoring indices, best first; NaN scores and excluded indices are left out.
 * Ties go to the lower index, so lists are deterministic. O(n log k) with a small heap.
 */
export function topK(scores: ArrayLike<number>, k: number, exclude?: (index: number) => boolean): Int32Array {
  const heapIdx = new Int32Array(k);
  const heapVal = new Float64Array(k);
  let size = 0;
  // min-heap on (value, -index): the root is the worst kept entry
  const worse = (va: number, ia: number, vb: number, ib: number) => va < vb || (va === vb && ia > ib);
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i]!;
    if (v !== v) continue; // NaN
    if (exclude && exclude(i)) continue;
    if (size < k) {
      let c = size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!worse(v, i, heapVal[p]!, heapIdx[p]!)) break;
        heapVal[c] = heapVal[p]!;
        heapIdx[c] = heapIdx[p]!;
        c = p;
      }
      heapVal[c] = v;
      heapIdx[c] = i;
    } else if (k > 0 && worse(heapVal[0]!, heapIdx[0]!, v, i)) {
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        if (l >= size) break;
        const r = l + 1;
        const m = r < size && worse(heapVal[r]!, heapIdx[r]!, heapVal[l]!, heapIdx[l]!) ? r : l;
        if (!worse(heapVal[m]!, heapIdx[m]!, v, i)) break;
        heapVal[c] = heapVal[m]!;
        heapIdx[c] = heapIdx[m]!;
        c = m;
      }
      heapVal[c] = v;
      heapIdx[c] = i;
    }
  }
  const order = Array.from({ length: size }, (_, j) => j);
  order.sort((a, b) => heapVal[b]! - heapVal[a]! || heapIdx[a]! - heapIdx[b]!);
  return Int32Array.from(order, (j) => heapIdx[j]!);
}
