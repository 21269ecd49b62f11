import { describe, expect, it } from 'vitest';
import type { RecommendationEngine, RecommendRequest, RecommendResult } from '../../../src/core/ports.js';
import { experimentSpecSchema, parseVariants } from '../../../src/experiments/definition.js';
import { assignmentOf, experimentEngine, liveExperiments, pinnedVersions, withVariant } from '../../../src/experiments/engine.js';

describe('variant settings: model version, ranking blend, party strategy', () => {
  it('parses each setting and combinations joined by +', () => {
    const v = parseVariants('control,challenger=model:12,flat=blend:popPenalty=0/wContent=0.3,both=model:7+diversity:2:0.5');
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.variants.map((x) => x.config)).toEqual([
      {},
      { modelVersion: 12 },
      { rankBlend: { popPenalty: 0, wContent: 0.3 } },
      { modelVersion: 7, diversity: { franchiseCap: 2, genrePenalty: 0.5 } },
    ]);
    const party = parseVariants('control,avg=party:average');
    expect(party.ok && party.variants[1]!.config).toEqual({ partyStrategy: 'average' });
  });

  it('says what is wrong in words, and changes nothing', () => {
    const cases: [string, RegExp][] = [
      ['a,b=model:latest', /model:<version>/],
      ['a,b=blend:easeLambda=10', /ranking parameter/],
      ['a,b=blend:', /blend:<param>=<value>/],
      ['a,b=party:loudest', /party strategies are/],
      ['a,b=colour:red', /not a variant setting/],
      ['a,b=model:1+model:2', /sets modelVersion twice/],
    ];
    for (const [list, message] of cases) {
      const r = parseVariants(list);
      expect(r.ok, list).toBe(false);
      if (!r.ok) expect(r.message).toMatch(message);
    }
  });

  it('a party experiment changes only party strategies and runs as A/B', () => {
    const spec = (variants: string, mode = 'ab') => {
      const v = parseVariants(variants);
      if (!v.ok) throw new Error(v.message);
      return experimentSpecSchema.safeParse({ name: 'p', mode, variants: v.variants });
    };
    expect(spec('control,avg=party:average').success).toBe(true);
    expect(spec('control,avg=party:average+model:3').success).toBe(false);
    expect(spec('control,avg=party:average', 'interleave').success).toBe(false);
    expect(spec('control,new=model:3', 'interleave').success).toBe(true);
  });

  it('a variant replaces only the request settings it names', () => {
    const request: RecommendRequest = { userId: 1, limit: 5, diversity: { franchiseCap: 3, genrePenalty: 0 } };
    expect(withVariant(request, {})).toEqual(request);
    expect(withVariant(request, { modelVersion: 4, rankBlend: { popPenalty: 0 } })).toEqual({
      ...request,
      modelVersion: 4,
      rankBlend: { popPenalty: 0 },
    });
  });

  it('recommendation and party experiments assign independently', () => {
    const live = liveExperiments([
      { id: 1, name: 'blend', mode: 'ab', variants: [{ name: 'all', share: 1, config: { rankBlend: { wPop: 1 } } }] },
      { id: 2, name: 'party', mode: 'ab', variants: [{ name: 'avg', share: 1, config: { partyStrategy: 'average' } }] },
    ]);
    expect(assignmentOf(5, live)?.experiment.name).toBe('blend');
    expect(assignmentOf(5, live, 'party')?.experiment.name).toBe('party');
    expect(
      pinnedVersions(liveExperiments([{ id: 3, name: 'm', mode: 'ab', variants: parsed('a=model:9,b=model:9+diversity:1:0') }])),
    ).toEqual([9]);
  });
});

function parsed(list: string) {
  const v = parseVariants(list);
  if (!v.ok) throw new Error(v.message);
  return v.variants;
}

/** An engine that answers with what it was asked, so the wrapper's requests can be read back. */
function echoEngine(asked: RecommendRequest[], prepared: number[]): RecommendationEngine {
  return {
    async recommend(request): Promise<RecommendResult> {
      asked.push(request);
      return {
        items: [{ movieId: 100 + asked.length, score: 1, predicted: 4, reason: '', source: 'test' }],
        relaxed: [],
        modelVersion: request.modelVersion ?? 1,
      };
    },
    predict: async () => new Map(),
    similar: async () => [],
    explain: async (_u, movieId) => ({ movieId, predicted: Number.NaN, lines: [] }),
    onRatingChanged: async () => {},
    onMarksChanged: async () => {},
    prepareVersion: async (v) => {
      prepared.push(v);
      return true;
    },
    modelInfo: () => ({ version: 1, algorithm: 'hybrid', trainedAt: null, metrics: {} }),
  };
}

describe('the experiment engine applies every kind of variant', () => {
  it('sends the variant’s model version and blend with the request and loads pinned models up front', async () => {
    const asked: RecommendRequest[] = [];
    const prepared: number[] = [];
    const rows = [
      { id: 7, name: 'challenge', mode: 'ab', variants: parsed('challenger=model:42+blend:popPenalty=0') },
      {
        id: 8,
        name: 'parties',
        mode: 'ab',
        variants: [{ name: 'ctl', share: 0.5, config: {} }, ...parsed('lm=party:least_misery').map((v) => ({ ...v, share: 0.5 }))],
      },
    ];
    const engine = experimentEngine(echoEngine(asked, prepared), { source: { running: async () => rows } });
    try {
      await engine.refreshExperiments();
      expect(prepared).toEqual([42]);
      const r = await engine.recommend({ userId: 3, limit: 1 });
      expect(asked[0]).toMatchObject({ modelVersion: 42, rankBlend: { popPenalty: 0 } });
      expect(r.modelVersion).toBe(42);
      // hosts split between the party control (their own strategy) and least misery
      const seen = new Map<string, string | undefined>();
      for (let host = 1; host <= 40; host++) {
        const v = engine.partyVariant(host)!;
        expect(v.experimentId).toBe(8);
        seen.set(v.variant, v.strategy);
      }
      expect(seen).toEqual(
        new Map([
          ['ctl', undefined],
          ['lm', 'least_misery'],
        ]),
      );
    } finally {
      engine.stop();
    }
  });
});
