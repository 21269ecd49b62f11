/**
 * TrainingData from (user, movie, rating) triples, plus the MovieLens and split loaders
 * (re-exported from ./data/*), so callers import one module.
 */
import type { ItemMeta, RatingTriples, TrainingData, UserHistory } from './types.js';

export * from './loaders/movielens.js';
export * from './loaders/splits.js';
export { parseRatingsCsv } from './loaders/csv.js';
export { syntheticRatings, type SyntheticOptions } from './loaders/synthetic.js';

export interface BuildOptions {
  /** Catalogue metadata by movieId; fills TrainingData.items (index-aligned). */
  meta?: ReadonlyMap<number, ItemMeta> | undefined;
  /** Movies to index even without ratings (e.g. the whole catalogue, so content models can score them). */
  extraMovieIds?: Iterable<number> | undefined;
}

/** Ids up to this use a typed lookup table instead of a Map (10M rows: seconds faster). */
const DENSE_ID_LIMIT = 1 << 25;

function maxOf(values: Int32Array): number {
  let m = -1;
  for (let i = 0; i < values.length; i++) if (values[i]! > m) m = values[i]!;
  return m;
}

function minOf(values: Int32Array): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! < m) m = values[i]!;
  return m;
}

function sortedUnique(values: Int32Array, extra?: Iterable<number>): Int32Array {
  const extraList = extra ? Array.from(extra) : [];
  let max = maxOf(values);
  for (const v of extraList) if (Number.isInteger(v) && v > max) max = v;
  if (minOf(values) >= 0 && max < DENSE_ID_LIMIT && extraList.every((v) => Number.isInteger(v) && v >= 0)) {
    const seen = new Uint8Array(max + 1);
    let count = 0;
    for (let i = 0; i < values.length; i++) if (!seen[values[i]!]) (seen[values[i]!] = 1), count++;
    for (const v of extraList) if (!seen[v]) (seen[v] = 1), count++;
    const out = new Int32Array(count);
    let k = 0;
    for (let v = 0; v <= max; v++) if (seen[v]) out[k++] = v;
    return out;
  }
  const set = new Set<number>(values);
  for (const v of extraList) set.add(v);
  return Int32Array.from(set).sort();
}

function indexOf(ids: Int32Array): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) m.set(ids[i]!, i);
  return m;
}

/** id -> index for every row, through a typed table when ids are small non-negative ints. */
function indexRows(values: Int32Array, ids: Int32Array, index: Map<number, number>): Int32Array {
  const out = new Int32Array(values.length);
  const max = ids.length ? ids[ids.length - 1]! : -1;
  if (ids.length && ids[0]! >= 0 && max < DENSE_ID_LIMIT) {
    const table = new Int32Array(max + 1);
    for (let i = 0; i < ids.length; i++) table[ids[i]!] = i;
    for (let r = 0; r < values.length; r++) out[r] = table[values[r]!]!;
  } else {
    for (let r = 0; r < values.length; r++) out[r] = index.get(values[r]!)!;
  }
  return out;
}

/** A film's facts when the catalogue has none but its id (and perhaps a title): every list empty. */
export function placeholderMeta(movieId: number, title = String(movieId)): ItemMeta {
  return {
    movieId,
    title,
    year: null,
    genres: [],
    tags: [],
    keywords: [],
    directors: [],
    cast: [],
    overview: null,
    runtime: null,
    language: null,
  };
}

/**
 * Builds the CSR (by user) and CSC (by item) views. Users and items are indexed by ascending
 * id; within a user items ascend, within an item users ascend. A repeated (user, movie) pair
 * keeps its last rating.
 */
export function buildTrainingData(triples: RatingTriples, opts: BuildOptions = {}): TrainingData {
  const userIds = sortedUnique(triples.userIds);
  const itemIds = sortedUnique(triples.movieIds, opts.extraMovieIds);
  const userIndex = indexOf(userIds);
  const itemIndex = indexOf(itemIds);
  const nUsers = userIds.length;
  const nItems = itemIds.length;
  const n = triples.ratings.length;

  const uOf = indexRows(triples.userIds, userIds, userIndex);
  const iOf = indexRows(triples.movieIds, itemIds, itemIndex);
  // Bucket rows by item (stable), then walk items in order into user buckets: users' items ascend.
  const byItem = bucket(iOf, nItems);
  const userCount = new Int32Array(nUsers + 1);
  for (let r = 0; r < n; r++) userCount[uOf[r]! + 1]!++;
  const userPtr = prefix(userCount);
  const fill = userPtr.slice(0, nUsers);
  const userItems = new Int32Array(n);
  const userRatings = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const r = byItem[k]!;
    const u = uOf[r]!;
    const at = fill[u]!++;
    userItems[at] = iOf[r]!;
    userRatings[at] = triples.ratings[r]!;
  }
  // Drop duplicates (same user, same item: adjacent now), keeping the later row.
  const dedup = dedupeUserRuns(userPtr, userItems, userRatings);

  const total = dedup.userItems.length;
  const itemCount = new Int32Array(nItems + 1);
  for (let k = 0; k < total; k++) itemCount[dedup.userItems[k]! + 1]!++;
  const itemPtr = prefix(itemCount);
  const ifill = itemPtr.slice(0, nItems);
  const itemUsers = new Int32Array(total);
  const itemRatings = new Float32Array(total);
  let sum = 0;
  for (let u = 0; u < nUsers; u++) {
    for (let k = dedup.userPtr[u]!; k < dedup.userPtr[u + 1]!; k++) {
      const i = dedup.userItems[k]!;
      const at = ifill[i]!++;
      itemUsers[at] = u;
      itemRatings[at] = dedup.userRatings[k]!;
      sum += dedup.userRatings[k]!;
    }
  }
  const meta = opts.meta;
  return {
    nUsers,
    nItems,
    nRatings: total,
    userIds,
    itemIds,
    userIndex,
    itemIndex,
    userPtr: dedup.userPtr,
    userItems: dedup.userItems,
    userRatings: dedup.userRatings,
    itemPtr,
    itemUsers,
    itemRatings,
    globalMean: total > 0 ? sum / total : Number.NaN,
    items: meta ? Array.from(itemIds, (id) => meta.get(id) ?? placeholderMeta(id)) : undefined,
  };
}

/** Row order grouped by key, stable within a key (counting sort). */
function bucket(keys: Int32Array, nKeys: number): Int32Array {
  const count = new Int32Array(nKeys + 1);
  for (let r = 0; r < keys.length; r++) count[keys[r]! + 1]!++;
  const ptr = prefix(count);
  const out = new Int32Array(keys.length);
  for (let r = 0; r < keys.length; r++) out[ptr[keys[r]!]!++] = r;
  return out;
}

function prefix(count: Int32Array): Int32Array {
  const ptr = new Int32Array(count.length);
  for (let k = 1; k < count.length; k++) ptr[k] = ptr[k - 1]! + count[k]!;
  return ptr;
}

function dedupeUserRuns(ptr: Int32Array, items: Int32Array, ratings: Float32Array) {
  let dup = false;
  for (let u = 0; u + 1 < ptr.length && !dup; u++) {
    for (let k = ptr[u]! + 1; k < ptr[u + 1]!; k++) if (items[k] === items[k - 1]) dup = true;
  }
  if (!dup) return { userPtr: ptr, userItems: items, userRatings: ratings };
  const newPtr = new Int32Array(ptr.length);
  const outItems: number[] = [];
  const outRatings: number[] = [];
  for (let u = 0; u + 1 < ptr.length; u++) {
    for (let k = ptr[u]!; k < ptr[u + 1]!; k++) {
      if (k + 1 < ptr[u + 1]! && items[k + 1] === items[k]) continue; // a later row wins
      outItems.push(items[k]!);
      outRatings.push(ratings[k]!);
    }
    newPtr[u + 1] = outItems.length;
  }
  return { userPtr: newPtr, userItems: Int32Array.from(outItems), userRatings: Float32Array.from(outRatings) };
}

/** A training user's history, as scoreHistory expects it (views, no copies). */
export function historyOf(data: TrainingData, user: number): UserHistory {
  const s = data.userPtr[user]!;
  const e = data.userPtr[user + 1]!;
  return { items: data.userItems.subarray(s, e), ratings: data.userRatings.subarray(s, e), userIndex: user };
}

/** A history from (movieId, rating) pairs; movies the model does not know are dropped. */
export function historyFromMovies(
  data: Pick<TrainingData, 'itemIndex'>,
  rated: Iterable<{ movieId: number; rating: number }>,
  userIndex?: number,
): UserHistory {
  const pairs: [number, number][] = [];
  for (const { movieId, rating } of rated) {
    const i = data.itemIndex.get(movieId);
    if (i !== undefined) pairs.push([i, rating]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  return {
    items: Int32Array.from(pairs, (p) => p[0]),
    ratings: Float32Array.from(pairs, (p) => p[1]),
    userIndex,
  };
}

/**
 * The same index spaces (users, items) with only the ratings where keep[k] is set (k indexes
 * the CSR arrays). Used to carve a validation part out of training without re-indexing, so
 * models fitted on the part score the held-out rows by the same indices.
 */
export function maskTrainingData(data: TrainingData, keep: Uint8Array): TrainingData {
  const userPtr = new Int32Array(data.nUsers + 1);
  let total = 0;
  for (let u = 0; u < data.nUsers; u++) {
    for (let k = data.userPtr[u]!; k < data.userPtr[u + 1]!; k++) if (keep[k]) total++;
    userPtr[u + 1] = total;
  }
  const userItems = new Int32Array(total);
  const userRatings = new Float32Array(total);
  const itemCount = new Int32Array(data.nItems + 1);
  let at = 0;
  let sum = 0;
  for (let k = 0; k < data.nRatings; k++) {
    if (!keep[k]) continue;
    userItems[at] = data.userItems[k]!;
    userRatings[at++] = data.userRatings[k]!;
    itemCount[data.userItems[k]! + 1]!++;
    sum += data.userRatings[k]!;
  }
  const itemPtr = new Int32Array(data.nItems + 1);
  for (let i = 0; i < data.nItems; i++) itemPtr[i + 1] = itemPtr[i]! + itemCount[i + 1]!;
  const fill = itemPtr.slice(0, data.nItems);
  const itemUsers = new Int32Array(total);
  const itemRatings = new Float32Array(total);
  for (let u = 0; u < data.nUsers; u++) {
    for (let k = userPtr[u]!; k < userPtr[u + 1]!; k++) {
      const p = fill[userItems[k]!]!++;
      itemUsers[p] = u;
      itemRatings[p] = userRatings[k]!;
    }
  }
  return {
    ...data,
    nRatings: total,
    userPtr,
    userItems,
    userRatings,
    itemPtr,
    itemUsers,
    itemRatings,
    globalMean: total ? sum / total : Number.NaN,
  };
}
