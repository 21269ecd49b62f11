/** Calibration of the stars and the misery probability: pure functions on known answers. */
import { describe, expect, it } from 'vitest';
import {
  applyIsotonic,
  expectedCalibrationError,
  fitCalibration,
  fitIsotonic,
  fitLogistic,
  miseryProbability,
  smoothedShare,
  type CalibrationRow,
} from '../../../src/recommender/calibration.js';
import { rng } from '../../../src/recommender/data.js';

describe('isotonic map', () => {
  it('pools adjacent violators into their mean', () => {
    const m = fitIsotonic([1, 2, 3, 4], [1, 3, 2, 4]);
    expect(m.y).toEqual([1, 2.5, 4]);
    expect(m.x).toEqual([1, 2.5, 4]);
  });

  it('interpolates between knots, is flat beyond them, and is the identity without knots', () => {
    const m = { x: [1, 3], y: [2, 4] };
    expect(applyIsotonic(m, 2)).toBe(3);
    expect(applyIsotonic(m, 0)).toBe(2);
    expect(applyIsotonic(m, 9)).toBe(4);
    expect(applyIsotonic(null, 3.3)).toBe(3.3);
  });
});

describe('misery probability', () => {
  it('logistic regression recovers a known slope', () => {
    const rand = rng(3);
    const rows: number[][] = [];
    const ys: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const x = rand() * 4 - 2;
      rows.push([1, x]);
      ys.push(rand() < 1 / (1 + Math.exp(-(0.5 - 2 * x))) ? 1 : 0);
    }
    const w = fitLogistic(rows, ys, 0.01);
    expect(w[0]).toBeCloseTo(0.5, 0);
    expect(w[1]).toBeCloseTo(-2, 0);
  });

  it('the expected calibration error is 0 for exact shares and the gap for a constant miss', () => {
    expect(expectedCalibrationError([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0], 1)).toBe(0);
    expect(expectedCalibrationError([0.9, 0.9], [0, 0], 1)).toBeCloseTo(0.9);
  });

  it('shares are smoothed towards the prior', () => {
    expect(smoothedShare(0, 0, 0.2)).toBeCloseTo(0.2);
    expect(smoothedShare(5, 5, 0.2)).toBeCloseTo(0.6);
  });

  /** Ratings = true taste + noise; the model predicts the taste shrunk towards 3.5 (compressed). */
  function rows(n: number, seed: number, harshShare = 0.3): CalibrationRow[] {
    const rand = rng(seed);
    const gauss = () => Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
    const out: CalibrationRow[] = [];
    for (let i = 0; i < n; i++) {
      // the stars model misses part of a harsh member's harshness; their share of low ratings shows it
      const harsh = rand() < harshShare;
      const taste = 3.5 + gauss() * 0.8;
      const actual = Math.min(5, Math.max(0.5, Math.round((taste - (harsh ? 0.7 : 0) + gauss() * 0.6) * 2) / 2));
      out.push({ predicted: 3.5 + (taste - 3.5) * 0.6 - (harsh ? 0.2 : 0), actual, userShare: harsh ? 0.35 : 0.1, itemShare: 0.18 });
    }
    return out;
  }

  it('widens compressed stars when held-out validation rows say so, and its probabilities are calibrated on new rows', () => {
    const cal = fitCalibration(rows(6000, 1), 0.18);
    expect(cal.report.widened).toBe(true);
    expect(cal.report.rmseAfter).toBeLessThan(cal.report.rmseBefore);
    expect(cal.report.spreadAfter).toBeGreaterThan(cal.report.spreadBefore);
    const fresh = rows(6000, 2);
    const p = fresh.map((r) => miseryProbability(cal.misery, applyIsotonic(cal.stars, r.predicted), r.userShare, r.itemShare));
    expect(
      expectedCalibrationError(
        p,
        fresh.map((r) => (r.actual <= 2.5 ? 1 : 0)),
      ),
    ).toBeLessThan(0.03);
    // the member who often rates low is riskier at the same stars
    expect(miseryProbability(cal.misery, 3.5, 0.35, 0.18)).toBeGreaterThan(miseryProbability(cal.misery, 3.5, 0.1, 0.18));
    // and lower stars are riskier
    expect(miseryProbability(cal.misery, 3, 0.1, 0.18)).toBeGreaterThan(miseryProbability(cal.misery, 4, 0.1, 0.18));
  });

  it('keeps the stars as they are with too few validation rows to trust a map', () => {
    const cal = fitCalibration(rows(150, 4), 0.18);
    expect(cal.stars).toBeNull();
    expect(cal.report.widened).toBe(false);
    expect(cal.report.spreadAfter).toBeCloseTo(cal.report.spreadBefore, 9);
  });
});
