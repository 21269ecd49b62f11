/**
 * Precomputed top-N lists (Gorse's per-user cache): on big catalogues a worker keeps each
 * active user's plain list in the database (src/jobs/precompute.ts) and any serve process
 * answers a plain "recommend" from it with one primary-key read. Pure helpers: which requests
 * a list may answer, and the answer.
 */
import type { RecommendRequest, RecommendResult } from '../core/ports.js';
import type { Preferences } from '../nlp/types.js';

/** Films kept per list: five pages of the bot's usual ten. */
export const PRECOMPUTED_LIST_SIZE = 50;

const none = (a: readonly unknown[] | null | undefined) => !a || a.length === 0;

/** Preferences that ask for nothing (what the parser gives for a bare "recommend"). */
export function wishless(p: Preferences | undefined): boolean {
  if (!p) return true;
  return (
    none(p.genres.include) &&
    none(p.genres.exclude) &&
    p.years === null &&
    none(p.people) &&
    p.runtime === null &&
    p.language === null &&
    none(p.similarTo) &&
    none(p.moods) &&
    none(p.keywords) &&
    !p.quality &&
    none(p.boostGenres) &&
    none(p.excludeMoods) &&
    none(p.excludeKeywords) &&
    none(p.excludeTitles)
  );
}

/**
 * Could a precomputed list answer this request? Only a plain one: no wish, nothing extra
 * left out, the default diversity, and a page inside the list.
 */
export function answerableFromList(req: RecommendRequest, listSize = PRECOMPUTED_LIST_SIZE): boolean {
  return (
    req.limit > 0 &&
    (req.offset ?? 0) + req.limit <= listSize &&
    wishless(req.preferences) &&
    (!req.exclude || req.exclude.size === 0) &&
    req.diversity === undefined &&
    // a list is the active model's own ranking: a variant's blend ranks otherwise
    req.rankBlend === undefined
  );
}

/** The version a list must carry to be served: the model and the user's ratings it was computed from. */
export interface ListStamp {
  modelVersion: number;
  ratingsVersion: number;
}

/** The request's page of a stored list, or null when the list is for another model or other ratings, or too short. */
export function pageOfList(
  list: ListStamp & { items: RecommendResult['items'] },
  want: ListStamp,
  req: Pick<RecommendRequest, 'limit' | 'offset'>,
): RecommendResult | null {
  if (list.modelVersion !== want.modelVersion || list.ratingsVersion !== want.ratingsVersion) return null;
  const from = req.offset ?? 0;
  // a list shorter than asked for holds every film there was to give (see answerableFromList)
  return { items: list.items.slice(from, from + req.limit), relaxed: [] };
}
