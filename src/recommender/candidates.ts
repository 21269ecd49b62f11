/**
 * Candidates before ranking, for big catalogues: instead of blending every film's scores, a
 * request gathers a few hundred films from structures the model already holds and the
 * hybrid scores only those (Hybrid.rankCandidates). Two sources, measured with
 * `npm run bench -- candidates` and `reelmate eval --candidates`:
 *
 *  - co-occurrence neighbours: the RP3beta item-item rows of the films in the history, summed
 *    with the history's rating weights; what EASE ranks high is what co-occurs with the
 *    history, and these rows are sparse (100 a film), so gathering costs |history| x 100;
 *  - a fixed list of the films the cold blend ranks highest (popularity tempered by quality),
 *    computed once per model: it carries short histories and keeps the coverage terms honest.
 *
 * Pure functions over typed arrays; nothing here touches the whole catalogue per request.
 */

/** A sparse item-item row: neighbours and weights, parallel. */
export interface NeighbourRow {
  cols: Int32Array;
  vals: Float32Array;
}

export interface CandidateOptions {
  /** How many co-occurrence neighbours to keep (the strongest by summed weight). */
  neighbours: number;
  /** The per-model list of films every request considers (see popularCandidates). */
  popular: Int32Array;
}

/**
 * Default sizes: 400 neighbours + 100 popular films, set before measuring (not tuned on a test
 * fold); how NDCG@10 and latency respond to them: README, "Scaling out".
 */
export const CANDIDATE_DEFAULTS = { neighbours: 400, popular: 100 } as const;

/**
 * Indices of the `k` largest values of `score` (over indices 0..n-1), best first, ties by
 * index. A partial selection by min-heap over the given indices only: each score is read
 * once, the heap lives in typed arrays (a request selects 400 of some 15,000 touched films).
 */
export function topIndices(indices: ArrayLike<number>, count: number, score: (i: number) => number, k: number): Int32Array {
  const size = Math.max(0, Math.min(k, count));
  const items = new Int32Array(size);
  const values = new Float64Array(size);
  // worse: a lower score, or the same score at a higher index (the root is the worst kept)
  const worse = (va: number, a: number, vb: number, b: number) => va < vb || (va === vb && a > b);
  let n = 0;
  for (let t = 0; t < count && size > 0; t++) {
    const i = indices[t]!;
    const v = score(i);
    if (n < size) {
      let j = n++;
      while (j > 0) {
        const p = (j - 1) >> 1;
        if (!worse(v, i, values[p]!, items[p]!)) break;
        items[j] = items[p]!;
        values[j] = values[p]!;
        j = p;
      }
      items[j] = i;
      values[j] = v;
    } else if (worse(values[0]!, items[0]!, v, i)) {
      let j = 0;
      for (;;) {
        const l = 2 * j + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && worse(values[r]!, items[r]!, values[l]!, items[l]!) ? r : l;
        if (!worse(values[c]!, items[c]!, v, i)) break;
        items[j] = items[c]!;
        values[j] = values[c]!;
        j = c;
      }
      items[j] = i;
      values[j] = v;
    }
  }
  const order = Array.from({ length: n }, (_, t) => t).sort((a, b) => values[b]! - values[a]! || items[a]! - items[b]!);
  return Int32Array.from(order, (t) => items[t]!);
}

/**
 * Scratch space for neighbourCandidates, sized to the catalogue and reused across requests
 * (one per scoring thread): the summed weights and which films were touched.
 */
export class NeighbourScratch {
  readonly acc: Float32Array;
  readonly touched: Int32Array;
  constructor(readonly nItems: number) {
    this.acc = new Float32Array(nItems);
    this.touched = new Int32Array(nItems);
  }
}

/**
 * The `k` films whose neighbour rows, summed over the history with `weights`, weigh most;
 * films in the history itself are skipped. Cost: the rows' lengths, never the catalogue.
 */
export function neighbourCandidates(
  history: Int32Array,
  weights: ArrayLike<number>,
  row: (item: number) => NeighbourRow,
  k: number,
  scratch: NeighbourScratch,
): Int32Array {
  const { acc, touched } = scratch;
  let n = 0;
  for (let t = 0; t < history.length; t++) {
    const w = weights[t]!;
    if (!(w > 0)) continue;
    const { cols, vals } = row(history[t]!);
    for (let p = 0; p < cols.length; p++) {
      const j = cols[p]!;
      if (j < 0 || j >= scratch.nItems) continue;
      if (acc[j] === 0) touched[n++] = j;
      acc[j]! += w * vals[p]! + 1e-30; // never 0 once touched, whatever the weight
    }
  }
  for (let t = 0; t < history.length; t++) {
    const i = history[t]!;
    if (i >= 0 && i < scratch.nItems) acc[i] = Number.NEGATIVE_INFINITY;
  }
  const picked = topIndices(touched, n, (j) => acc[j]!, k);
  const out = picked.filter((j) => acc[j]! > Number.NEGATIVE_INFINITY);
  for (let t = 0; t < n; t++) acc[touched[t]!] = 0;
  for (let t = 0; t < history.length; t++) {
    const i = history[t]!;
    if (i >= 0 && i < scratch.nItems) acc[i] = 0;
  }
  return out;
}

/** The `k` films with the highest `scores` (a model's cold ranking), computed once per model. */
export function popularCandidates(scores: Float32Array, k: number): Int32Array {
  return topIndices(
    Int32Array.from({ length: scores.length }, (_, i) => i),
    scores.length,
    (i) => scores[i]!,
    k,
  );
}

/** The union of the lists, first occurrence kept, in order; `skip` drops films (the history). */
export function mergeCandidates(lists: readonly Int32Array[], skip?: (item: number) => boolean): Int32Array {
  const seen = new Set<number>();
  const out: number[] = [];
  for (const list of lists)
    for (const i of list) {
      if (seen.has(i) || skip?.(i)) continue;
      seen.add(i);
      out.push(i);
    }
  return Int32Array.from(out);
}

/** Should requests on a model of `nItems` films use candidates? `minFilms` 0 = always. */
export function useCandidates(nItems: number, minFilms: number): boolean {
  return nItems >= minFilms;
}
