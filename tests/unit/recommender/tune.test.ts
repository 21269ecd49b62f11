import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Baseline } from '../../../src/recommender/algorithms/baseline.js';
import { syntheticRatings } from '../../../src/recommender/data.js';
import { parseSplitSpec, planSplit } from '../../../src/recommender/evaluate/split-spec.js';
import { paramsFor, readTunedFile, tuneAlgorithm, writeTunedFile } from '../../../src/recommender/evaluate/tune.js';
import { memberParams, RatingBlend } from '../../../src/recommender/rating-blend.js';

describe('tuned settings', () => {
  it('round-trip through the file, and reach composite models as member.key', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'reelmate-tune-')), 't.json');
    writeTunedFile(file, { version: 1, data: 'x', split: 'all', createdAt: new Date(0).toISOString(), params: { mf: { factors: 20 }, 'rating-blend': { ridge: 2 } } });
    const r = readTunedFile(file);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
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
