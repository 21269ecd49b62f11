import { describe, expect, it } from 'vitest';
import { assignVariant, bucketOf, variantAt } from '../../../src/experiments/assign.js';
import { parseVariants } from '../../../src/experiments/definition.js';
import { assignmentOf, liveExperiments } from '../../../src/experiments/engine.js';
import { creditOf, interleavingAnalysis, teamDraft } from '../../../src/experiments/interleave.js';

describe('team-draft interleaving', () => {
  it('alternates picks, skipping films the other team already placed', () => {
    // coin always < 0.5: A picks first on every tie
    const r = teamDraft([1, 2, 3, 4], [2, 5, 1, 6], 6, () => 0);
    expect(r.items).toEqual([1, 2, 3, 5, 4, 6]);
    expect(r.teams).toEqual(['A', 'B', 'A', 'B', 'A', 'B']);
  });

  it('the coin decides who starts a round; teams stay balanced', () => {
    const r = teamDraft([1, 2, 3], [4, 5, 6], 4, () => 0.9);
    expect(r.items).toEqual([4, 1, 5, 2]);
    expect(r.teams).toEqual(['B', 'A', 'B', 'A']);
  });

  it('identical lists: every film once, credit still split by team', () => {
    const r = teamDraft([1, 2, 3, 4], [1, 2, 3, 4], 4, () => 0);
    expect(r.items).toEqual([1, 2, 3, 4]);
    expect(new Set(r.items).size).toBe(4);
  });

  it('a short list runs out and the other fills', () => {
    const r = teamDraft([1], [2, 3, 4], 4, () => 0);
    expect(r.items).toEqual([1, 2, 3, 4]);
    expect(r.teams).toEqual(['A', 'B', 'B', 'B']);
  });

  it('credit per list and the analysis over lists', () => {
    expect(creditOf(['A', 'A', 'B'])).toBe('A');
    expect(creditOf(['B'])).toBe('B');
    expect(creditOf([])).toBe('tie');
    const res = interleavingAnalysis(['A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'B', 'tie', 'tie']);
    expect(res).toMatchObject({ winsA: 9, winsB: 1, ties: 2 });
    expect(res.delta).toBeCloseTo(-8 / 12, 10);
    expect(res.pValue).toBeCloseTo(22 / 1024, 10);
  });
});

describe('assignment', () => {
  it('is deterministic, uniform, and independent between experiments', () => {
    expect(bucketOf(42, 'exp')).toBe(bucketOf(42, 'exp'));
    let inA = 0;
    let both = 0;
    for (let u = 1; u <= 20_000; u++) {
      const a = bucketOf(u, 'first') < 0.3;
      const b = bucketOf(u, 'second') < 0.5;
      if (a) inA++;
      if (a && b) both++;
    }
    expect(inA / 20_000).toBeGreaterThan(0.28);
    expect(inA / 20_000).toBeLessThan(0.32);
    expect(both / inA).toBeGreaterThan(0.47);
    expect(both / inA).toBeLessThan(0.53);
  });

  it('variants by cumulative share; the rest is outside', () => {
    const vs = [
      { name: 'a', share: 0.2 },
      { name: 'b', share: 0.3 },
    ];
    expect(variantAt(vs, 0.1)?.name).toBe('a');
    expect(variantAt(vs, 0.2)?.name).toBe('b');
    expect(variantAt(vs, 0.49)?.name).toBe('b');
    expect(variantAt(vs, 0.5)).toBeUndefined();
    expect(assignVariant(7, 'x', vs)).toBe(variantAt(vs, bucketOf(7, 'x')));
  });

  it('the first running experiment covering a user wins; bad stored rows are skipped', () => {
    const live = liveExperiments([
      {
        id: 1,
        name: 'half',
        mode: 'ab',
        variants: [
          { name: 'a', share: 0.25, config: {} },
          { name: 'b', share: 0.25, config: { diversity: { franchiseCap: 1, genrePenalty: 0.3 } } },
        ],
      },
      { id: 2, name: 'broken', mode: 'ab', variants: [{ name: 'a', share: 'lots' }] },
      {
        id: 3,
        name: 'rest',
        mode: 'interleave',
        variants: [
          { name: 'a', share: 0.5, config: {} },
          { name: 'b', share: 0.5, config: {} },
        ],
      },
    ]);
    expect(live.map((e) => e.name)).toEqual(['half', 'rest']);
    const counts = { half: 0, rest: 0 };
    for (let u = 1; u <= 2000; u++) {
      const a = assignmentOf(u, live)!;
      counts[a.experiment.name as 'half' | 'rest']++;
      if (a.experiment.name === 'half') expect(a.variant).toBeDefined();
      else expect(a.variant).toBeUndefined();
    }
    expect(counts.half / 2000).toBeGreaterThan(0.45);
    expect(counts.half / 2000).toBeLessThan(0.55);
  });

  it('parses variants and shares, with a friendly message on bad input', () => {
    const ok = parseVariants('control,diverse=diversity:1:0.3', '50,50');
    expect(ok).toEqual({
      ok: true,
      variants: [
        { name: 'control', share: 0.5, config: {} },
        { name: 'diverse', share: 0.5, config: { diversity: { franchiseCap: 1, genrePenalty: 0.3 } } },
      ],
    });
    const even = parseVariants('a,b,c');
    for (const v of even.ok ? even.variants : []) expect(v.share).toBeCloseTo(1 / 3, 10);
    expect(even.ok && even.variants.length).toBe(3);
    const bad = parseVariants('a,b=blend:2', '50,50');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/diversity:<franchise cap>/);
    expect(parseVariants('a,b', '50').ok).toBe(false);
    expect(parseVariants('a b,c', '50,50').ok).toBe(false);
  });
});
