/** The default party strategy (relevance with a misery veto), its tuning rule and its report. Pure. */
import { describe, expect, it } from 'vitest';
import { anyMisery, miseryVetoScores, riskTable, safetyNote } from '../../../src/party/misery-veto.js';
import { rankGroup, DEFAULT_STRATEGY, type GroupTable } from '../../../src/party/strategies.js';
import { chooseVeto, type VetoTrial } from '../../../src/party/veto-tune.js';
import { bootstrapMean, miseryReport } from '../../../src/party/misery-report.js';
import { scoreGroupList, type GroupScore } from '../../../src/party/metrics.js';
import { whyItFits } from '../../../src/party/present.js';

const ids = (picks: { movieId: number }[]) => picks.map((p) => p.movieId);

describe('relevance without misery', () => {
  // film 1: everyone's favourite, but member B will probably hate it; film 2: liked by both, safe;
  // film 3: safe, less relevant; film 4: unknown risk, low stars
  const table: GroupTable = {
    movieIds: [1, 2, 3, 4],
    stars: [
      [4.8, 3.4],
      [4.0, 3.9],
      [3.6, 3.6],
      [3.0, 3.0],
    ],
    relevance: [
      [1, 1],
      [0.66, 0.66],
      [0.33, 0.33],
      [0, 0],
    ],
    misery: [
      [0.02, 0.6],
      [0.05, 0.08],
      [0.1, 0.1],
      [Number.NaN, 0.2],
    ],
  };

  it('is the default, vetoes a film any member will likely dislike, and ranks the safe ones by relevance', () => {
    expect(DEFAULT_STRATEGY).toBe('relevance_without_misery');
    expect(ids(rankGroup(table, 'relevance_without_misery', 4, { maxRisk: 0.3, riskWeight: 0, starWeight: 0 }))).toEqual([2, 3, 4, 1]);
  });

  it('without a veto the risk still weighs: a heavy risk weight drops the risky favourite down the list', () => {
    expect(ids(rankGroup(table, 'relevance_without_misery', 4, { maxRisk: 1, riskWeight: 0, starWeight: 0 }))[0]).toBe(1);
    expect(ids(rankGroup(table, 'relevance_without_misery', 4, { maxRisk: 1, riskWeight: 4, starWeight: 0 }))[0]).toBe(2);
  });

  it('vetoed films still fill a short list, least risky first', () => {
    const s = miseryVetoScores(table, { maxRisk: 0.05, riskWeight: 0, starWeight: 0 });
    // every film has a member above 0.05, so every film is vetoed
    expect(s.every((v) => v < -9)).toBe(true);
    expect(ids(rankGroup(table, 'relevance_without_misery', 2, { maxRisk: 0.05 }))).toEqual([2, 3]);
  });

  it('without calibrated risks, members predicted below 2.75 stars count as misery', () => {
    const plain: GroupTable = {
      movieIds: [1, 2],
      stars: [
        [4.5, 2.5],
        [3.8, 3.7],
      ],
    };
    expect(riskTable(plain)).toEqual([
      [0, 1],
      [0, 0],
    ]);
    expect(ids(rankGroup(plain, 'relevance_without_misery', 2))).toEqual([2, 1]);
  });

  it('P(someone is miserable) treats members as independent and skips unknowns', () => {
    expect(anyMisery([0.5, 0.5])).toBeCloseTo(0.75);
    expect(anyMisery([0.2, Number.NaN])).toBeCloseTo(0.2);
  });

  it('the card says why a pick is safe', () => {
    expect(safetyNote([0.05, 0.1])).toBe('nobody is likely to dislike it');
    expect(safetyNote([0.05, 0.25])).toBe('nobody is predicted to dislike it');
    expect(safetyNote([0.05, 0.6])).toBeNull();
    expect(whyItFits(['Ana', 'Ben'], [4.1, 3.9], [0.04, 0.09])).toContain('nobody is likely to dislike it');
    expect(whyItFits(['Ana', 'Ben'], [4.1, 3.9])).toContain('nobody below 3.9★');
  });
});

describe('tuning the veto (rule on validation figures)', () => {
  const t = (maxRisk: number, top1: number, at5: number, margin: number): VetoTrial => ({
    maxRisk,
    riskWeight: 1,
    starWeight: 0.5,
    miseryTop1: top1,
    miseryAt5: at5,
    ndcgMargin: margin,
  });

  it('the least misery among settings within 0.005 group NDCG of plain average in every cell', () => {
    const trials = [t(1, 0.09, 0.16, 0.01), t(0.3, 0.05, 0.12, -0.004), t(0.2, 0.03, 0.1, -0.02)];
    expect(chooseVeto(trials).maxRisk).toBe(0.3);
    expect(chooseVeto(trials, 0.05).maxRisk).toBe(0.2);
  });

  it('when no setting keeps the NDCG, the one closest to it', () => {
    expect(chooseVeto([t(0.2, 0.03, 0.1, -0.02), t(0.3, 0.05, 0.12, -0.01)]).maxRisk).toBe(0.3);
  });
});

describe('misery metrics and the eval-groups report', () => {
  it('counts misery over every member who rated a pick, at the top and in the five', () => {
    const truths = [
      new Map([
        [1, 2.5],
        [2, 4],
      ]),
      new Map([
        [1, 5],
        [3, 1],
      ]),
      new Map([[2, 4.5]]),
    ];
    const s = scoreGroupList([1, 2, 3, 4, 5], truths, new Set([1, 2, 3, 4, 5]), 5);
    expect(s.miseryTop1).toBe(1);
    expect(s.miseryPicks).toBe(2);
    expect(s.picks).toBe(5);
    expect(s.minNdcg).toBeLessThanOrEqual(s.ndcg);
  });

  it('a bootstrap interval holds the mean and is seeded', () => {
    const v = Array.from({ length: 500 }, (_, i) => (i % 10 === 0 ? 1 : 0));
    const a = bootstrapMean(v, 500, 3);
    expect(a.value).toBeCloseTo(0.1);
    expect(a.ci95[0]).toBeLessThan(0.1);
    expect(a.ci95[1]).toBeGreaterThan(0.1);
    expect(bootstrapMean(v, 500, 3)).toEqual(a);
  });

  it('reports every figure per cell and pooled, and a summary keyed by strategy name with the default', () => {
    const g = (top1: number, picks: number, ndcg: number): GroupScore => ({
      ratingSum: 0,
      ratingCount: 0,
      minSum: 0,
      ratedPicks: 5,
      goodPicks: 5,
      ndcg,
      minNdcg: ndcg / 2,
      miseryTop1: top1,
      miseryPicks: picks,
      picks: 5,
    });
    const cells = [
      {
        size: 2,
        kind: 'random',
        rows: [
          { method: 'relevance_without_misery', scores: [g(0, 0, 0.8), g(1, 2, 0.6)] },
          { method: 'average', scores: [g(1, 1, 0.7), g(1, 3, 0.7)] },
        ],
      },
      {
        size: 4,
        kind: 'similar',
        rows: [
          { method: 'relevance_without_misery', scores: [g(0, 1, 0.5)] },
          { method: 'average', scores: [g(0, 0, 0.5)] },
        ],
      },
    ];
    const r = miseryReport(cells, 'relevance_without_misery');
    expect(r.cells).toHaveLength(2);
    for (const f of [r.cells[0]!.methods.average!, r.pooled.average!]) {
      for (const k of ['misery_top1', 'misery_at_5', 'group_ndcg_at_5', 'min_member_ndcg_at_5'] as const) {
        expect(Number.isFinite(f[k].value)).toBe(true);
        expect(f[k].ci95[0]).toBeLessThanOrEqual(f[k].value);
        expect(f[k].ci95[1]).toBeGreaterThanOrEqual(f[k].value);
      }
    }
    expect(r.pooled.average!.groups).toBe(3);
    expect(Object.keys(r.summary).sort()).toEqual(['average', 'default', 'relevance_without_misery']);
    expect(r.summary.default).toEqual(r.summary.relevance_without_misery);
    expect(r.summary.average!.misery_top1).toBeCloseTo(2 / 3);
    expect(r.summary.average!.misery_at_5).toBeCloseTo((1 + 3 + 0) / 15);
  });
});
