import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Baseline } from '../../../src/recommender/algorithms/baseline.js';
import { syntheticRatings } from '../../../src/recommender/data.js';
import { parseSplitSpec, planSplit } from '../../../src/recommender/evaluate/split-spec.js';
import {
  objectives,
  paramsFor,
  readTunedFile,
  searchSpaces,
  tuneAlgorithm,
  writeTunedFile,
} from '../../../src/recommender/evaluate/tune.js';
import { memberParams, RatingBlend } from '../../../src/recommender/rating-blend.js';
import type { HyperParams, Recommender, TrainingData, UserHistory } from '../../../src/recommender/types.js';

/**
 * A ranker whose `mix` trades accuracy for coverage: 0 ranks everyone by popularity (one list
 * for all), 1 by a per-user hash (lists all over the catalogue).
 */
class MixRanker implements Recommender {
  readonly name = 'mix';
  readonly kind = 'ranking' as const;
  readonly params: HyperParams;
  private count = new Float32Array(0);
  constructor(p: HyperParams = {}) {
    this.params = { mix: 0, ...p };
  }
  fit(data: TrainingData): void {
    this.count = Float32Array.from({ length: data.nItems }, (_, i) => data.itemPtr[i + 1]! - data.itemPtr[i]!);
  }
  predict(user: number, items: Int32Array): Float32Array {
    const max = Math.max(1, ...this.count);
    const mix = Number(this.params.mix);
    return Float32Array.from(items, (i) => (1 - mix) * (this.count[i]! / max) + mix * (((user * 7919 + i * 104729) % 1000) / 1000));
  }
  scoreHistory(_h: UserHistory, out: Float32Array): void {
    out.set(
      this.predict(
        0,
        Int32Array.from(out, (_, i) => i),
      ),
    );
  }
  save(): Uint8Array {
    return new Uint8Array(0);
  }
  load(): void {}
}

describe('tuned settings', () => {
  it('round-trip through the file, and reach composite models as member.key', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'reelmate-tune-')), 't.json');
    const scores = { hybrid: { metric: 'ndcg_at_10', best: 0.19, default: 0.18, bestCoverage: 0.101, defaultCoverage: 0.108 } };
    writeTunedFile(file, {
      version: 1,
      data: 'x',
      split: 'all',
      createdAt: new Date(0).toISOString(),
      params: { mf: { factors: 20 }, 'rating-blend': { ridge: 2 } },
      scores,
    });
    const r = readTunedFile(file);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.scores).toEqual(scores); // ranking scores keep the coverage they were chosen at
    const p = paramsFor('rating-blend', r.value.params);
    expect(p).toEqual({ 'mf.factors': 20, ridge: 2 });
    expect(memberParams(p, 'mf')).toEqual({ factors: 20 });
    const blend = new RatingBlend(p);
    expect(blend.params.ridge).toBe(2);
    writeFileSync(file, '{"version":2}');
    expect(readTunedFile(file).ok).toBe(false);
  });

  it('tuning never returns worse than the defaults on its validation part', async () => {
    const train = syntheticRatings({ users: 150, items: 100, ratings: 5000, seed: 3 });
    const r = await tuneAlgorithm('baseline', (p) => new Baseline(p), train, { trials: 4, seed: 1 });
    expect(r.metric).toBe('rmse');
    expect(r.trials.length).toBe(4);
    expect(r.bestScore).toBeLessThanOrEqual(r.defaultScore);
    expect(Object.keys(r.best)).toEqual(['regUser', 'regItem', 'epochs']);
  });
});

describe('tuning a ranker under a coverage floor', () => {
  const train = syntheticRatings({ users: 120, items: 200, ratings: 4000, seed: 5 });
  searchSpaces.mix = { mix: [0, 0.25, 0.5, 0.75, 1] };
  afterAll(() => {
    delete searchSpaces.mix; // the registries are shared: leave them as they were
    delete objectives.mix;
  });
  const run = (minCoverage: number) => {
    objectives.mix = { metric: 'ndcg_at_10', minCoverage, carves: 2 };
    return tuneAlgorithm('mix', (p) => new MixRanker(p), train, { trials: 6, seed: 3 });
  };

  it('without a floor, the most accurate setting wins and local steps walk the value list', async () => {
    const r = await run(0);
    expect(r.metric).toBe('ndcg_at_10');
    expect(r.bestScore).toBe(Math.max(...r.trials.map((t) => t.score)));
    const mixOf = (p: HyperParams) => Number(p.mix ?? 0); // the defaults trial names no value (mix 0)
    expect(r.trials.filter((t) => t.score === r.bestScore).map((t) => mixOf(t.params))).toContain(mixOf(r.best));
    expect(new Set(r.trials.map((t) => mixOf(t.params))).size).toBeGreaterThan(2); // more than the defaults and one step
    expect(r.trials.every((t) => t.coverage !== undefined)).toBe(true);
    expect(r.trials.length).toBeLessThanOrEqual(6);
    expect(new Set(r.trials.map((t) => JSON.stringify(t.params))).size).toBe(r.trials.length);
  });

  it('a floor the defaults miss picks the best setting that meets it', async () => {
    const free = await run(0);
    const floor = (free.defaultCoverage ?? 0) + 0.05;
    const r = await run(floor);
    expect(r.bestCoverage!).toBeGreaterThanOrEqual(floor);
    const eligible = r.trials.filter((t) => t.coverage! >= floor);
    expect(r.bestScore).toBe(Math.max(...eligible.map((t) => t.score)));
    expect(r.best.mix).not.toBe(0);
  });
});

describe('split specs', () => {
  it('parses FILE[:FOLD]', () => {
    expect(parseSplitSpec('a/b.csv:3')).toEqual({ file: 'a/b.csv', fold: 3 });
    expect(parseSplitSpec('b.csv')).toEqual({ file: 'b.csv', fold: null });
  });

  it('computes temporal and k-fold splits when no file exists, and reports a missing file', () => {
    const r = syntheticRatings({ users: 20, items: 30, ratings: 200 });
    r.timestamps = Float64Array.from(r.ratings, (_, i) => i);
    const t = planSplit(r, { split: 'temporal', dataName: 'nothing-here' });
    expect(t.ok && t.value.testValues).toEqual([1]);
    const k = planSplit(r, { kfold: 4, dataName: 'nothing-here' });
    expect(k.ok && k.value.testValues).toEqual([0, 1, 2, 3]);
    expect(planSplit(r, { split: 'missing.csv:1', dataName: 'x' }).ok).toBe(false);
    expect(planSplit(r, { kfold: 1, dataName: 'x' }).ok).toBe(false);
  });
});
