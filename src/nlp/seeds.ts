/**
 * Titles named as a model before the words that say so: "toy story vibes", "back to the future
 * type movie", "an e.t. style movie", "fargo-esque", "the matrix meets inception", and a title
 * that opens the request before "but" ("interstellar but shorter"). The cue follows the title,
 * so these are found in one pass before the left-to-right scan, which then skips their spans.
 * Only exact titles count (or, for two words and more, the start of a well-known title), so
 * "heat wave here" or "psycho ex texted me" stay ordinary words.
 */
import { FUNCTION_WORDS } from './cues.js';
import { isLexiconWord, phraseKey } from './phrases.js';
import type { Token } from './text.js';
import type { PreferenceCatalog } from './types.js';

const MAX_TITLE_WORDS = 8;
/** Cue words right after a title. "type"/"style"/"kind" want a movie noun after them. */
const AFTER_TITLE = new Set(['vibes', 'vibe', 'esque', 'meets', 'energy', 'feels', 'type', 'style', 'kind', 'sort', 'ish']);
const NEEDS_NOUN = new Set(['type', 'style', 'kind', 'sort']);
const MOVIE_NOUNS = new Set(['movie', 'movies', 'film', 'films', 'flick', 'flicks', 'thing', 'things', 'stuff', 'of', 'one', 'ones']);
/** Words that may stand before the title without being part of it. */
const LEAD_INS = new Set([
  'a',
  'an',
  'some',
  'something',
  'any',
  'more',
  'anything',
  'want',
  'need',
  'kinda',
  'like',
  'total',
  'full',
  'real',
  'very',
  'proper',
  'big',
  'heavy',
]);
const SPAN_BREAK = new Set([',', '.', '!', '?', ';', ':', '(', ')']);
/** Punctuation and words after a request-opening title that start the wishes ("interstellar but shorter"). */
const OPENING_BREAKS = new Set(['but', 'only', 'except']);
const TITLE_MIN_PREFIX = 0.55;

export interface SeedSpan {
  /** Tokens [start, end) to skip, cue included. */
  start: number;
  end: number;
  movieId: number;
  title: string;
}

function exactTitle(
  catalog: PreferenceCatalog,
  tokens: readonly Token[],
  a: number,
  b: number,
  exactOnly = false,
): { movieId: number; title: string } | undefined {
  if (b <= a) return undefined;
  const first = tokens[a]!;
  if (first.kind !== 'word' && first.kind !== 'number') return undefined;
  // a span that is one lexicon or function word is no title ("drama vibes", "the vibes")
  const words = b - a;
  const article = first.norm === 'the' || first.norm === 'a' || first.norm === 'an';
  if (words - (article ? 1 : 0) === 1 && (isLexiconWord(tokens, b - 1, true) || FUNCTION_WORDS.has(tokens[b - 1]!.norm))) return undefined;
  if (!article && FUNCTION_WORDS.has(first.norm)) return undefined;
  const phrase = phraseKey(tokens, a, words);
  const exact = catalog.findTitles(phrase, 1, { fuzzy: false })[0];
  if (exact && exact.score >= 0.999) return exact;
  // two words and more may begin a longer title ("back to the future"); so may an initialism ("e.t.")
  if (!exactOnly && (words - (article ? 1 : 0) >= 2 || (words === 1 && first.initialism))) {
    const top = catalog.findTitles(phrase, 1)[0];
    if (top && top.score >= TITLE_MIN_PREFIX) return top;
  }
  return undefined;
}

/** The longest title ending right before `end`, starting no earlier than `from`. */
function titleEndingAt(
  catalog: PreferenceCatalog,
  tokens: readonly Token[],
  from: number,
  end: number,
): { start: number; movieId: number; title: string } | undefined {
  for (let a = Math.max(from, end - MAX_TITLE_WORDS); a < end; a++) {
    // the span starts after a break or a lead-in word, never in the middle of other words
    const before = tokens[a - 1];
    if (a > from && before && !SPAN_BREAK.has(before.norm) && !LEAD_INS.has(before.norm) && before.kind !== 'emoji') continue;
    if (tokens.slice(a, end).some((t) => SPAN_BREAK.has(t.norm) || t.kind === 'emoji')) continue;
    const hit = exactTitle(catalog, tokens, a, end);
    if (hit) return { start: a, ...hit };
  }
  return undefined;
}

/** Words that point back at a film already named ("anything like it"). */
const POINTERS = new Set(['it', 'that', 'this']);
const NOT_BEFORE_POINTER = new Set(['nothing', 'not', 'no', 'never', 'dont', 'isnt', 'wasnt']);
/** Words a message may open with before the film it talks about ("just watched heat, ..."). */
const OPENERS = new Set([
  'i',
  'we',
  'ive',
  'just',
  'finally',
  'loved',
  'love',
  'watched',
  'saw',
  'seen',
  'rewatched',
  'really',
  'liked',
  'enjoyed',
  'so',
  'ok',
]);
/** Words after the film that end its span: a verdict or a clause break ("hot fuzz was great"). */
const VERDICTS = new Set(['was', 'is', 'were', 'rocks', 'ruled', 'slaps']);

/**
 * "hot fuzz was sick, anything like it", "loved heat. more like that": a title opening the
 * message that a later "like it" / "like that" points back to.
 */
function pointedBackSeed(catalog: PreferenceCatalog, tokens: readonly Token[]): SeedSpan | undefined {
  // "nothing like it" praises the film, it asks for nothing
  const pointer = tokens.findIndex(
    (t, k) => k > 1 && t.norm === 'like' && POINTERS.has(tokens[k + 1]?.norm ?? '') && !NOT_BEFORE_POINTER.has(tokens[k - 1]!.norm),
  );
  if (pointer < 0) return undefined;
  let from = 0;
  while (from < pointer && OPENERS.has(tokens[from]!.norm)) from++;
  for (let k = from + 1; k < pointer; k++) {
    if (!VERDICTS.has(tokens[k]!.norm) && !SPAN_BREAK.has(tokens[k]!.norm)) continue;
    const hit = exactTitle(catalog, tokens, from, k, true);
    return hit ? { start: from, end: k, ...hit } : undefined;
  }
  return undefined;
}

/** Seeds named before their cue, in text order. Cheap when no cue word is present. */
export function seedSpans(catalog: PreferenceCatalog, tokens: readonly Token[]): SeedSpan[] {
  const pointedBack = pointedBackSeed(catalog, tokens);
  if (pointedBack) return [pointedBack];
  const out: SeedSpan[] = [];
  let from = 0;
  for (let k = 1; k < tokens.length; k++) {
    const w = tokens[k]!.norm;
    const opening = from === 0 && OPENING_BREAKS.has(w) && out.length === 0;
    if (!AFTER_TITLE.has(w) && !opening) continue;
    let cueEnd = k + 1;
    if (NEEDS_NOUN.has(w)) {
      if (!MOVIE_NOUNS.has(tokens[k + 1]?.norm ?? '')) continue;
      cueEnd = k + 2;
    }
    if (opening) {
      // "interstellar but shorter": the title must be the whole opening, not its end
      const hit = exactTitle(catalog, tokens, 0, k, true);
      if (hit) out.push({ start: 0, end: k, ...hit });
      from = k;
      continue;
    }
    const hit = titleEndingAt(catalog, tokens, from, k);
    if (!hit) continue;
    out.push({ start: hit.start, end: w === 'meets' ? k + 1 : cueEnd, movieId: hit.movieId, title: hit.title });
    from = cueEnd;
    // "the matrix meets inception": the title after "meets" is a seed too
    if (w === 'meets') {
      for (let b = Math.min(tokens.length, k + 1 + MAX_TITLE_WORDS); b > k + 1; b--) {
        if (tokens.slice(k + 1, b).some((t) => SPAN_BREAK.has(t.norm))) continue;
        const next = exactTitle(catalog, tokens, k + 1, b);
        if (next) {
          out.push({ start: k + 1, end: b, ...next });
          from = b;
          k = b - 1;
          break;
        }
      }
    }
  }
  return out;
}
