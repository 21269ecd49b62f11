/**
 * Turning a typed title into one movie. The catalogue does the forgiving match (case,
 * punctuation, "Matrix, The", "Heat 1995", typos); this decides between found, ambiguous
 * (several equally good matches: ask which one) and unknown.
 */
import type { Movie } from '../db/repositories/movies.js';
import type { ActionCodec } from './actions.js';
import type { CoreServices } from './context.js';
import { titleWithYear } from './format.js';
import type { Card, Reply } from './types.js';

export type TitleResolution =
  | { kind: 'found'; movie: Movie }
  | { kind: 'ambiguous'; choices: Movie[] }
  | { kind: 'none' };

/** Matches scoring below this are not offered at all. */
export const MIN_TITLE_SCORE = 0.5;
/** Matches this close to the best one count as equally good. */
export const TIE_MARGIN = 0.02;
const MAX_CHOICES = 5;

/** Pure: which of the scored hits are the answer. */
export function pickTitle<T extends { movieId: number; score: number }>(
  hits: readonly T[],
): { kind: 'found'; hit: T } | { kind: 'ambiguous'; hits: T[] } | { kind: 'none' } {
  const good = hits.filter((h) => h.score >= MIN_TITLE_SCORE).sort((a, b) => b.score - a.score);
  const best = good[0];
  if (!best) return { kind: 'none' };
  const tied = good.filter((h) => h.score >= best.score - TIE_MARGIN);
  if (tied.length === 1) return { kind: 'found', hit: best };
  return { kind: 'ambiguous', hits: tied.slice(0, MAX_CHOICES) };
}

export async function resolveTitle(services: CoreServices, phrase: string): Promise<TitleResolution> {
  const cleaned = phrase.trim();
  if (cleaned === '') return { kind: 'none' };
  const picked = pickTitle(services.catalog.findTitles(cleaned, 8));
  if (picked.kind === 'none') return picked;
  const ids = picked.kind === 'found' ? [picked.hit.movieId] : picked.hits.map((h) => h.movieId);
  const rows = await services.repos.movies.byIds(ids);
  const movies = ids.map((id) => rows.get(id)).filter((m): m is Movie => m !== undefined);
  if (movies.length === 0) return { kind: 'none' };
  if (movies.length === 1) return { kind: 'found', movie: movies[0]! };
  return { kind: 'ambiguous', choices: movies };
}

/** "Which one did you mean?" with one button per candidate; the choice runs `command`. */
export function choiceReply(codec: ActionCodec, phrase: string, command: string, choices: readonly Movie[], stars?: number): Reply {
  const card: Card = {
    kind: 'choice',
    title: `Which "${phrase}" did you mean?`,
    body: choices.map((m) => `• ${titleWithYear(m)}${m.directors?.length ? `, ${m.directors[0]}` : ''}`).join('\n'),
    actions: choices.map((m) => ({
      id: codec.encode({ kind: 'choose', command, movieId: m.id, ...(stars !== undefined ? { stars } : {}) }),
      kind: 'choose',
      label: titleWithYear(m).slice(0, 80),
      group: 'main',
      style: 'secondary',
    })),
  };
  return { text: `I know more than one "${phrase}".`, cards: [card], ephemeral: true, status: 'ambiguous_title' };
}

export function unknownTitleReply(phrase: string): Reply {
  const shown = phrase.length > 60 ? `${phrase.slice(0, 57)}...` : phrase;
  return {
    text: `I could not find a movie called "${shown}". Try \`search ${shown}\` or check the spelling.`,
    ephemeral: true,
    status: 'error:unknown_title',
  };
}
