/**
 * Hyperparameter search on a validation part carved from the TRAINING part of a split (the
 * test part is never looked at), and the tuned-settings file the trainer reads.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { err, ok, type Result } from '../../core/errors.js';
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
};

export interface TuneResult {
  algorithm: string;
  metric: 'rmse' | 'ndcg_at_10';
  best: HyperParams;
  bestScore: number;
  defaultScore: number;
  trials: { params: HyperParams; score: number }[];
}

/** Random search (seeded); trial 0 is always the defaults, so the result is never worse than them. */
export async function tuneAlgorithm(
  name: string,
  factory: RecommenderFactory,
  train: TrainTest['train'],
  opts: { trials: number; validation?: number; seed?: number; meta?: ReadonlyMap<number, ItemMeta> | undefined; onTrial?: (done: number, total: number) => void },
): Promise<TuneResult> {
  const parts = carveValidation(train, opts.validation ?? 0.2, opts.seed ?? 11);
  const kind = factory().kind;
  const metric = kind === 'rating' ? 'rmse' : 'ndcg_at_10';
  const better = (a: number, b: number) => (metric === 'rmse' ? a < b : a > b);
  const space = searchSpaces[name] ?? {};
  const rand = rng(opts.seed ?? 11);
  const candidates: HyperParams[] = [{}];
  const seen = new Set<string>(['{}']);
  const keys = Object.keys(space);
  for (let attempt = 0; keys.length && candidates.length < opts.trials && attempt < opts.trials * 20; attempt++) {
    const c: Record<string, Value> = {};
    for (const key of keys) {
      const values = space[key]!;
      c[key] = values[Math.floor(rand() * values.length)]!;
    }
    const id = JSON.stringify(c);
    if (!seen.has(id)) {
      seen.add(id);
      candidates.push(c);
    }
  }
  const trials: TuneResult['trials'] = [];
  for (const params of candidates) {
    const [row] = await evaluateSplit(parts, [{ name, create: () => factory(params) }], {
      meta: opts.meta,
      metrics: metric === 'rmse' ? 'rating' : 'ranking',
    });
    trials.push({ params, score: metric === 'rmse' ? row!.rmse! : row!.ndcg_at_10 });
    opts.onTrial?.(trials.length, candidates.length);
  }
  let best = trials[0]!;
  for (const t of trials) if (better(t.score, best.score)) best = t;
  return { algorithm: name, metric, best: { ...factory(best.params).params }, bestScore: best.score, defaultScore: trials[0]!.score, trials };
}

const hyper = z.record(z.string(), z.union([z.number(), z.string(), z.boolean()]));
export const tunedFile = z.object({
  version: z.literal(1),
  data: z.string(),
  split: z.string(),
  createdAt: z.string(),
  params: z.record(z.string(), hyper),
  scores: z.record(z.string(), z.object({ metric: z.string(), best: z.number(), default: z.number() })).optional(),
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
