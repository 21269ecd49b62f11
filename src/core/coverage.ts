/**
 * Honesty about what a filter could see: most of the catalogue has no runtime, cast, director
 * or language until it is enriched, and a filter on those passes only the films that have them.
 * Pure: the caller loads the counts.
 */
import type { MetadataCoverage } from '../db/repositories/movies.js';
import type { Preferences } from '../nlp/types.js';
import { listJoin } from './format.js';

/** Above this share a filter saw (nearly) everything: nothing to say. */
const SEES_ENOUGH = 0.95;

/** Whether a request filters on facts only some films have (so the coverage is worth loading). */
export function filtersOnMetadata(p: Preferences): boolean {
  return (
    p.people.length > 0 ||
    (p.runtime !== null && (p.runtime.min !== null || p.runtime.max !== null)) ||
    p.language !== null ||
    p.foreign === true
  );
}

function percent(part: number, total: number): string {
  const share = (100 * part) / total;
  return share > 0 && share < 1 ? 'under 1%' : `${Math.round(share)}%`;
}

/**
 * "Runtime is known for 36% of films and cast and directors for 36%; only those could match."
 * Undefined when the request has no such filter or the catalogue knows (nearly) every film.
 */
export function coverageNote(p: Preferences, c: MetadataCoverage): string | undefined {
  if (c.total === 0) return undefined;
  const seen: { what: string; known: number }[] = [];
  if (p.runtime !== null && (p.runtime.min !== null || p.runtime.max !== null)) seen.push({ what: 'runtime', known: c.runtime });
  if (p.people.length > 0) seen.push({ what: 'cast and directors', known: c.people });
  if (p.language !== null || p.foreign === true) seen.push({ what: 'original language', known: c.language });
  const partial = seen.filter((s) => s.known / c.total < SEES_ENOUGH);
  const [first, ...rest] = partial;
  if (!first) return undefined;
  const verb = first.what === 'cast and directors' ? 'are' : 'is';
  const head = `${first.what[0]!.toUpperCase()}${first.what.slice(1)} ${verb} known for ${percent(first.known, c.total)} of films`;
  return `${listJoin([head, ...rest.map((s) => `${s.what} for ${percent(s.known, c.total)}`)])}; only those films could match.`;
}
