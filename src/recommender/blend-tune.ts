/**
 * Tuning the hybrid's ranking blend as part of training, on the deployment's own data: a
 * validation part is carved from the training ratings (a seeded share of each user's ratings),
 * the rankers are fitted once on the rest, each validation user's ranker scores are computed
 * once, and every trial only re-weighs them (milliseconds a trial, so ~60 trials cost a few
 * seconds on 100k ratings). The blend with the best validation NDCG@10 is found first; then
 * the coverage trade-off is chosen by a rule that adapts to the data (chooseByCoverage): the
 * most catalogue coverage that costs at most `tolerance` of that NDCG, relative. No constant
 * found on another data set decides how hard popular films are penalised.
 */
import { performance } from 'node:perf_hooks';
import { maskTrainingData, historyOf, rng } from './data.js';
import { catalogCoverage, rankingScores, topK } from './evaluate/metrics.js';
import type { Component } from './rank-blend.js';
import type { HyperParams, TrainingData, UserHistory } from './types.js';

/** Every ranker's raw scores for one user, before weighing (the hybrid's rawComponents). */
export interface RawComponents {
  rankers: { name: string; scores: Float32Array }[];
  baseStars: Float32Array | null;
}

/**
 * What tuning needs of the hybrid: fit once, then re-weigh its rankers' raw scores per trial.
 * Declared here, not imported, so the hybrid (which runs the tuning) and this module do not
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

/** The ranking parameters tuned, and the values tried (popularity penalty 0 = no penalty). */
export const BLEND_SPACE: Record<string, number[]> = {
  wContent: [0.05, 0.1, 0.15, 0.25, 0.35],
  wRp3: [0, 0.25, 0.5],
  wStars: [0, 0.5, 1, 1.5],
  starsPivot: [3, 3.25, 3.5],
  popPenalty: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
  penaltyHistoryExp: [0, -0.1, -0.2],
};
/** The coverage sweep: these two move coverage; the rest of the blend stays at its best. */
const COVERAGE_KEYS = ['popPenalty', 'penaltyHistoryExp'] as const;

export interface BlendTrial {
  params: Record<string, number>;
  ndcg: number;
  coverage: number;
  /** Standard error of the mean NDCG over validation users. */
  se: number;
}

export interface BlendTuneOptions {
  trials?: number | undefined;
  /** Wall-clock budget; tuning stops starting trials after it (the result stays valid). */
  seconds?: number | undefined;
  /** Validation users scored per trial (a seeded sample). */
  maxUsers?: number | undefined;
  /** Share of each user's ratings held out. */
  validation?: number | undefined;
  /** Relative validation NDCG the coverage rule may give up (0.01 = 1%). */
  tolerance?: number | undefined;
  seed?: number | undefined;
  /** Parameters not to tune (the caller set them). */
  fixed?: readonly string[] | undefined;
}

export interface BlendTuneSummary {
  trials: number;
  users: number;
  seconds: number;
  tolerance: number;
  bestNdcg: number;
  bestCoverage: number;
  chosenNdcg: number;
  chosenCoverage: number;
  /** The defaults' validation figures (trial 0), for the record. */
  defaultNdcg: number;
  defaultCoverage: number;
  /** Why tuning did not run, when it did not (too little data): the defaults are kept. */
  skipped?: string;
  chosen: Record<string, number>;
  /** Every trial's validation figures (the coverage frontier, for reports). */
  frontier?: { ndcg: number; coverage: number; popPenalty: number }[];
}

export const TUNE_DEFAULTS = {
  trials: 60,
  seconds: 120,
  maxUsers: 500,
  validation: 0.2,
  tolerance: 0.01,
  seed: 17,
  fixed: [] as readonly string[],
};

/** The search space without the fixed parameters (each keeps its one given value). */
export function spaceWithout(fixed: readonly string[], base: HyperParams): Record<string, number[]> {
  return Object.fromEntries(Object.entries(BLEND_SPACE).map(([k, v]) => [k, fixed.includes(k) ? [Number(base[k])] : v]));
}

/**
 * The coverage rule (pure): among trials within `tolerance` (relative) of the best NDCG, the
 * one with the most coverage; ties go to the higher NDCG, then the earlier trial.
 */
export function chooseByCoverage(trials: readonly BlendTrial[], tolerance: number): BlendTrial {
  if (trials.length === 0) throw new Error('chooseByCoverage: no trials');
  const best = trials.reduce((a, b) => (b.ndcg > a.ndcg ? b : a));
  const floor = best.ndcg * (1 - tolerance);
  let chosen = best;
  for (const t of trials) {
    if (t.ndcg < floor) continue;
    if (t.coverage > chosen.coverage || (t.coverage === chosen.coverage && t.ndcg > chosen.ndcg)) chosen = t;
  }
  return chosen;
}

interface ValUser {
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

/**
 * Tunes the ranking blend for `data`. `make` builds a hybrid with given params (no import
 * cycle). Returns the chosen ranking params (to merge into the model's) and a summary.
 */
export async function tuneBlend(
  data: TrainingData,
  base: HyperParams,
  make: (p: HyperParams) => TunableHybrid,
  o: BlendTuneOptions = {},
): Promise<{ params: Record<string, number>; summary: BlendTuneSummary }> {
  const opt = { ...TUNE_DEFAULTS, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) };
  const t0 = performance.now();
  const current = Object.fromEntries(Object.keys(BLEND_SPACE).map((k) => [k, Number(base[k])])) as Record<string, number>;
  const skip = (why: string) => ({
    params: current,
    summary: {
      trials: 0,
      users: 0,
      seconds: (performance.now() - t0) / 1000,
      tolerance: opt.tolerance,
      bestNdcg: NaN,
      bestCoverage: NaN,
      chosenNdcg: NaN,
      chosenCoverage: NaN,
      defaultNdcg: NaN,
      defaultCoverage: NaN,
      skipped: why,
      chosen: current,
    },
  });
  const { part, heldOut } = carveByUser(data, opt.validation, opt.seed);
  // users with something relevant held out, sampled
  const candidates = [...heldOut.entries()].filter(([, m]) => [...m.values()].some((r) => r >= 4)).map(([u]) => u);
  if (candidates.length < 30 || data.nItems < 50) return skip(`too little data to tune (${candidates.length} validation users)`);
  const rand = rng(opt.seed + 1);
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  const sample = candidates.slice(0, opt.maxUsers).sort((a, b) => a - b);
  // every ranker fitted (weights are what we tune); stars from the fast baseline (ranking reads only those)
  const inner = make({ ...base, tune: false, stars: 'baseline', wContent: 1, wRp3: 1 });
  await inner.fit(part);
  const hist = (u: number): UserHistory => {
    const h = historyOf(part, u);
    return { items: h.items, ratings: h.ratings };
  };
  const users: ValUser[] = sample.map((u) => {
    const history = hist(u);
    const warm = inner.warmth(history);
    const relevant = new Set([...heldOut.get(u)!.entries()].filter(([, r]) => r >= 4).map(([i]) => i));
    return { history, warm, raw: inner.rawComponents(history, warm, true), relevant };
  });
  const out = new Float32Array(part.nItems);
  const rated = new Uint8Array(part.nItems);
  const seen = new Map<string, BlendTrial>();
  const trials: BlendTrial[] = [];
  const run = (params: Record<string, number>): BlendTrial => {
    const key = JSON.stringify(params);
    const had = seen.get(key);
    if (had) return had;
    inner.setRankingParams(params);
    const lists: Int32Array[] = [];
    let sum = 0;
    let sq = 0;
    for (const vu of users) {
      inner.rankHistory(vu.history, out, inner.weighComponents(vu.raw, vu.warm), vu.warm);
      for (const i of vu.history.items) rated[i] = 1;
      const list = topK(out, 10, (j) => rated[j] === 1);
      for (const i of vu.history.items) rated[i] = 0;
      lists.push(list);
      const n = rankingScores(list, vu.relevant, 10).ndcg;
      sum += n;
      sq += n * n;
    }
    const n = users.length;
    const mean = sum / n;
    const t: BlendTrial = {
      params,
      ndcg: mean,
      coverage: catalogCoverage(lists, part.nItems),
      se: Math.sqrt(Math.max(0, sq / n - mean * mean) / n),
    };
    seen.set(key, t);
    trials.push(t);
    return t;
  };
  const outOfTime = () => trials.length >= opt.trials || (performance.now() - t0) / 1000 > opt.seconds;
  const defaults = run(current);
  // the search for the best blend: a third at random, then coordinate walks from the best
  const space = spaceWithout(opt.fixed, base);
  const keys = Object.keys(space);
  const searchBudget = Math.max(1, Math.floor(opt.trials * 0.6));
  const randomBudget = Math.ceil(searchBudget / 3);
  for (let a = 0; trials.length < randomBudget && a < 20 * randomBudget && !outOfTime(); a++) {
    const c: Record<string, number> = {};
    for (const k of keys) c[k] = space[k]![Math.floor(rand() * space[k]!.length)]!;
    run(c);
  }
  let best = trials.reduce((a, b) => (b.ndcg > a.ndcg ? b : a));
  for (let improved = true; improved && trials.length < searchBudget && !outOfTime(); ) {
    improved = false;
    for (const k of keys) {
      const values = space[k]!;
      const at = values.indexOf(best.params[k]!);
      const steps = at < 0 ? values : [values[at - 1], values[at + 1]].filter((v): v is number => v !== undefined);
      for (const v of steps) {
        if (trials.length >= searchBudget || outOfTime()) break;
        const t = run({ ...best.params, [k]: v });
        if (t.ndcg > best.ndcg) {
          best = t;
          improved = true;
        }
      }
    }
  }
  // the coverage sweep around the best blend: every penalty strength and history exponent
  for (const pp of space[COVERAGE_KEYS[0]]!) {
    for (const he of space[COVERAGE_KEYS[1]]!) {
      if ((performance.now() - t0) / 1000 > opt.seconds) break;
      run({ ...best.params, popPenalty: pp, penaltyHistoryExp: he });
    }
  }
  const top = trials.reduce((a, b) => (b.ndcg > a.ndcg ? b : a));
  const chosen = chooseByCoverage(trials, opt.tolerance);
  return {
    params: chosen.params,
    summary: {
      trials: trials.length,
      users: users.length,
      seconds: round((performance.now() - t0) / 1000),
      tolerance: opt.tolerance,
      bestNdcg: round(top.ndcg),
      bestCoverage: round(top.coverage),
      chosenNdcg: round(chosen.ndcg),
      chosenCoverage: round(chosen.coverage),
      defaultNdcg: round(defaults.ndcg),
      defaultCoverage: round(defaults.coverage),
      chosen: chosen.params,
      frontier: trials.map((t) => ({ ndcg: round(t.ndcg), coverage: round(t.coverage), popPenalty: t.params.popPenalty! })),
    },
  };
}

const round = (x: number) => Math.round(x * 10000) / 10000;
