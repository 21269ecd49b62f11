/**
 * Evaluation splits: the shared split files (random folds, temporal) mapped onto the rows of
 * a RatingTriples, plus the same splits computed when no file exists for a release.
 */
import { readFileSync } from 'node:fs';
import { err, ok, type Result } from '../../util/result.js';
import type { RatingTriples } from '../types.js';

/** One number per (user, movie) pair; exact for ids below 2^29 and 2^24. */
export const pairKey = (userId: number, movieId: number): number => userId * 16_777_216 + movieId;

/** Per rating row: the fold (random splits) or 1 = test / 0 = train (temporal). */
export interface SplitAssignment {
  kind: 'folds' | 'temporal';
  assign: Int8Array;
  nFolds: number;
}

export interface TrainTest {
  train: RatingTriples;
  test: RatingTriples;
}

/** Reads `userId,movieId,fold` or `userId,movieId,split` (train/test); every rating must be assigned. */
export function loadSplitFile(file: string, ratings: RatingTriples): Result<SplitAssignment> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return err('not_found', `split file ${file} not found`);
  }
  const lines = text.split('\n');
  const header = (lines[0] ?? '').trim().split(',');
  const kind = header[2] === 'fold' ? 'folds' : header[2] === 'split' ? 'temporal' : null;
  if (!kind) return err('bad_input', `${file}: expected columns userId,movieId,fold or userId,movieId,split`);
  const byKey = new Map<number, number>();
  let nFolds = kind === 'temporal' ? 2 : 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const [u, m, v] = line.split(',');
    let value: number;
    if (kind === 'folds') {
      value = Number(v);
      if (!Number.isInteger(value) || value < 0 || value > 100) return err('bad_input', `${file}:${i + 1}: bad fold "${v}"`);
      nFolds = Math.max(nFolds, value + 1);
    } else if (v === 'test' || v === 'train') {
      value = v === 'test' ? 1 : 0;
    } else return err('bad_input', `${file}:${i + 1}: bad split "${v}"`);
    byKey.set(pairKey(Number(u), Number(m)), value);
  }
  const n = ratings.ratings.length;
  const assign = new Int8Array(n);
  for (let r = 0; r < n; r++) {
    const v = byKey.get(pairKey(ratings.userIds[r]!, ratings.movieIds[r]!));
    if (v === undefined) {
      return err(
        'bad_input',
        `${file} does not assign the rating of user ${ratings.userIds[r]} for movie ${ratings.movieIds[r]}: wrong data set?`,
      );
    }
    assign[r] = v;
  }
  return ok({ kind, assign, nFolds });
}

/** Deterministic PRNG (mulberry32) so splits and SGD orders are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded random assignment of every row to one of k folds (balanced). */
export function randomFolds(n: number, k: number, seed = 42): SplitAssignment {
  const order = shuffledIndices(n, seed);
  const assign = new Int8Array(n);
  for (let i = 0; i < n; i++) assign[order[i]!] = i % k;
  return { kind: 'folds', assign, nFolds: k };
}

export function shuffledIndices(n: number, seed: number): Int32Array {
  const rand = rng(seed);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/**
 * The protocol's temporal split: per user, the latest `fraction` of ratings (by timestamp,
 * then movieId; at least one) are test.
 */
export function temporalSplit(ratings: RatingTriples, fraction = 0.2): SplitAssignment {
  const n = ratings.ratings.length;
  const ts = ratings.timestamps ?? new Float64Array(n);
  const rows = Array.from({ length: n }, (_, i) => i);
  rows.sort((a, b) => ratings.userIds[a]! - ratings.userIds[b]! || ts[a]! - ts[b]! || ratings.movieIds[a]! - ratings.movieIds[b]!);
  const assign = new Int8Array(n);
  for (let s = 0; s < n; ) {
    let e = s;
    while (e < n && ratings.userIds[rows[e]!] === ratings.userIds[rows[s]!]) e++;
    const count = e - s;
    const nTest = Math.max(1, Math.round(count * fraction));
    for (let k = e - nTest; k < e; k++) assign[rows[k]!] = 1;
    s = e;
  }
  return { kind: 'temporal', assign, nFolds: 2 };
}

/** Rows whose assignment equals `testValue` are test, the rest train. */
export function splitRows(ratings: RatingTriples, assign: Int8Array, testValue: number): TrainTest {
  const isTest = (r: number) => assign[r] === testValue;
  return { train: selectRows(ratings, (r) => !isTest(r)), test: selectRows(ratings, isTest) };
}

export function selectRows(ratings: RatingTriples, keep: (row: number) => boolean): RatingTriples {
  const n = ratings.ratings.length;
  let count = 0;
  for (let r = 0; r < n; r++) if (keep(r)) count++;
  const out: RatingTriples = {
    userIds: new Int32Array(count),
    movieIds: new Int32Array(count),
    ratings: new Float32Array(count),
    timestamps: ratings.timestamps ? new Float64Array(count) : undefined,
  };
  let k = 0;
  for (let r = 0; r < n; r++) {
    if (!keep(r)) continue;
    out.userIds[k] = ratings.userIds[r]!;
    out.movieIds[k] = ratings.movieIds[r]!;
    out.ratings[k] = ratings.ratings[r]!;
    if (out.timestamps) out.timestamps[k] = ratings.timestamps![r]!;
    k++;
  }
  return out;
}

/**
 * A validation split carved from a training part (for blend weights and tuning; the test
 * part is never touched): a seeded random `fraction` of rows, but never a user's only rating.
 */
export function carveValidation(train: RatingTriples, fraction: number, seed = 7): TrainTest {
  const rand = rng(seed);
  const n = train.ratings.length;
  const perUser = new Map<number, number>();
  for (let r = 0; r < n; r++) perUser.set(train.userIds[r]!, (perUser.get(train.userIds[r]!) ?? 0) + 1);
  const assign = new Int8Array(n);
  for (let r = 0; r < n; r++) {
    const u = train.userIds[r]!;
    const left = perUser.get(u)!;
    if (left > 1 && rand() < fraction) {
      assign[r] = 1;
      perUser.set(u, left - 1);
    }
  }
  return splitRows(train, assign, 1);
}
