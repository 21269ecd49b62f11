import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMovieLens, splitRows } from '../../src/recommender/data.js';
import { planSplit } from '../../src/recommender/evaluate/split-spec.js';
import { prepareSimulation, runSimulation, type Prepared } from '../../src/experiments/simulate.js';
import { simulateCommand, simulateOptions } from '../../src/experiments/simulate-cli.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';

const dir = process.env.MOVIELENS_DIR ?? '';
const splitsDir = process.env.REELMATE_SPLITS_DIR ?? (dir ? path.join(dir, '..', 'splits') : '');
const splitFile = path.join(splitsDir, 'ml-latest-small.random5.csv');

// The simulator keeps its own in-memory database (PGlite) by design, so one engine here.
describe.skipIf(!dir || !existsSync(splitFile))('experiment simulator on ml-latest-small fold 0', () => {
  let database: TestDatabase;
  let prepared: Prepared;

  beforeAll(async () => {
    const data = loadMovieLens(dir);
    if (!data.ok) throw new Error(data.error.message);
    const plan = planSplit(data.value.ratings, { split: `${splitFile}:0`, dataName: data.value.name });
    if (!plan.ok) throw new Error(plan.error.message);
    prepared = await prepareSimulation(
      splitRows(data.value.ratings, plan.value.assignment.assign, 0),
      ['hybrid', 'popularity'],
      data.value.movies,
    );
    database = await openTestDatabase('pglite');
  }, 10 * 60_000);
  afterAll(async () => {
    await database?.dispose();
  });

  it(
    'A/B: hybrid against popularity is detected at 300 users, with intervals around each rate',
    async () => {
      const r = await runSimulation(database, prepared, { variants: ['hybrid', 'popularity'], mode: 'ab', users: 300, seed: 1 });
      expect(r.variants.map((v) => v.name)).toEqual(['hybrid', 'popularity']);
      expect(r.variants[0]!.users + r.variants[1]!.users).toBe(300);
      for (const v of r.variants) {
        expect(v.impressions).toBe(10 * v.users);
        expect(v.ci[0]).toBeLessThan(v.positive_rate);
        expect(v.ci[1]).toBeGreaterThan(v.positive_rate);
      }
      expect(r.variants[0]!.positive_rate).toBeGreaterThan(r.variants[1]!.positive_rate);
      expect(r.p_value).toBeLessThan(0.01);
      expect(r.winner).toBe('hybrid');
    },
    5 * 60_000,
  );

  it(
    'A/A: the same model on both sides is not called different; the same seed gives the same answer',
    async () => {
      const a = await runSimulation(database, prepared, { variants: ['hybrid', 'hybrid'], mode: 'ab', users: 200, seed: 3 });
      expect(a.variants.map((v) => v.name)).toEqual(['hybrid', 'hybrid-2']);
      expect(a.p_value).toBeGreaterThan(0.05);
      expect(a.winner).toBeNull();
      const again = await runSimulation(database, prepared, { variants: ['hybrid', 'hybrid'], mode: 'ab', users: 200, seed: 3 });
      expect(again).toEqual(a);
    },
    5 * 60_000,
  );

  it(
    'interleaving: each list credits the team whose films were rated well; hybrid wins with few users',
    async () => {
      const r = await runSimulation(database, prepared, { variants: ['hybrid', 'popularity'], mode: 'interleave', users: 60, seed: 1 });
      expect(r.mode).toBe('interleave');
      expect(r.credit!.wins.hybrid!).toBeGreaterThan(r.credit!.wins.popularity!);
      expect(r.credit!.wins.hybrid! + r.credit!.wins.popularity! + r.credit!.ties).toBe(60);
      expect(r.p_value).toBeLessThan(0.01);
      expect(r.winner).toBe('hybrid');
    },
    5 * 60_000,
  );

  it('the command refuses bad options with a readable message', () => {
    const bad = simulateOptions.safeParse({ data: dir, split: 'x:0', variants: 'hybrid', mode: 'ab' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toMatch(/two variants/);
    const unknown = simulateOptions.safeParse({ data: dir, split: 'x:0', variants: 'hybrid,magic' });
    expect(unknown.error!.issues[0]!.message).toMatch(/variants are algorithms/);
    expect(simulateOptions.safeParse({ data: dir, split: 'x:0', variants: 'hybrid,popularity', sizes: '10,x' }).success).toBe(false);
  });

  it(
    'the command prints the documented JSON shape',
    async () => {
      const o = simulateOptions.parse({ data: dir, split: `${splitFile}:0`, variants: 'popularity,popularity', users: '40', json: true });
      const { output } = await simulateCommand(o);
      expect(Object.keys(output as object)).toEqual(expect.arrayContaining(['mode', 'variants', 'p_value', 'winner']));
      const v = (output as { variants: Record<string, unknown>[] }).variants[0]!;
      expect(Object.keys(v).sort()).toEqual(['ci', 'impressions', 'name', 'positive_rate', 'users']);
    },
    5 * 60_000,
  );
});
