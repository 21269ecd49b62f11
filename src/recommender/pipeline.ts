/**
 * The request pipeline over a loaded model, with no I/O: score -> exclusions -> constraints
 * (relaxed when too few pass) -> top-k -> diversity -> stars and explanations. The service
 * feeds it cached state; the bench times it directly.
 */
import type { Preferences } from '../nlp/types.js';
import { buildConstraintCatalog, planConstraints, relaxationNotes, selectCandidates, type ConstraintPlan } from './constraints.js';
import { diversify, franchiseKey, DIVERSITY_DEFAULTS, type DiversityOptions } from './diversity.js';
import { becauseYouLiked, explainPick, type ExplainContext } from './explain.js';
import type { Component, Hybrid } from './hybrid.js';
import { scaleToMax } from './rank-blend.js';
import { similarBoostWeight, similarityToSeeds } from './similar.js';
import { topK } from './topk.js';
import type { ServingModel } from './serving-model.js';
import type { ItemMeta, UserHistory } from './types.js';

// Defined apart so similar.ts can name it without an import cycle.
export type { ServingModel };

export function servingModel(hybrid: Hybrid, meta: ItemMeta[]): ServingModel {
  if (meta.length !== hybrid.nItems) throw new Error(`catalogue has ${meta.length} items, model ${hybrid.nItems}`);
  return {
    hybrid,
    meta,
    catalog: buildConstraintCatalog(meta, hybrid.stats.quality, hybrid.stats.popularity),
    franchises: meta.map((m) => franchiseKey(m.title)),
  };
}

export interface Pick {
  item: number;
  score: number;
  predicted: number;
  reason: string;
  source: string;
  lines: string[];
}

export interface PipelineRequest {
  limit: number;
  offset?: number | undefined;
  preferences?: Preferences | undefined;
  /** Item indices never to show (rated, seen, dismissed, already shown). */
  excluded: Uint8Array;
  diversity?: DiversityOptions | undefined;
}

export function explainContext(
  model: ServingModel,
  history: UserHistory,
  components: Component[],
  matches: (i: number) => string[],
): ExplainContext {
  return {
    history,
    components,
    collaborativeRow: (i) => model.hybrid.collaborativeRow(i),
    title: (i) => displayTitle(model.meta[i]?.title ?? ''),
    matches,
    stats: model.hybrid.stats,
  };
}

/** "Matrix, The (1999)" -> "The Matrix"; "Separation, A (Jodaeiye Nader az Simin) (2011)" -> "A Separation". */
export function displayTitle(title: string): string {
  // the year, then an original or alternate title in brackets
  const t = title
    .replace(/\s*\(\d{4}[^)]*\)\s*$/, '')
    .replace(/\s*\([^()]*\)\s*$/, '')
    .trim();
  const m = /^(.*), (The|A|An|Les|La|Le|Il|El|Die|Der|Das)$/.exec(t);
  return m ? `${m[2]} ${m[1]}` : t;
}

/**
 * What a history scores over the whole catalogue, before any request: the components (for
 * explanations) and their blend scaled to 0..1. Most of a request's cost, and the same for
 * every request until the history or the model changes, so callers may keep it. Read-only.
 */
export interface UserScores {
  components: Component[];
  scores: Float32Array;
  /**
   * Set when only these films have a score (ranked from candidates; every other film is
   * -Infinity): a plain request picks among them without a pass over the catalogue.
   */
  candidates?: Int32Array | undefined;
}

export function scoreUser(model: ServingModel, history: UserHistory): UserScores {
  const components = model.hybrid.components(history);
  const scores = new Float32Array(model.hybrid.nItems);
  model.hybrid.rankHistory(history, scores, components);
  scaleToMax(scores);
  return { components, scores };
}

/** Bytes a UserScores holds of its own (the popularity component is the model's). */
export function userScoresBytes(s: UserScores): number {
  return s.scores.byteLength + s.components.reduce((sum, c) => sum + (c.name === 'popularity' ? 0 : c.scores.byteLength), 0);
}

/**
 * When wishes are relaxed, each tier (relax.ts: more wishes met, nearer to the rest) adds this
 * to the ranking score: more than any score spread, so tiers decide and the score orders a tier.
 */
const TIER_STEP = 100;

/** The pool over every film: the wishes' filters, relaxed in tiers when too few films meet them all. */
function poolOverCatalogue(plan: ConstraintPlan, scores: Float32Array, excluded: Uint8Array, need: number, poolSize: number) {
  const n = scores.length;
  const { mask, tiers, relaxable } = selectCandidates(plan, n, (i) => excluded[i] === 0, need);
  // After relaxing, the films that meet every wish come first, then those that meet the most
  // and come nearest to the rest; unrelated films only last.
  let ranked = scores;
  if (tiers) {
    ranked = new Float32Array(n);
    for (let i = 0; i < n; i++) ranked[i] = scores[i]! + TIER_STEP * tiers[i]!;
  }
  return { pool: topK(ranked, poolSize, (i) => mask[i] === 1), ranked, tiers, relaxable };
}

export function recommendPicks(
  model: ServingModel,
  history: UserHistory,
  req: PipelineRequest,
  scored: UserScores = scoreUser(model, history),
): { picks: Pick[]; relaxed: string[] } {
  const { hybrid } = model;
  const n = hybrid.nItems;
  const { components } = scored;
  let scores = scored.scores;

  const prefs = req.preferences;
  const seeds = (prefs?.similarTo ?? []).map((s) => hybrid.itemIndexOf(s.movieId)).filter((i): i is number => i !== undefined);
  let similar: Float32Array | null = null;
  if (seeds.length) {
    similar = similarityToSeeds(model, seeds).scores;
    const w = similarBoostWeight(hybrid.warmth(history));
    for (let i = 0; i < n; i++) similar[i]! *= w;
  }
  const plan = planConstraints(prefs, model.catalog, similar);
  if (plan.boost) {
    scores = scores.slice(); // the caller's scores stay as they were
    for (let i = 0; i < n; i++) scores[i]! += plan.boost[i]!;
  }
  for (const s of seeds) req.excluded[s] = 1; // "like Alien" never answers Alien
  // "tarantino but not pulp fiction"
  for (const t of prefs?.excludeTitles ?? []) {
    const i = hybrid.itemIndexOf(t.movieId);
    if (i !== undefined) req.excluded[i] = 1;
  }

  const offset = req.offset ?? 0;
  const need = offset + req.limit;
  // a pool of fixed minimum size, so page 2 (offset) continues page 1 exactly
  const poolSize = Math.max(60, need * 3 + 10);
  const { pool, ranked, tiers, relaxable } =
    scored.candidates && plan.filters.length === 0 && scores === scored.scores
      ? // nothing to filter or boost: the films with a score are the candidates
        { pool: topK(scores, poolSize, (i) => req.excluded[i] === 0, scored.candidates), ranked: scores, tiers: null, relaxable: [] }
      : poolOverCatalogue(plan, scores, req.excluded, need, poolSize);
  const ordered = diversify(
    pool,
    ranked,
    need,
    { franchise: (i) => model.franchises[i] ?? '', genres: (i) => model.catalog.genres[i] ?? [] },
    req.diversity ?? DIVERSITY_DEFAULTS,
  ).subarray(offset);

  const stars = hybrid.predictStars(history, ordered);
  const ctx = explainContext(model, history, components, plan.matches);
  const liked = becauseYouLiked(ctx, ordered);
  const picks = Array.from(ordered, (item, t): Pick => {
    const e = explainPick(ctx, item, stars[t]!, liked.get(item));
    return { item, score: scores[item]!, predicted: stars[t]!, ...e };
  });
  // which wish was relaxed for which of the films shown (this page)
  const relaxed = tiers ? relaxationNotes(relaxable, Array.from(ordered), (i) => displayTitle(model.meta[i]?.title ?? '')) : [];
  return { picks, relaxed };
}
