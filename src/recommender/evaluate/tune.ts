/**
 * Hyperparameter search on a validation part carved from the TRAINING part of a split (the
 * test part is never looked at), and the tuned-settings file the trainer reads.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { err, ok, type Result } from '../../util/result.js';
import { carveValidation, rng, type TrainTest } from '../data.js';
import type { HyperParams, ItemMeta, RecommenderFactory } from '../types.js';
import { evaluateSplit } from './protocol.js';

type Value = number | string | boolean;

/**
 * Candidate values per algorithm and parameter. Algorithms not listed keep their defaults;
 * other modules may add their own entry (one line each).
 */
export const searchSpaces: Record<string, Record<string, Value[]>> = {
  baseline: { regUser: [5, 10, 15, 25], regItem: [5, 10, 15, 25] },
  'item-knn': { k: [20, 30, 40, 60], shrinkage: [50, 100, 200], keep: [200, 300, 600] },
  'user-knn': { k: [20, 40, 60, 100], shrinkage: [25, 50, 100, 200], keep: [300, 610] },
  mf: { factors: [50, 100, 150], reg: [0.04, 0.06, 0.08, 0.1], lr: [0.007, 0.01, 0.015], epochs: [20, 30, 40] },
  // the hybrid is not here: its ranking blend is tuned as part of its training (blend-tune.ts)
};

/**
 * What tuning optimises when the default (RMSE for rating models, NDCG@10 for rankers) is not
 * it, e.g. NDCG@10 only among settings whose lists cover at least `minCoverage` of the
 * catalogue. (The hybrid's own coverage trade-off adapts to the data instead: blend-tune.ts.)
 */
export interface Objective {
  metric: 'rmse' | 'ndcg_at_10';
  /** Trials below this catalogue coverage@10 (mean over carves) are not eligible. */
  minCoverage?: number;
  /** Settings that do not change the metric but save time while tuning (not part of the result). */
  fixed?: HyperParams;
  /** Validation parts carved with seeds seed, seed + 1, ...; each trial's figures are their mean (less noise). */
  carves?: number;
}

export const objectives: Record<string, Objective> = {};

export interface TuneResult {
  algorithm: string;
  metric: 'rmse' | 'ndcg_at_10';
  best: HyperParams;
  bestScore: number;
  defaultScore: number;
  /** Catalogue coverage@10 of the best and of the defaults (ranking objectives only). */
  bestCoverage?: number;
  defaultCoverage?: number;
  trials: { params: HyperParams; score: number; coverage?: number }[];
}

/**
 * Seeded search; trial 0 is always the defaults, so the result is never worse than them
 * (among eligible settings). The first third of the budget samples the space at random; the
 * rest walks from the defaults, then from the best settings found, to neighbouring values,
 * one parameter at a time, while that improves (a coverage floor makes the landscape ragged:
 * one walk often stops early, so several start points share the budget).
 */
export async function tuneAlgorithm(
  name: string,
  factory: RecommenderFactory,
  train: TrainTest['train'],
  opts: {
    trials: number;
    validation?: number;
    seed?: number;
    meta?: ReadonlyMap<number, ItemMeta> | undefined;
    onTrial?: (done: number, total: number) => void;
  },
): Promise<TuneResult> {
  const seed = opts.seed ?? 11;
  const objective = objectives[name];
  const carves = Array.from({ length: Math.max(1, objective?.carves ?? 1) }, (_, c) =>
    carveValidation(train, opts.validation ?? 0.2, seed + c),
  );
  const metric = objective?.metric ?? (factory().kind === 'rating' ? 'rmse' : 'ndcg_at_10');
  const minCoverage = objective?.minCoverage ?? 0;
  const eligible = (t: TuneResult['trials'][number]) => (t.coverage ?? 1) >= minCoverage;
  const better = (a: TuneResult['trials'][number], b: TuneResult['trials'][number]) => {
    if (eligible(a) !== eligible(b)) return eligible(a);
    return metric === 'rmse' ? a.score < b.score : a.score > b.score;
  };
  const space = searchSpaces[name] ?? {};
  const keys = Object.keys(space);
  const rand = rng(seed);
  const total = Math.max(1, opts.trials);
  const seen = new Set<string>();
  const trials: TuneResult['trials'] = [];
  let best: TuneResult['trials'][number] | undefined;

  const run = async (params: HyperParams): Promise<void> => {
    seen.add(JSON.stringify(params));
    let score = 0;
    let coverage = 0;
    for (const parts of carves) {
      const [row] = await evaluateSplit(parts, [{ name, create: () => factory({ ...params, ...objective?.fixed }) }], {
        meta: opts.meta,
        metrics: metric === 'rmse' ? 'rating' : 'ranking',
      });
      score += metric === 'rmse' ? row!.rmse! : row!.ndcg_at_10;
      coverage += row!.coverage_at_10;
    }
    const t = { params, score: score / carves.length, ...(metric === 'rmse' ? {} : { coverage: coverage / carves.length }) };
    trials.push(t);
    if (!best || better(t, best)) best = t;
    opts.onTrial?.(trials.length, total);
  };

  await run({});
  seen.add(JSON.stringify(defaultsOf(factory, keys)));
  const randomBudget = Math.ceil((total - 1) / 3);
  for (let attempt = 0; keys.length && trials.length < 1 + randomBudget && attempt < total * 20; attempt++) {
    const c: Record<string, Value> = {};
    for (const key of keys) {
      const values = space[key]!;
      c[key] = values[Math.floor(rand() * values.length)]!;
    }
    if (!seen.has(JSON.stringify(c))) await run(c);
  }
  // local walks: from a setting not walked from yet, each parameter to the next value
  // up or down its list; move to the best neighbour while that improves; then the next start
  const id = (t: TuneResult['trials'][number]) => JSON.stringify({ ...defaultsOf(factory, keys), ...t.params });
  const walked = new Set<string>();
  while (keys.length && trials.length < total) {
    // the defaults first (the last tuned optimum: refining it is the likeliest win), then the best samples
    const start = [trials[0]!, ...[...trials].sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0))].find((t) => !walked.has(id(t)));
    if (!start) break;
    walked.add(id(start));
    let center = start;
    for (;;) {
      const current = { ...defaultsOf(factory, keys), ...center.params } as Record<string, Value>;
      let next = center;
      for (const key of keys) {
        const values = space[key]!;
        const at = values.indexOf(current[key]!);
        const steps = at < 0 ? values : [values[at - 1], values[at + 1]].filter((v): v is Value => v !== undefined);
        for (const v of steps) {
          if (trials.length >= total) break;
          const c = { ...current, [key]: v };
          if (seen.has(JSON.stringify(c))) continue;
          await run(c);
          const t = trials[trials.length - 1]!;
          if (better(t, next)) next = t;
        }
      }
      if (next === center || trials.length >= total) break;
      center = next;
      walked.add(id(center));
    }
  }
  const chosen = best!;
  const defaults = trials[0]!;
  return {
    algorithm: name,
    metric,
    best: { ...factory(chosen.params).params },
    bestScore: chosen.score,
    defaultScore: defaults.score,
    ...(chosen.coverage !== undefined ? { bestCoverage: chosen.coverage } : {}),
    ...(defaults.coverage !== undefined ? { defaultCoverage: defaults.coverage } : {}),
    trials,
  };
}

/** The values a fresh model has for `keys` (so local steps start from the defaults' place in each list). */
function defaultsOf(factory: RecommenderFactory, keys: readonly string[]): Record<string, Value> {
  const p = factory().params as Record<string, Value | undefined>;
  const out: Record<string, Value> = {};
  for (const k of keys) if (p[k] !== undefined) out[k] = p[k]!;
  return out;
}

const hyper = z.record(z.string(), z.union([z.number(), z.string(), z.boolean()]));
export const tunedFile = z.object({
  version: z.literal(1),
  data: z.string(),
  split: z.string(),
  createdAt: z.string(),
  params: z.record(z.string(), hyper),
  scores: z
    .record(
      z.string(),
      z.object({
        metric: z.string(),
        best: z.number(),
        default: z.number(),
        bestCoverage: z.number().optional(),
        defaultCoverage: z.number().optional(),
      }),
    )
    .optional(),
});
export type TunedFile = z.infer<typeof tunedFile>;

export function writeTunedFile(file: string, content: TunedFile): void {
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
}

/** Reads and validates a tuned-settings file. */
export function readTunedFile(file: string): Result<TunedFile> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return err('bad_input', `cannot read tuned settings ${file}`, String(e));
  }
  const r = tunedFile.safeParse(json);
  return r.success ? ok(r.data) : err('bad_input', `${file} is not a tuned-settings file`, r.error.message);
}

/**
 * The params to create `name` with: its own tuned settings, plus every other algorithm's as
 * "other.key" (composite models such as the rating blend pass those on to their members).
 */
export function paramsFor(name: string, tuned: Record<string, HyperParams> | undefined): HyperParams {
  if (!tuned) return {};
  const out: Record<string, Value> = {};
  for (const [algo, params] of Object.entries(tuned)) {
    if (algo === name) continue;
    for (const [k, v] of Object.entries(params)) out[`${algo}.${k}`] = v;
  }
  return { ...out, ...tuned[name] };
}
