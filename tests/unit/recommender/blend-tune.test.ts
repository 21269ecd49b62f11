/**
 * The hybrid's tuning inside training: the coverage rule, the carve, the fixed parameters,
 * and a whole tuning run on synthetic data with known structure (no timing in any assertion:
 * the trial budget ends the runs here, never the clock).
 */
import { describe, expect, it } from 'vitest';
import {
  BLEND_SPACE,
  carveByUser,
  tuneBlend,
  chooseByCoverage,
  chooseBySe,
  EASE_ONLY,
  pairedSe,
  spaceWithout,
  type BlendTrial,
} from '../../../src/recommender/blend-tune.js';
import { buildTrainingData, syntheticRatings } from '../../../src/recommender/data.js';
import { Hybrid } from '../../../src/recommender/hybrid.js';

const trial = (ndcg: number, coverage: number, popPenalty = 0): BlendTrial => ({ params: { popPenalty }, ndcg, coverage, se: 0.01 });

describe('the coverage rule', () => {
  it('takes the most coverage within the tolerance of the best NDCG, never a fixed floor', () => {
    // 1% of 0.3 is 0.003: 0.298 is in, 0.296 and 0.25 are out however much they cover
    const trials = [trial(0.3, 0.05, 0), trial(0.298, 0.08, 0.2), trial(0.296, 0.12, 0.3), trial(0.25, 0.3, 0.6)];
    expect(chooseByCoverage(trials, 0.01).params.popPenalty).toBe(0.2);
  });

  it('a tolerance of zero keeps the best NDCG; a wide one buys coverage', () => {
    const trials = [trial(0.3, 0.05, 0), trial(0.298, 0.08, 0.2), trial(0.25, 0.3, 0.6)];
    expect(chooseByCoverage(trials, 0).params.popPenalty).toBe(0);
    expect(chooseByCoverage(trials, 0.01).params.popPenalty).toBe(0.2);
    expect(chooseByCoverage(trials, 0.2).params.popPenalty).toBe(0.6);
  });

  it('the same rule picks little coverage where coverage is expensive and much where it is cheap', () => {
    const expensive = [trial(0.3, 0.05, 0), trial(0.28, 0.1, 0.4)];
    const cheap = [trial(0.3, 0.05, 0), trial(0.2995, 0.5, 0.4)];
    expect(chooseByCoverage(expensive, 0.01).coverage).toBe(0.05);
    expect(chooseByCoverage(cheap, 0.01).coverage).toBe(0.5);
  });

  it('ties on coverage go to the higher NDCG', () => {
    expect(chooseByCoverage([trial(0.29, 0.1, 1), trial(0.3, 0.1, 2)], 0.05).params.popPenalty).toBe(2);
  });
});

/** A trial with per-user NDCG (the mean is theirs), for the paired rule. */
const paired = (perUser: number[], coverage: number, popPenalty: number): BlendTrial => ({
  params: { popPenalty },
  ndcg: perUser.reduce((s, v) => s + v, 0) / perUser.length,
  coverage,
  se: 0,
  perUser: Float64Array.from(perUser),
});

describe('the standard-error coverage rule', () => {
  const best = [0.5, 0.2, 0.4, 0.1, 0.3, 0.6, 0.2, 0.4];

  it('the paired standard error is the spread of the per-user differences over the square root of their number', () => {
    const a = [1, 2, 3, 4];
    const b = [0, 2, 2, 5];
    // differences 1, 0, 1, -1: mean 0.25, sample variance 0.9167
    expect(pairedSe(a, b)).toBeCloseTo(Math.sqrt(0.91667 / 4), 4);
    expect(pairedSe([1], [0])).toBe(0);
  });

  it('spends on coverage a loss validation cannot tell from noise, not a measured one', () => {
    // a loss spread over users (noise) against the same mean loss on every user (measured)
    const noisy = paired(
      best.map((v, i) => v + (i % 2 ? -0.02 : 0.0175)),
      0.1,
      0.3,
    );
    const measured = paired(
      best.map((v) => v - 0.00125),
      0.12,
      0.5,
    );
    const trials = [paired(best, 0.05, 0), noisy, measured];
    expect(chooseBySe(trials, 1).params.popPenalty).toBe(0.3);
    expect(chooseBySe(trials, 0).params.popPenalty).toBe(0);
  });

  it('never chooses below the reference (EASE alone), whatever the noise allows', () => {
    const ease = paired(
      best.map((v) => v - 0.001),
      0.04,
      9,
    );
    const below = paired(
      best.map((v, i) => v - 0.05 + (i % 2 ? 0.08 : -0.08)),
      0.2,
      0.6,
    );
    expect(chooseBySe([paired(best, 0.05, 0), below, ease], 3).params.popPenalty).toBe(0.6);
    expect(chooseBySe([paired(best, 0.05, 0), below, ease], 3, ease).params.popPenalty).toBe(0);
  });

  it('EASE alone is in the search space: nothing else blended in, no penalty', () => {
    for (const [k, v] of Object.entries(EASE_ONLY)) expect(BLEND_SPACE[k]).toContain(v);
  });
});

describe('the carve and the search space', () => {
  const data = buildTrainingData(syntheticRatings({ users: 120, items: 80, ratings: 3000, seed: 3 }));

  it('holds out part of each user with at least five ratings and keeps the index spaces', () => {
    const { part, heldOut } = carveByUser(data, 0.2, 1);
    expect(part.nUsers).toBe(data.nUsers);
    expect(part.nItems).toBe(data.nItems);
    let held = 0;
    for (const m of heldOut.values()) held += m.size;
    expect(part.nRatings + held).toBe(data.nRatings);
    for (const [u, m] of heldOut) {
      expect(part.userPtr[u + 1]! - part.userPtr[u]!).toBeGreaterThanOrEqual(2);
      for (const i of m.keys()) expect([...part.userItems.subarray(part.userPtr[u]!, part.userPtr[u + 1]!)]).not.toContain(i);
    }
  });

  it('parameters the caller set are not tuned', () => {
    const space = spaceWithout(['popPenalty'], { popPenalty: 0.45 });
    expect(space.popPenalty).toEqual([0.45]);
    expect(space.wContent).toEqual(BLEND_SPACE.wContent);
  });
});

describe('tuning as part of training (synthetic data with a known low-rank taste structure)', () => {
  const data = buildTrainingData(syntheticRatings({ users: 300, items: 150, ratings: 12000, rank: 4, seed: 5 }));

  it('tunes, keeps what it chose with the model, and a stored model loads with it', async () => {
    const h = new Hybrid({ tune: true, stars: 'baseline', tuneTrials: 12, tuneSeconds: 600 });
    await h.fit(data, { seed: 1 });
    const t = h.tuning!;
    expect(t.skipped).toBeUndefined();
    expect(t.trials).toBeGreaterThanOrEqual(12);
    // the rule's floor: never below EASE alone on validation
    expect(t.chosenNdcg).toBeGreaterThanOrEqual(t.easeNdcg! - 1e-4);
    expect(t.chosenCoverage).toBeGreaterThanOrEqual(t.bestCoverage);
    for (const [k, v] of Object.entries(t.chosen)) expect(h.params[k]).toBe(v);
    const copy = new Hybrid();
    copy.load(h.save());
    expect(copy.tuning?.chosen).toEqual(t.chosen);
    expect(copy.params.popPenalty).toBe(h.params.popPenalty);
  });

  it('is deterministic for a seed, and a fixed parameter stays as given', async () => {
    const a = new Hybrid({ tune: true, stars: 'baseline', tuneTrials: 8, tuneSeconds: 600, popPenalty: 0.45 });
    const b = new Hybrid({ tune: true, stars: 'baseline', tuneTrials: 8, tuneSeconds: 600, popPenalty: 0.45 });
    await a.fit(data, { seed: 2 });
    await b.fit(data, { seed: 2 });
    expect(a.tuning!.chosen).toEqual(b.tuning!.chosen);
    expect(a.params.popPenalty).toBe(0.45);
  });

  it("tries EASE alone on every run, and EASE's regularisation only when asked", async () => {
    const make = (p: Record<string, number | string | boolean>) => new Hybrid(p);
    const base = new Hybrid({ stars: 'baseline' }).params;
    const plain = await tuneBlend(data, base, make, { trials: 6, seconds: 600, carves: 1, maxUsers: 80 });
    const lambdas = (r: typeof plain) => new Set(r.trials!.map((t) => t.params.easeLambda));
    expect(lambdas(plain)).toEqual(new Set([300]));
    expect(plain.trials!.some((t) => Object.entries(EASE_ONLY).every(([k, v]) => t.params[k] === v))).toBe(true);
    expect(plain.summary.easeNdcg).toBeGreaterThan(0);
    // the long-tail places are swept around the best blend: every places count, tail and ratio
    const tails = plain.trials!.filter((t) => t.params.tailSlots! > 0);
    const best = plain.trials!.slice(0, -tails.length).reduce((a, b) => (b.ndcg > a.ndcg ? b : a));
    expect(tails.length).toBe((BLEND_SPACE.tailSlots!.length - 1) * BLEND_SPACE.tailQuantile!.length * BLEND_SPACE.tailRatio!.length);
    for (const t of tails) expect(t.params.wContent).toBe(best.params.wContent);
    const withLambda = await tuneBlend(data, base, make, { trials: 6, seconds: 600, carves: 2, maxUsers: 80, easeLambda: true });
    expect(lambdas(withLambda)).toEqual(new Set(BLEND_SPACE.easeLambda));
    expect(withLambda.summary.carves).toBe(2);
    // every trial is measured on the same users of both carves (the rule pairs them)
    const n = withLambda.trials![0]!.perUser!.length;
    for (const t of withLambda.trials!) expect(t.perUser!.length).toBe(n);
  });

  it('too little data keeps the defaults and says why', async () => {
    const tiny = buildTrainingData(syntheticRatings({ users: 10, items: 30, ratings: 100, seed: 1 }));
    const h = new Hybrid({ tune: true, stars: 'baseline' });
    await h.fit(tiny);
    expect(h.tuning?.skipped).toMatch(/too little data/);
    expect(h.params.popPenalty).toBe(new Hybrid().params.popPenalty);
  });
});
