/**
 * The one place experiments touch the recommendation path: a RecommendationEngine wrapped
 * around the real one, which every surface (chat on every platform, the API) already calls.
 * For each recommendation it finds the user's variant (a hash, no I/O: the running experiments
 * are cached and refreshed in the background), asks the engine with that variant's setting, or
 * with both variants' settings and a team draft under interleaving, and notes what it offered
 * for the impression log (src/insights/scope.ts).
 */
import type { PartyVariant, Recommendation, RecommendationEngine, RecommendRequest, RecommendResult } from '../core/ports.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { noteOffered } from '../insights/scope.js';
import { bucketOf, variantAt } from './assign.js';
import { isPartyExperiment, variantSchema, type Variant, type VariantConfig } from './definition.js';
import { teamDraft } from './interleave.js';
import { seededRandom } from './stats.js';

export interface StoredExperiment {
  id: number;
  name: string;
  mode: string;
  variants: unknown;
}

export interface ExperimentSource {
  running(now: Date): Promise<StoredExperiment[]>;
}

export interface LiveExperiment {
  id: number;
  name: string;
  mode: 'ab' | 'interleave';
  variants: Variant[];
}

export interface Assignment {
  experiment: LiveExperiment;
  /** The user's variant (ab), or undefined under interleaving (both teams serve). */
  variant?: Variant | undefined;
}

/** Keep the rows that parse; a bad stored row is skipped, never fatal. Pure. */
export function liveExperiments(rows: readonly StoredExperiment[]): LiveExperiment[] {
  const out: LiveExperiment[] = [];
  for (const r of rows) {
    const variants = variantSchema.array().safeParse(r.variants);
    if (!variants.success || (r.mode !== 'ab' && r.mode !== 'interleave')) continue;
    if (r.mode === 'interleave' && variants.data.length !== 2) continue;
    out.push({ id: r.id, name: r.name, mode: r.mode, variants: variants.data });
  }
  return out;
}

/**
 * The first running experiment whose shares cover the user decides. Recommendation requests
 * consider the recommendation experiments, party picks the party ones. Pure.
 */
export function assignmentOf(
  userId: number,
  running: readonly LiveExperiment[],
  scope: 'recommend' | 'party' = 'recommend',
): Assignment | undefined {
  for (const experiment of running) {
    if (isPartyExperiment(experiment.variants) !== (scope === 'party')) continue;
    const bucket = bucketOf(userId, experiment.name);
    if (experiment.mode === 'interleave') {
      const share = experiment.variants.reduce((s, v) => s + v.share, 0);
      if (bucket < share) return { experiment };
      continue;
    }
    const variant = variantAt(experiment.variants, bucket);
    if (variant) return { experiment, variant };
  }
  return undefined;
}

/** The request as a variant asks for it: its settings replace the request's own. Pure. */
export function withVariant(request: RecommendRequest, config: VariantConfig): RecommendRequest {
  const out: RecommendRequest = { ...request };
  if (config.diversity) out.diversity = config.diversity;
  if (config.modelVersion !== undefined) out.modelVersion = config.modelVersion;
  if (config.rankBlend) out.rankBlend = config.rankBlend;
  return out;
}

/** The model versions the running experiments pin (to load before their users arrive). Pure. */
export function pinnedVersions(running: readonly LiveExperiment[]): number[] {
  const out = new Set<number>();
  for (const e of running) for (const v of e.variants) if (v.config.modelVersion !== undefined) out.add(v.config.modelVersion);
  return [...out];
}

/** A seed for one list's coin flips: the same request gets the same interleaving. */
function seedOf(userId: number, request: RecommendRequest, experiment: string): number {
  return Math.floor(bucketOf(userId, `${experiment}:${request.offset ?? 0}:${request.exclude?.size ?? 0}`) * 2 ** 32);
}

export interface ExperimentEngine extends RecommendationEngine {
  /** Read the running experiments again now. */
  refreshExperiments(): Promise<void>;
  running(): readonly LiveExperiment[];
  assignment(userId: number): Assignment | undefined;
  partyVariant(hostUserId: number): PartyVariant | undefined;
  stop(): void;
}

export function experimentEngine(
  inner: RecommendationEngine,
  opts: { source: ExperimentSource; refreshMs?: number; now?: () => Date; logger?: Logger },
): ExperimentEngine {
  const log = opts.logger ?? silentLogger;
  const now = opts.now ?? (() => new Date());
  let running: LiveExperiment[] = [];
  let reading: Promise<void> | null = null;
  // One read at a time: a database that hangs must not pile up a query every 30 s.
  const refreshExperiments = () =>
    (reading ??= opts.source
      .running(now())
      .then((rows) => {
        running = liveExperiments(rows);
        // load challenger models now, not on their first user's request
        for (const v of pinnedVersions(running)) {
          void inner.prepareVersion?.(v).then(
            (ok) =>
              ok || log.warn({ version: v }, 'an experiment pins a model version that cannot be served; its users get the active model'),
            (e: unknown) => log.warn({ err: e, version: v }, 'loading a pinned model version failed'),
          );
        }
      })
      .catch((e: unknown) => log.warn({ err: e }, 'reading experiments failed; keeping the last list'))
      .finally(() => {
        reading = null;
      }));
  void refreshExperiments();
  const timer = setInterval(() => void refreshExperiments(), opts.refreshMs ?? 30_000);
  timer.unref();
  const version = () => inner.modelInfo().version;

  async function recommend(request: RecommendRequest): Promise<RecommendResult> {
    const a = assignmentOf(request.userId, running);
    if (!a) {
      const r = await inner.recommend(request);
      noteOffered(
        request.userId,
        r.items.map((i) => i.movieId),
        { kind: 'recommend', modelVersion: r.modelVersion ?? version(), experimentId: null, variant: null },
      );
      return r;
    }
    const { experiment } = a;
    if (a.variant) {
      const r = await inner.recommend(withVariant(request, a.variant.config));
      noteOffered(
        request.userId,
        r.items.map((i) => i.movieId),
        { kind: 'recommend', modelVersion: r.modelVersion ?? version(), experimentId: experiment.id, variant: a.variant.name },
      );
      return r;
    }
    const [va, vb] = experiment.variants as [Variant, Variant];
    const [ra, rb] = await Promise.all([
      inner.recommend(withVariant(request, va.config)),
      inner.recommend(withVariant(request, vb.config)),
    ]);
    const draft = teamDraft(
      ra.items.map((i) => i.movieId),
      rb.items.map((i) => i.movieId),
      request.limit,
      seededRandom(seedOf(request.userId, request, experiment.name)),
    );
    const byId = new Map<number, Recommendation>([...rb.items, ...ra.items].map((i) => [i.movieId, i]));
    const team = new Map(draft.items.map((id, k) => [id, draft.teams[k] === 'A' ? va.name : vb.name]));
    const servedBy = new Map(draft.items.map((id, k) => [id, (draft.teams[k] === 'A' ? ra : rb).modelVersion ?? version()]));
    noteOffered(request.userId, draft.items, (id) => ({
      kind: 'recommend',
      modelVersion: servedBy.get(id) ?? version(),
      experimentId: experiment.id,
      variant: team.get(id) ?? null,
    }));
    return { items: draft.items.map((id) => byId.get(id)!), relaxed: [...new Set([...ra.relaxed, ...rb.relaxed])] };
  }

  return {
    recommend,
    async similar(movieId, limit, userId) {
      const r = await inner.similar(movieId, limit, userId);
      if (userId !== undefined)
        noteOffered(
          userId,
          r.map((i) => i.movieId),
          { kind: 'similar', modelVersion: version(), experimentId: null, variant: null },
        );
      return r;
    },
    predict: (userId, movieIds) => inner.predict(userId, movieIds),
    explain: (userId, movieId) => inner.explain(userId, movieId),
    onRatingChanged: (userId, movieId, rating) => inner.onRatingChanged(userId, movieId, rating),
    onMarksChanged: (userId) => inner.onMarksChanged(userId),
    modelInfo: () => inner.modelInfo(),
    ...(inner.prepareVersion ? { prepareVersion: (v: number) => inner.prepareVersion!(v) } : {}),
    partyVariant(hostUserId: number): PartyVariant | undefined {
      const a = assignmentOf(hostUserId, running, 'party');
      if (!a?.variant) return undefined;
      return { strategy: a.variant.config.partyStrategy, experimentId: a.experiment.id, variant: a.variant.name };
    },
    refreshExperiments,
    running: () => running,
    assignment: (userId) => assignmentOf(userId, running),
    stop: () => clearInterval(timer),
  };
}
