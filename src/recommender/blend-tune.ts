/**
 * Tuning the hybrid's ranking blend as part of training, on the deployment's own data: a
 * validation part is carved from the training ratings (a seeded share of each user's ratings),
 * the rankers are fitted once on the rest, each validation user's ranker scores are computed
 * once, and every trial only re-weighs them (milliseconds a trial, so ~60 trials cost a few
 * seconds on 100k ratings). Every trial is measured on `carves` validation parts (different
 * seeded shares of each user's ratings; one carve's luck decided too much). The blend with the
 * best validation NDCG@10 is found first; EASE alone is always among the trials; then the
 * coverage trade-off (penalty strength, how many head places it spares, and how many of the
 * last places long-tail films may take: tail-slots.ts) is chosen by a
 * rule that adapts to the data (tune-rules.ts chooseBySe): the most catalogue coverage among
 * settings validation cannot tell from the best, and never below EASE alone. No constant found
 * on another data set decides how hard popular films are penalised.
 */
import { performance } from 'node:perf_hooks';
import { rng } from './data.js';
import { addEaseLambda, measure, prepareCarve, type Carve, type TunableHybrid } from './tune-carves.js';
import { chooseBySe, type BlendTrial } from './tune-rules.js';
import type { HyperParams, TrainingData } from './types.js';

export type { RawComponents, TunableHybrid } from './tune-carves.js';
export { chooseByCoverage, chooseBySe, pairedSe, type BlendTrial } from './tune-rules.js';
export { carveByUser } from './tune-carves.js';

/** The ranking parameters tuned, and the values tried (popularity penalty 0 = no penalty). */
export const BLEND_SPACE: Record<string, number[]> = {
  wContent: [0, 0.05, 0.1, 0.15, 0.25, 0.35],
  wRp3: [0, 0.25, 0.5],
  wStars: [0, 0.5, 1, 1.5],
  starsPivot: [3, 3.25, 3.5],
  popPenalty: [0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8],
  penaltyHistoryExp: [0, -0.1, -0.2],
  headSize: [0, 3, 5, 7],
  /** Long-tail places (tail-slots.ts), swept around the best blend after the penalty. */
  tailSlots: [0, 2, 3, 4],
  tailQuantile: [0.9, 0.95, 0.985],
  tailRatio: [0.9, 0.8, 0.7],
  /**
   * EASE's regularisation, tried only with `easeLambda: true`: EASE is refitted per value on
   * every carve, the costliest step (fold 0 of ml-latest-small, both halves and the synthetic
   * set kept 300 each time; on the synthetic set, 2,000 users, two carves with it took 341 s
   * at load 12, where one carve without it had taken 88 s).
   */
  easeLambda: [100, 300, 1000],
};
/** The coverage sweep: these move coverage; the rest of the blend stays at its best. */
const COVERAGE_KEYS = ['popPenalty', 'headSize'] as const;
/** The long-tail sweep (tail-slots.ts): every number of places with every tail and ratio. */
const TAIL_KEYS = ['tailSlots', 'tailQuantile', 'tailRatio'] as const;
/** The blend searched first: the head and the tail places only matter once coverage is swept. */
const SEARCH_KEYS = Object.keys(BLEND_SPACE).filter(
  (k) => k !== 'headSize' && k !== 'easeLambda' && !(TAIL_KEYS as readonly string[]).includes(k),
);

/** EASE alone: the hybrid's main ranker with nothing blended in (the reference it must not fall below). */
export const EASE_ONLY = { wContent: 0, wRp3: 0, wStars: 0, popPenalty: 0, headSize: 0, tailSlots: 0 } as const;

export interface BlendTuneOptions {
  trials?: number | undefined;
  /** Wall-clock budget; tuning stops starting trials after it (the result stays valid). */
  seconds?: number | undefined;
  /** Validation users scored per trial in each carve (a seeded sample). */
  maxUsers?: number | undefined;
  /** Share of each user's ratings held out. */
  validation?: number | undefined;
  /** Standard errors (of the paired difference) the coverage rule may give up (chooseBySe). */
  se?: number | undefined;
  /** Validation carves averaged. */
  carves?: number | undefined;
  /** Also tune EASE's regularisation (BLEND_SPACE.easeLambda). */
  easeLambda?: boolean | undefined;
  seed?: number | undefined;
  /** Parameters not to tune (the caller set them). */
  fixed?: readonly string[] | undefined;
}

export interface BlendTuneSummary {
  trials: number;
  users: number;
  seconds: number;
  /** Standard errors the coverage rule allowed (models tuned before it kept `tolerance`). */
  se?: number;
  tolerance?: number;
  carves?: number;
  bestNdcg: number;
  bestCoverage: number;
  chosenNdcg: number;
  chosenCoverage: number;
  /** The defaults' validation figures (trial 0), for the record. */
  defaultNdcg: number;
  defaultCoverage: number;
  /** EASE alone on the same validation users (the floor of the rule). */
  easeNdcg?: number;
  easeCoverage?: number;
  /** Why tuning did not run, when it did not (too little data): the defaults are kept. */
  skipped?: string;
  chosen: Record<string, number>;
  /** Every trial's validation figures (the coverage frontier, for reports). */
  frontier?: { ndcg: number; coverage: number; popPenalty: number; headSize?: number; tailSlots?: number }[];
}

export const TUNE_DEFAULTS = {
  trials: 60,
  seconds: 300,
  maxUsers: 500,
  validation: 0.2,
  se: 1,
  carves: 2,
  easeLambda: false,
  seed: 17,
  fixed: [] as readonly string[],
};

/** The search space without the fixed parameters (each keeps its one given value). */
export function spaceWithout(fixed: readonly string[], base: HyperParams): Record<string, number[]> {
  return Object.fromEntries(Object.entries(BLEND_SPACE).map(([k, v]) => [k, fixed.includes(k) ? [Number(base[k])] : v]));
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
): Promise<{ params: Record<string, number>; summary: BlendTuneSummary; trials?: BlendTrial[] }> {
  const opt = { ...TUNE_DEFAULTS, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) };
  const t0 = performance.now();
  const current = Object.fromEntries(Object.keys(BLEND_SPACE).map((k) => [k, Number(base[k] ?? 0)])) as Record<string, number>;
  const skip = (why: string) => ({
    params: current,
    summary: {
      trials: 0,
      users: 0,
      seconds: (performance.now() - t0) / 1000,
      se: opt.se,
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
  const carves: Carve[] = [];
  for (let c = 0; c < Math.max(1, opt.carves); c++) {
    // maxUsers in each carve: with 250 each (and two standard errors) the odd-id half of
    // ml-latest-small chose a setting that ended 0.012 below EASE alone on test
    const carve = await prepareCarve(data, base, make, opt.validation, opt.seed + 101 * c, opt.maxUsers);
    if (!carve) {
      if (c === 0) return skip('too little data to tune (fewer than 30 validation users)');
      break;
    }
    carves.push(carve);
  }
  const rand = rng(opt.seed + 1);
  const seen = new Map<string, BlendTrial>();
  const trials: BlendTrial[] = [];
  const run = (params: Record<string, number>): BlendTrial => {
    const key = JSON.stringify(params);
    const had = seen.get(key);
    if (had) return had;
    const t = measure(carves, params);
    seen.set(key, t);
    trials.push(t);
    return t;
  };
  const outOfTime = () => trials.length >= opt.trials || (performance.now() - t0) / 1000 > opt.seconds;
  const defaults = run(current);
  const space = spaceWithout(opt.fixed, base);
  // EASE alone, as far as the caller's fixed parameters allow: a candidate and the rule's floor
  const ease = run({
    ...current,
    ...Object.fromEntries(Object.entries(EASE_ONLY).map(([k, v]) => [k, opt.fixed.includes(k) ? current[k]! : v])),
  });
  // the search for the best blend: a third at random, then coordinate walks from the best
  const keys = SEARCH_KEYS;
  const searchBudget = Math.max(1, Math.floor(opt.trials * 0.6));
  const randomBudget = Math.ceil(searchBudget / 3);
  for (let a = 0; trials.length < randomBudget && a < 20 * randomBudget && !outOfTime(); a++) {
    const c: Record<string, number> = { ...current };
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
  // EASE's regularisation for the best blend (EASE alone refitted per value on every carve)
  for (const lambda of opt.easeLambda ? space.easeLambda! : []) {
    if ((performance.now() - t0) / 1000 > opt.seconds) break;
    for (const c of carves) await addEaseLambda(c, base, lambda);
    const t = run({ ...best.params, easeLambda: lambda });
    if (t.ndcg > best.ndcg) best = t;
  }
  // the coverage sweep around the best blend: every penalty strength with every head size
  for (const pp of space[COVERAGE_KEYS[0]]!) {
    for (const head of space[COVERAGE_KEYS[1]]!) {
      if ((performance.now() - t0) / 1000 > opt.seconds) break;
      if (pp === 0 && head > 0) continue; // no penalty: the head changes nothing
      run({ ...best.params, popPenalty: pp, headSize: head });
    }
  }
  // the long-tail places around the best blend: a few late places for films of the long tail,
  // each swap bounded by the ratio of the scores (tail-slots.ts); more coverage for the NDCG
  // given up than the penalty on fold 0's validation (README)
  for (const slots of space[TAIL_KEYS[0]]!) {
    for (const q of space[TAIL_KEYS[1]]!) {
      for (const ratio of space[TAIL_KEYS[2]]!) {
        if ((performance.now() - t0) / 1000 > opt.seconds) break;
        if (slots === 0) continue; // no places: the tail and the ratio change nothing
        run({ ...best.params, tailSlots: slots, tailQuantile: q, tailRatio: ratio });
      }
    }
  }
  const top = trials.reduce((a, b) => (b.ndcg > a.ndcg ? b : a));
  const chosen = chooseBySe(trials, opt.se, ease);
  const users = carves.reduce((n, c) => n + c.users.length, 0);
  return {
    params: chosen.params,
    trials,
    summary: {
      trials: trials.length,
      users,
      seconds: round((performance.now() - t0) / 1000),
      se: opt.se,
      carves: carves.length,
      bestNdcg: round(top.ndcg),
      bestCoverage: round(top.coverage),
      chosenNdcg: round(chosen.ndcg),
      chosenCoverage: round(chosen.coverage),
      defaultNdcg: round(defaults.ndcg),
      defaultCoverage: round(defaults.coverage),
      easeNdcg: round(ease.ndcg),
      easeCoverage: round(ease.coverage),
      chosen: chosen.params,
      frontier: trials.map((t) => ({
        ndcg: round(t.ndcg),
        coverage: round(t.coverage),
        popPenalty: t.params.popPenalty!,
        headSize: t.params.headSize!,
        tailSlots: t.params.tailSlots!,
      })),
    },
  };
}

const round = (x: number) => Math.round(x * 10000) / 10000;
