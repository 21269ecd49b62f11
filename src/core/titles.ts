/**
 * Turning a typed title into one movie. The catalogue does the forgiving match (case,
 * punctuation, "Matrix, The", "Heat 1995", typos); this decides between found, ambiguous
 * (several equally good matches: ask which one) and unknown.
 */
import type { Movie } from '../db/repositories/movies.js';
import type { PayloadEncoder } from './actions.js';
import type { CoreServices, RequestContext } from './context.js';
import { titleWithYear } from './format.js';
import type { Card, Reply } from './types.js';

export type TitleResolution = { kind: 'found'; movie: Movie } | { kind: 'ambiguous'; choices: Movie[] } | { kind: 'none' };

/**
 * Scores follow the catalogue's scale: 1 = exact title (and year when given), about 0.9 one
 * typo, lower = partial. Matches below MIN_TITLE_SCORE are not offered at all.
 */
export const MIN_TITLE_SCORE = 0.5;
const EXACT = 0.999;
/** A lone inexact match this good is taken without asking. */
const SURE_SINGLE = 0.8;
/** An inexact best match this good, this far ahead of the next, is taken without asking. */
const SURE_BEST = 0.84;
const SURE_GAP = 0.08;
/** Choices offered: matches within this of the best one. */
const CHOICE_WINDOW = 0.15;
const MAX_CHOICES = 5;

/** Pure: which of the scored hits (best first or not) is the answer, or which to offer. */
export function pickTitle<T extends { movieId: number; score: number }>(
  hits: readonly T[],
): { kind: 'found'; hit: T } | { kind: 'ambiguous'; hits: T[] } | { kind: 'none' } {
  const good = hits.filter((h) => h.score >= MIN_TITLE_SCORE).sort((a, b) => b.score - a.score);
  const [best, second] = good;
  if (!best) return { kind: 'none' };
  const exact = (h: T) => h.score >= EXACT;
  if (!second) return best.score >= SURE_SINGLE ? { kind: 'found', hit: best } : { kind: 'ambiguous', hits: [best] };
  if (exact(best) && !exact(second)) return { kind: 'found', hit: best };
  if (!exact(best) && best.score >= SURE_BEST && best.score - second.score >= SURE_GAP) return { kind: 'found', hit: best };
  const offered = exact(best) ? good.filter(exact) : good.filter((h) => h.score >= best.score - CHOICE_WINDOW);
  return { kind: 'ambiguous', hits: offered.slice(0, MAX_CHOICES) };
}

/** "Matrix, The" -> "The Matrix": people copy MovieLens spellings. */
export function articleToFront(phrase: string): string {
  const m = /^(.+?),\s*(the|a|an)$/i.exec(phrase.trim());
  return m ? `${m[2]} ${m[1]}` : phrase.trim();
}

export async function resolveTitle(services: CoreServices, phrase: string): Promise<TitleResolution> {
  const cleaned = articleToFront(phrase);
  if (cleaned === '') return { kind: 'none' };
  const picked = pickTitle(services.catalog.findTitles(cleaned, 8));
  if (picked.kind === 'none') return picked;
  const ids = picked.kind === 'found' ? [picked.hit.movieId] : picked.hits.map((h) => h.movieId);
  const rows = await services.repos.movies.byIds(ids);
  const movies = ids.map((id) => rows.get(id)).filter((m): m is Movie => m !== undefined);
  if (movies.length === 0) return { kind: 'none' };
  if (picked.kind === 'found' && movies.length === 1) return { kind: 'found', movie: movies[0]! };
  return { kind: 'ambiguous', choices: movies };
}

/** "Which one did you mean?" with one button per candidate; the choice runs `command`. */
export function choiceReply(codec: PayloadEncoder, phrase: string, command: string, choices: readonly Movie[], stars?: number): Reply {
  const card: Card = {
    kind: 'choice',
    title: choices.length === 1 ? 'Did you mean this one?' : `Which "${phrase.slice(0, 60)}" did you mean?`,
    body: choices.map((m) => `• ${titleWithYear(m)}${m.directors?.length ? `, ${m.directors[0]}` : ''}`).join('\n'),
    actions: choices.map((m) => ({
      id: codec.encode({ kind: 'choose', command, movieId: m.id, ...(stars !== undefined ? { stars } : {}) }),
      kind: 'choose',
      label: titleWithYear(m).slice(0, 80),
      group: 'main',
      style: 'secondary',
    })),
  };
  const text = choices.length === 1 ? `Did you mean ${titleWithYear(choices[0]!)}?` : `I know more than one "${phrase}".`;
  return { text, cards: [card], ephemeral: true, status: 'ambiguous_title' };
}

export function unknownTitleReply(phrase: string): Reply {
  const shown = phrase.length > 60 ? `${phrase.slice(0, 57)}...` : phrase;
  return {
    text: `I could not find a movie called "${shown}". Try \`search ${shown}\` or check the spelling.`,
    ephemeral: true,
    status: 'error:unknown_title',
  };
}

/**
 * Of several films with one title, the one this person already knows: rated, marked, on their
 * watchlist, or shown in their last list here. Undefined when none or more than one is: then
 * asking is right.
 */
export async function knownChoice(ctx: RequestContext, choices: readonly Movie[]): Promise<Movie | undefined> {
  const ids = new Set(choices.map((m) => m.id));
  const { repos } = ctx.services;
  const [ratings, marks, watchlist, state] = await Promise.all([
    repos.ratings.forUser(ctx.user.id),
    repos.marks.forUser(ctx.user.id),
    repos.watchlist.list(ctx.user.id),
    ctx.conversation.load(),
  ]);
  const pick = (known: Iterable<number>): Movie | undefined => {
    const hits = new Set([...known].filter((id) => ids.has(id)));
    return hits.size === 1 ? choices.find((m) => hits.has(m.id)) : undefined;
  };
  // What they did with a film outweighs having been shown it.
  return (
    pick([...ratings.map((r) => r.movieId), ...marks.map((m) => m.movieId), ...watchlist.map((w) => w.movieId)]) ??
    pick(state.last?.shown ?? [])
  );
}
