/**
 * The validation carves of the hybrid's tuning (blend-tune.ts): each holds out a seeded share
 * of every user's ratings, fits the rankers once on the rest and keeps each sampled user's raw
 * ranker scores, so a trial only re-weighs them. EASE's regularisation is tried the same way:
 * EASE alone is refitted per value and only its scores are swapped in.
 */
import { maskTrainingData, historyOf, rng } from './data.js';
import { catalogCoverage, rankingScores, topK } from './evaluate/metrics.js';
import { rankerSource } from './rankers.js';
import type { Component } from './rank-blend.js';
import type { BlendTrial } from './tune-rules.js';
import type { HyperParams, TrainingData, UserHistory } from './types.js';

/** Every ranker's raw scores for one user, before weighing (the hybrid's rawComponents). */
export interface RawComponents {
  rankers: { name: string; scores: Float32Array }[];
  baseStars: Float32Array | null;
}

/**
 * What tuning needs of the hybrid: fit once, then re-weigh its rankers' raw scores per trial.
 * Declared here, not imported, so the hybrid (which runs the tuning) and the tuning do not
 * import each other.
 */
export interface TunableHybrid {
  fit(data: TrainingData): Promise<void>;
  warmth(history: UserHistory): number;
  rawComponents(history: UserHistory, warm: number, all: boolean): RawComponents;
  weighComponents(raw: RawComponents, warm: number): Component[];
  setRankingParams(params: HyperParams): void;
  rankHistory(history: UserHistory, out: Float32Array, parts?: Component[], warm?: number): void;
}

export interface ValUser {
  history: UserHistory;
  warm: number;
  raw: RawComponents;
  relevant: Set<number>;
}

/** Per user, hold out a seeded share of their ratings (users with fewer than 5 keep all). */
export function carveByUser(
  data: TrainingData,
  share: number,
  seed: number,
): { part: TrainingData; heldOut: Map<number, Map<number, number>> } {
  const rand = rng(seed);
  const keep = new Uint8Array(data.nRatings).fill(1);
  const heldOut = new Map<number, Map<number, number>>();
  for (let u = 0; u < data.nUsers; u++) {
    const s = data.userPtr[u]!;
    const e = data.userPtr[u + 1]!;
    if (e - s < 5) continue;
    const m = new Map<number, number>();
    for (let k = s; k < e; k++) {
      if (rand() < share && m.size < e - s - 2) {
        keep[k] = 0;
        m.set(data.userItems[k]!, data.userRatings[k]!);
      }
    }
    if (m.size) heldOut.set(u, m);
  }
  return { part: maskTrainingData(data, keep), heldOut };
}

export interface Carve {
  inner: TunableHybrid;
  users: ValUser[];
  nItems: number;
  part: TrainingData;
  /** EASE's scaled scores per validation user for other regularisations (easeLambda -> per user). */
  easeAt: Map<number, Float32Array[]>;
  /** The regularisation the carve's own EASE was fitted with. */
  lambda: number;
}

/** One validation part: carve, fit every ranker on the rest, score each sampled user once. */
export async function prepareCarve(
  data: TrainingData,
  base: HyperParams,
  make: (p: HyperParams) => TunableHybrid,
  share: number,
  seed: number,
  maxUsers: number,
): Promise<Carve | null> {
  const { part, heldOut } = carveByUser(data, share, seed);
  // users with something relevant held out, sampled
  const candidates = [...heldOut.entries()].filter(([, m]) => [...m.values()].some((r) => r >= 4)).map(([u]) => u);
  if (candidates.length < 30 || data.nItems < 50) return null;
  const rand = rng(seed + 1);
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  const sample = candidates.slice(0, maxUsers).sort((a, b) => a - b);
  // every ranker fitted (weights are what we tune); stars from the fast baseline (ranking reads only those)
  const inner = make({ ...base, tune: false, stars: 'baseline', wContent: 1, wRp3: 1 });
  await inner.fit(part);
  const users = sample.map((u): ValUser => {
    const h = historyOf(part, u);
    const history = { items: h.items, ratings: h.ratings };
    const warm = inner.warmth(history);
    const relevant = new Set([...heldOut.get(u)!.entries()].filter(([, r]) => r >= 4).map(([i]) => i));
    return { history, warm, raw: inner.rawComponents(history, warm, true), relevant };
  });
  return { inner, users, nItems: part.nItems, part, easeAt: new Map(), lambda: Number(base.easeLambda) };
}

/** One setting over every carve: per-user NDCG@10 (carve after carve) and the mean coverage. */
export function measure(carves: readonly Carve[], params: Record<string, number>): BlendTrial {
  const perUser = new Float64Array(carves.reduce((n, c) => n + c.users.length, 0));
  let at = 0;
  let coverage = 0;
  for (const c of carves) {
    c.inner.setRankingParams(params);
    const out = new Float32Array(c.nItems);
    const rated = new Uint8Array(c.nItems);
    const lists: Int32Array[] = [];
    const alt = params.easeLambda !== undefined && params.easeLambda !== c.lambda ? c.easeAt.get(params.easeLambda) : undefined;
    for (const [u, vu] of c.users.entries()) {
      const raw = alt ? withRanker(vu.raw, 'ease', alt[u]!) : vu.raw;
      c.inner.rankHistory(vu.history, out, c.inner.weighComponents(raw, vu.warm), vu.warm);
      for (const i of vu.history.items) rated[i] = 1;
      const list = topK(out, 10, (j) => rated[j] === 1);
      for (const i of vu.history.items) rated[i] = 0;
      lists.push(list);
      perUser[at++] = rankingScores(list, vu.relevant, 10).ndcg;
    }
    coverage += catalogCoverage(lists, c.nItems) / carves.length;
  }
  let sum = 0;
  let sq = 0;
  for (const v of perUser) {
    sum += v;
    sq += v * v;
  }
  const n = Math.max(1, perUser.length);
  const mean = sum / n;
  return { params, ndcg: mean, coverage, se: Math.sqrt(Math.max(0, sq / n - mean * mean) / n), perUser };
}

/** The same raw scores with one ranker's replaced. */
function withRanker(raw: RawComponents, name: string, scores: Float32Array): RawComponents {
  return { rankers: raw.rankers.map((r) => (r.name === name ? { name, scores } : r)), baseStars: raw.baseStars };
}

/**
 * Fits EASE with another regularisation on the carve and keeps its scores (scaled to each
 * user's max, as the hybrid's rawComponents does) for the trials that ask for that value.
 */
export async function addEaseLambda(c: Carve, base: HyperParams, lambda: number): Promise<void> {
  if (lambda === c.lambda || c.easeAt.has(lambda)) return;
  const source = rankerSource('ease');
  if (!source) return;
  const model = source.create((key) => (key === 'easeLambda' ? lambda : Number(base[key])));
  await model.fit(c.part);
  c.easeAt.set(
    lambda,
    c.users.map((vu) => {
      const s = new Float32Array(c.nItems);
      model.scoreHistory(vu.history, s);
      let max = 0;
      for (let i = 0; i < s.length; i++) if (s[i]! > max) max = s[i]!;
      const inv = max > 0 ? 1 / max : 0;
      for (let i = 0; i < s.length; i++) s[i] = Number.isFinite(s[i]!) ? s[i]! * inv : 0;
      return s;
    }),
  );
}
