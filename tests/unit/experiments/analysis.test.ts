import { describe, expect, it } from 'vitest';
import { analyseAb, analyseInterleaving } from '../../../src/experiments/analysis.js';
import { lineChart } from '../../../adapters/admin/chart.js';

describe('experiment analysis', () => {
  it('A/B: rates, delta-method intervals over users, the test and the users a decision needs', () => {
    const units = [
      ...[1, 2, 3].map((positives, i) => ({ userId: i, variant: 'a', impressions: 10, positives })),
      ...[5, 5, 5].map((positives, i) => ({ userId: 10 + i, variant: 'b', impressions: 10, positives })),
    ];
    const r = analyseAb(['a', 'b'], units);
    expect(r.variants.map((v) => [v.name, v.users, v.impressions])).toEqual([
      ['a', 3, 30],
      ['b', 3, 30],
    ]);
    expect(r.variants[0]!.positive_rate).toBeCloseTo(0.2, 12);
    // control: per-user positives 1, 2, 3 (variance 1) over 10 impressions each: se = sqrt(1 / (100 * 3))
    const se = Math.sqrt(1 / 300);
    expect(r.variants[0]!.ci[0]).toBeCloseTo(0.2 - 1.959964 * se, 5);
    expect(r.variants[0]!.ci[1]).toBeCloseTo(0.2 + 1.959964 * se, 5);
    // variant b has no spread: z = 0.3 / se = 5.196, p = 2.04e-7
    expect(r.p_value!).toBeCloseTo(2.04e-7, 8);
    expect(r.winner).toBe('b');
    // 0.2 against 0.5 needs 39 impressions per arm: 4 users of 10 impressions each
    expect(r.users_needed_per_variant).toBe(4);
  });

  it('A/B: too few users for a test says so; a worse variant makes the control the winner', () => {
    expect(analyseAb(['a', 'b'], [{ userId: 1, variant: 'a', impressions: 10, positives: 1 }]).p_value).toBeNull();
    const units = [
      ...Array.from({ length: 50 }, (_, i) => ({ userId: i, variant: 'a', impressions: 10, positives: 4 + (i % 3) })),
      ...Array.from({ length: 50 }, (_, i) => ({ userId: 100 + i, variant: 'b', impressions: 10, positives: i % 2 })),
    ];
    const r = analyseAb(['a', 'b'], units);
    expect(r.p_value!).toBeLessThan(1e-6);
    expect(r.winner).toBe('a');
  });

  it('interleaving: a list goes to the team with more positives; ties are counted apart', () => {
    const rows = [
      { userId: 1, list: 't1', variant: 'x', positives: 2 },
      { userId: 1, list: 't1', variant: 'y', positives: 1 },
      { userId: 2, list: 't1', variant: 'x', positives: 0 },
      { userId: 2, list: 't1', variant: 'y', positives: 1 },
      { userId: 3, list: 't1', variant: 'x', positives: 1 },
      { userId: 3, list: 't1', variant: 'y', positives: 1 },
      ...Array.from({ length: 9 }, (_, i) => ({ userId: 10 + i, list: 't1', variant: 'x', positives: 1 })),
    ];
    const r = analyseInterleaving(
      ['x', 'y'],
      rows,
      new Map([
        ['x', 60],
        ['y', 60],
      ]),
      new Map([
        ['x', 12],
        ['y', 3],
      ]),
    );
    expect(r.credit).toEqual({ wins: { x: 10, y: 1 }, ties: 1, delta: -9 / 12 });
    // sign test 10 against 1: 2 * 12 / 2048
    expect(r.p_value!).toBeCloseTo(24 / 2048, 10);
    expect(r.winner).toBe('x');
    expect(r.variants[0]!.positive_rate).toBeCloseTo(12 / 60, 12);
  });
});

describe('dashboard chart', () => {
  it('draws one polyline per series inside the frame, and says when there is nothing', () => {
    const svg = lineChart(
      [
        {
          label: 'model v1',
          color: '#000',
          points: [
            { x: 0, y: 0.1 },
            { x: 86_400_000, y: 0.2 },
          ],
        },
        { label: 'model v2', color: '#f00', points: [{ x: 86_400_000, y: 0.3 }] },
      ],
      { title: 'rate', width: 500, height: 200, yLabel: (y) => y.toFixed(2), xLabel: (x) => String(x) },
    );
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    const coords = [...svg.matchAll(/points="([^"]+)"/g)].flatMap((m) => m[1]!.split(' ').map((p) => p.split(',').map(Number)));
    for (const [x, y] of coords) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(500);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(200);
    }
    expect(svg).toContain('model v2');
    expect(lineChart([], { title: 'rate', yLabel: String, xLabel: String })).toContain('no data yet');
    expect(
      lineChart([{ label: '<b>', color: '#000', points: [{ x: 1, y: 1 }] }], { title: 't', yLabel: String, xLabel: String }),
    ).toContain('&lt;b&gt;');
  });
});
