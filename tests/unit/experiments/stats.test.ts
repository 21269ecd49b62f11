import { describe, expect, it } from 'vitest';
import {
  bootstrapInterval,
  normalCdf,
  normalQuantile,
  ratioEstimate,
  ratioZTest,
  sampleSizeTwoProportions,
  signTest,
  twoProportionZTest,
  wilsonInterval,
} from '../../../src/experiments/stats.js';

describe('experiment statistics against known values', () => {
  it('normal tail areas and quantiles', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-2.575829)).toBeCloseTo(0.005, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.8)).toBeCloseTo(0.841621, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
  });

  it('two-proportion z-test: 45/100 against 60/100 (pooled)', () => {
    const t = twoProportionZTest(45, 100, 60, 100);
    // pooled p = 0.525, se = sqrt(0.525 * 0.475 * 0.02) = 0.070622, z = 0.15 / se
    expect(t.z).toBeCloseTo(2.12398, 4);
    expect(t.pValue).toBeCloseTo(0.03367, 4);
    expect(t.difference).toBeCloseTo(0.15, 10);
  });

  it('Wilson interval of 5/10 and of 0/20', () => {
    const [lo, hi] = wilsonInterval(5, 10);
    expect(lo).toBeCloseTo(0.2366, 4);
    expect(hi).toBeCloseTo(0.7634, 4);
    const [lo0, hi0] = wilsonInterval(0, 20);
    expect(lo0).toBe(0);
    expect(hi0).toBeCloseTo(0.1611, 4);
  });

  it('sample size for 10% against 15% at alpha 0.05, power 0.8 (Fleiss, no continuity correction: 686)', () => {
    expect(sampleSizeTwoProportions(0.1, 0.15)).toBe(686);
    expect(sampleSizeTwoProportions(0.1, 0.1)).toBe(Number.POSITIVE_INFINITY);
  });

  it('sign test: 9 wins against 1 is p = 2 * 11/1024', () => {
    expect(signTest(9, 1)).toBeCloseTo(22 / 1024, 10);
    expect(signTest(5, 5)).toBe(1);
    expect(signTest(0, 0)).toBe(1);
    expect(signTest(600, 400)).toBeLessThan(1e-9);
  });

  it('delta-method ratio: one trial per cluster reduces to the proportion and its standard error', () => {
    const clusters = [1, 0, 1, 1, 0, 0, 1, 0, 1, 1].map((s) => ({ successes: s, trials: 1 }));
    const e = ratioEstimate(clusters);
    expect(e.rate).toBeCloseTo(0.6, 10);
    // sample variance 0.26667 over 10 clusters
    expect(e.se).toBeCloseTo(Math.sqrt((0.6 * 0.4 * (10 / 9)) / 10), 10);
  });

  it('delta-method ratio: clustered impressions widen the error against a naive count', () => {
    // ten users who like everything shown, ten who like nothing: 10 impressions each
    const clusters = [
      ...Array.from({ length: 10 }, () => ({ successes: 10, trials: 10 })),
      ...Array.from({ length: 10 }, () => ({ successes: 0, trials: 10 })),
    ];
    const e = ratioEstimate(clusters);
    expect(e.rate).toBeCloseTo(0.5, 10);
    const naive = Math.sqrt((0.5 * 0.5) / 200);
    expect(e.se).toBeGreaterThan(3 * naive);
    const same = ratioZTest(clusters, clusters);
    expect(same.pValue).toBeCloseTo(1, 8);
  });

  it('bootstrap interval is reproducible and covers the rate', () => {
    const clusters = Array.from({ length: 200 }, (_, i) => ({ successes: i % 3 === 0 ? 2 : 0, trials: 5 }));
    const a = bootstrapInterval(clusters, { seed: 7 });
    const b = bootstrapInterval(clusters, { seed: 7 });
    expect(a).toEqual(b);
    const rate = ratioEstimate(clusters).rate;
    expect(a[0]).toBeLessThan(rate);
    expect(a[1]).toBeGreaterThan(rate);
    // close to the delta-method interval at this size
    const se = ratioEstimate(clusters).se;
    expect(a[1] - a[0]).toBeGreaterThan(2 * 1.96 * se * 0.8);
    expect(a[1] - a[0]).toBeLessThan(2 * 1.96 * se * 1.2);
  });
});
