/**
 * A regression guard on the real ml-latest-small (fold 0 of the shared random split): the
 * best rating model beats Baseline on RMSE, and the hybrid (once registered) beats
 * MostPopular on NDCG@10. Not the goal figures: those come from `reelmate eval --kfold 5`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { algorithms } from '../../src/recommender/algorithms/index.js';
import { register } from '../../src/recommender/cli.js';
import { loadMovieLens, loadSplitFile, splitRows } from '../../src/recommender/data.js';
import { evaluateSplit } from '../../src/recommender/evaluate/protocol.js';

const dir = process.env.MOVIELENS_DIR;
const splitsDir = process.env.REELMATE_SPLITS_DIR ?? (dir ? path.join(dir, '..', 'splits') : '');

const splitFile = path.join(splitsDir, 'ml-latest-small.random5.csv');

// Both the data and the fixed split are needed; without either there is nothing to guard.
describe.skipIf(!dir || !existsSync(splitFile))('evaluation smoke test on ml-latest-small (fold 0)', () => {
  const load = () => {
    const d = loadMovieLens(dir!);
    if (!d.ok) throw new Error(d.error.message);
    const a = loadSplitFile(splitFile, d.value.ratings);
    if (!a.ok) throw new Error(a.error.message);
    return { ...d.value, split: splitRows(d.value.ratings, a.value.assign, 0) };
  };

  it('the learned rating model beats Baseline on RMSE', async () => {
    const { split, movies } = load();
    const best = 'hybrid' in algorithms ? 'hybrid' : 'rating-blend';
    const rows = await evaluateSplit(
      split,
      ['baseline', best].map((name) => ({ name, create: () => algorithms[name]!() })),
      { meta: movies, metrics: 'rating', fit: { threads: 1 } },
    );
    const [baseline, model] = rows;
    expect(baseline!.rmse!).toBeGreaterThan(0.86); // Surprise's BaselineOnly: 0.873
    expect(model!.rmse!).toBeLessThan(baseline!.rmse! - 0.02);
    expect(model!.mae!).toBeLessThan(baseline!.mae!);
  });

  it.skipIf(!('hybrid' in algorithms))('the hybrid beats MostPopular on NDCG@10', async () => {
    const { split, movies } = load();
    const rows = await evaluateSplit(
      split,
      ['popularity', 'hybrid'].map((name) => ({ name, create: () => algorithms[name]!() })),
      { meta: movies, metrics: 'ranking', fit: { threads: 1 } },
    );
    expect(rows[0]!.ndcg_at_10).toBeCloseTo(0.161, 2); // the anchor for MostPopular
    expect(rows[1]!.ndcg_at_10).toBeGreaterThan(rows[0]!.ndcg_at_10);
  });
});

describe.skipIf(!dir)('reelmate eval --json', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints one JSON object with the reference row first and the protocol fields', async () => {
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: unknown) => void out.push(String(s)));
    const program = new Command().exitOverride();
    register(program);
    await program.parseAsync(
      ['eval', '--data', dir!, '--splits-dir', splitsDir, '--split', 'temporal', '--algorithms', 'baseline', '--json'],
      { from: 'user' },
    );
    expect(out.length).toBe(1);
    const json = JSON.parse(out[0]!) as { rows: Record<string, unknown>[] };
    expect(json.rows.map((r) => r.algorithm)).toEqual(['popularity', 'baseline']);
    expect(Object.keys(json.rows[0]!)).toEqual([
      'algorithm',
      'rmse',
      'mae',
      'precision_at_10',
      'recall_at_10',
      'ndcg_at_10',
      'hit_rate_at_10',
      'coverage_at_10',
      'fit_s',
      'predict_s',
    ]);
    expect(json.rows[0]!.rmse).toBeNull();
    expect(json.rows[0]!.ndcg_at_10 as number).toBeCloseTo(0.075, 2); // the temporal anchor
    expect(json.rows[1]!.rmse as number).toBeGreaterThan(0.8);
  });
});
