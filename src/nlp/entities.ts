/**
 * Catalogue entities in free text: people ("with Tom Hanks", "directed by Nolan",
 * "no adam sandler", "tarantino movies") and titles after a similarity cue ("like Inception",
 * "something like the matrix but funnier"). Spans are short (a name is at most four words, a
 * title at most eight), exact look-ups come first and fuzzy ones only after a cue, so a long
 * request costs a bounded number of catalogue calls.
 */
import { DIRECTOR_WORDS, FUNCTION_WORDS, PERSON_CUES, SIMILAR_CUES } from './cues.js';
import { isLexiconWord, phraseKey } from './phrases.js';
import type { Token } from './text.js';
import { bareNameAt, findPeopleForgiving } from './names.js';
import { NAME_ALIASES } from './nicknames.js';
import type { PreferenceCatalog } from './types.js';

const MAX_NAME_WORDS = 4;
const MAX_TITLE_WORDS = 8;
/** Typo'd titles are looked for in spans of at most this many words. */
const MAX_FUZZY_TITLE_WORDS = 6;
const MAX_CUE_WORDS = 5;
/** Words that end a title span ("like inception but funnier", "like heat with more action"). */
const TITLE_STOPS = new Set([
  'but',
  'with',
  'without',
  'except',
  'please',
  'pls',
  'plz',
  'though',
  'only',
  'just',
  'that',
  'which',
  'who',
  'i',
  'im',
  'ive',
  'id',
  'for',
  'from',
  'no',
  'not',
  'nothing',
  'maybe',
  'or',
  'and',
  'tonight',
  'lol',
  'haha',
  'thanks',
  'thx',
]);
/** Chat words that are never inside a title. */
const EXACT_TITLE_STOPS = new Set([
  'but',
  'please',
  'pls',
  'plz',
  'though',
  'tonight',
  'lol',
  'haha',
  'thanks',
  'thx',
  'im',
  'ive',
  'id',
  'maybe',
  'except',
  'without',
]);
const TITLE_BREAK_PUNCT = new Set(['.', ',', '!', '?', ';', ':', '(', ')', '"']);
const NAME_STOPS = new Set([
  'and',
  'or',
  'but',
  'in',
  'movies',
  'movie',
  'films',
  'film',
  'please',
  'pls',
  'from',
  'the',
  'with',
  'without',
  'no',
  'not',
  'that',
  'who',
  'as',
  'for',
  'at',
  'on',
  'to',
]);

/** Minimum scores (see PeopleIndex / TitleIndex scales). */
const PERSON_MIN_WITH_CUE = 0.75;
const TITLE_MIN_FUZZY = 0.84;
/** PeopleIndex score of a first name alone. */
const FIRST_NAME_SCORE = 0.55;
/** A surname without a cue must belong to someone with at least this many credits. */
const MIN_CREDITS_WITHOUT_CUE = 3;
const TITLE_MIN_PREFIX = 0.55;
/** For spans of three words or more, all found in order at the start of a title. */
const TITLE_MIN_LONG_PREFIX = 0.6;

export interface PersonHit {
  name: string;
  role: 'actor' | 'director' | null;
  length: number;
}

export interface TitleHit {
  movieId: number;
  title: string;
  length: number;
}

function cueAt(table: Record<string, unknown> | Set<string>, tokens: readonly Token[], i: number): number {
  for (let n = Math.min(MAX_CUE_WORDS, tokens.length - i); n >= 1; n--) {
    const key = phraseKey(tokens, i, n);
    if (table instanceof Set ? table.has(key) : Object.hasOwn(table, key)) return n;
  }
  return 0;
}

/** Length of the word-only span at i (names and titles never cross punctuation). */
function spanLength(tokens: readonly Token[], i: number, max: number, stops: ReadonlySet<string>, breakPunct: ReadonlySet<string>): number {
  let n = 0;
  while (n < max && i + n < tokens.length) {
    const t = tokens[i + n]!;
    if (t.kind === 'punct' && (breakPunct.has(t.norm) || n === 0)) break;
    if (t.kind === 'emoji') break;
    if (n > 0 && t.kind === 'word' && stops.has(t.norm)) break;
    n++;
    if (t.possessive) break;
  }
  return n;
}

function pickRole(cueRole: 'actor' | 'director' | null, roles: readonly ('actor' | 'director')[]): 'actor' | 'director' | null {
  if (cueRole && roles.includes(cueRole)) return cueRole;
  if (cueRole && roles.length === 1) return roles[0]!;
  return cueRole;
}

/** The best person for a span of 1..max words at i; single words must be a surname. */
function personSpan(
  catalog: PreferenceCatalog,
  tokens: readonly Token[],
  i: number,
  maxWords: number,
  minScore: number,
  fuzzy: boolean,
  preferRole: 'actor' | 'director' | null,
): { name: string; roles: ('actor' | 'director')[]; length: number } | undefined {
  const first = tokens[i];
  if (!first || first.kind !== 'word') return undefined;
  // "with the rock": a known alias may start with a function word
  if (FUNCTION_WORDS.has(first.norm) && !Object.hasOwn(NAME_ALIASES, phraseKey(tokens, i, 2))) return undefined;
  const n = spanLength(tokens, i, maxWords, NAME_STOPS, TITLE_BREAK_PUNCT);
  for (let len = n; len >= 1; len--) {
    if (len === 1 && isLexiconWord(tokens, i)) return undefined;
    const phrase = phraseKey(tokens, i, len);
    const hits = findPeopleForgiving(catalog, phrase, 5, fuzzy && (len > 1 || phrase.length >= 5));
    const good = hits.filter((h) => h.score >= (len === 1 ? Math.max(minScore, 0.75) : minScore));
    if (good.length === 0) {
      // a first name only one person in the catalogue has ("with denzel")
      const first = hits.filter((h) => h.score >= FIRST_NAME_SCORE - 1e-9 && h.score < 0.6);
      if (len === 1 && first.length === 1 && (first[0]!.movies ?? 0) >= MIN_CREDITS_WITHOUT_CUE) {
        return { name: first[0]!.name, roles: first[0]!.roles, length: 1 };
      }
      continue;
    }
    const top = good[0]!.score;
    const tied = good.filter((h) => h.score >= top - 1e-9);
    const chosen = (preferRole && tied.find((h) => h.roles.includes(preferRole))) || tied[0]!;
    // a lone misspelt surname must at least fit the role the cue asks for
    if (len === 1 && chosen.score < 0.85 && preferRole && !chosen.roles.includes(preferRole)) continue;
    return { name: chosen.name, roles: chosen.roles, length: len };
  }
  return undefined;
}

/**
 * A person at i: after a cue ("with", "starring", "directed by", "by", "from"), right after a
 * negation (`afterNegation`), or on their own when the words are a full name in the catalogue
 * or a surname followed by "movies" / a possessive ("nolan's").
 */
export function personAt(catalog: PreferenceCatalog, tokens: readonly Token[], i: number, afterNegation: boolean): PersonHit | undefined {
  const cueLen = cueAt(PERSON_CUES, tokens, i);
  if (cueLen > 0) {
    let cueRole = PERSON_CUES[phraseKey(tokens, i, cueLen)] ?? null;
    let j = i + cueLen;
    // "with the actor Tom Hanks", "by the director Nolan"
    if (tokens[j]?.norm === 'the' && (tokens[j + 1]?.norm === 'actor' || DIRECTOR_WORDS.has(tokens[j + 1]?.norm ?? ''))) {
      cueRole = tokens[j + 1]!.norm === 'actor' ? 'actor' : 'director';
      j += 2;
    } else if (tokens[j]?.norm === 'actor' || tokens[j]?.norm === 'actress') {
      cueRole = 'actor';
      j += 1;
    } else if (DIRECTOR_WORDS.has(tokens[j]?.norm ?? '')) {
      cueRole = 'director';
      j += 1;
    }
    // "from" and "with" precede plenty of ordinary words: a typo'd surname after them is not enough
    const weak = cueLen === 1 && (tokens[i]!.norm === 'from' || tokens[i]!.norm === 'with' || tokens[i]!.norm === 'w');
    const p = personSpan(catalog, tokens, j, MAX_NAME_WORDS, weak ? 0.8 : PERSON_MIN_WITH_CUE, true, cueRole);
    if (p) {
      const directorAfter = DIRECTOR_WORDS.has(tokens[j + p.length]?.norm ?? '');
      return { name: p.name, role: directorAfter ? 'director' : pickRole(cueRole, p.roles), length: j + p.length - i };
    }
    return undefined;
  }
  // "director christopher nolan", "nolan (director)"
  const t = tokens[i];
  if (!t || t.kind !== 'word') return undefined;
  if (FUNCTION_WORDS.has(t.norm) || isLexiconWord(tokens, i)) return undefined;
  // an exact full name anywhere ("tom hanks movies", "something with, like, meryl streep")
  for (let len = Math.min(3, spanLength(tokens, i, 3, NAME_STOPS, TITLE_BREAK_PUNCT)); len >= 2; len--) {
    const hits = catalog.findPeople(phraseKey(tokens, i, len), 1, { fuzzy: false });
    const top = hits[0];
    if (top && top.score >= 0.999) return { name: top.name, role: roleAfter(tokens, i + len) ?? primaryRole(top), length: len };
  }
  // a name where the text plausibly names a person (see names.ts)
  const bare = bareNameAt(catalog, tokens, i);
  if (bare) {
    return {
      name: bare.names[0]!,
      role: DIRECTOR_WORDS.has(tokens[i + bare.length]?.norm ?? '') ? 'director' : (roleAfter(tokens, i + bare.length) ?? bare.roles[0]!),
      length: bare.length,
    };
  }
  return undefined;
}

/** The role most of a person's credits are in; without that, the only role they have. */
function primaryRole(p: {
  roles: readonly ('actor' | 'director')[];
  primaryRole?: 'actor' | 'director' | null | undefined;
}): 'actor' | 'director' | null {
  return p.primaryRole !== undefined ? p.primaryRole : soleRole(p.roles);
}

/** Without a cue, the role is known only when the catalogue credits the person in one role. */
function soleRole(roles: readonly ('actor' | 'director')[]): 'actor' | 'director' | null {
  return roles.length === 1 ? roles[0]! : null;
}

function roleAfter(tokens: readonly Token[], j: number): 'actor' | 'director' | null {
  const w = tokens[j]?.norm ?? '';
  if (DIRECTOR_WORDS.has(w)) return 'director';
  if (w === 'actor' || w === 'actress') return 'actor';
  return null;
}

/** Does a similarity cue start at i? Returns its length (0 when none). */
export function similarCueAt(tokens: readonly Token[], i: number): number {
  return cueAt(SIMILAR_CUES, tokens, i);
}

/** 3 when tokens[j..] read "( 1995 )" (a plausible film year), else 0. */
function bracketedYearAt(tokens: readonly Token[], j: number): number {
  const [open, year, close] = [tokens[j], tokens[j + 1], tokens[j + 2]];
  if (open?.norm !== '(' || close?.norm !== ')' || year?.kind !== 'number') return 0;
  const y = year.value ?? 0;
  return year.norm.length === 4 && y >= 1870 && y <= 2100 ? 3 : 0;
}

/**
 * A title right at i (after a cue): the longest span that names a catalogue title exactly,
 * else the longest with a near match. Spans that start with a function word or a lexicon word
 * only count when exact ("like scary movie" is a title, "like a comedy" is not).
 */
export function titleAt(
  catalog: PreferenceCatalog,
  tokens: readonly Token[],
  i: number,
  opts: { exactOnly?: boolean } = {},
): TitleHit | undefined {
  const first = tokens[i];
  if (!first || (first.kind !== 'word' && first.kind !== 'number')) return undefined;
  const article = first.norm === 'the' || first.norm === 'a' || first.norm === 'an';
  if (FUNCTION_WORDS.has(first.norm) && !article) return undefined;
  // Exact spans may run over "and", "with", "of" ("pride and prejudice", "gone with the wind");
  // typo'd ones stop there, so "inceptoin with tom hanks" is not read as one long title.
  const exactSpan = spanLength(tokens, i, MAX_TITLE_WORDS, EXACT_TITLE_STOPS, TITLE_BREAK_PUNCT);
  const n = spanLength(tokens, i, MAX_TITLE_WORDS, TITLE_STOPS, TITLE_BREAK_PUNCT);
  const contentStart = article ? i + 1 : i;
  if (contentStart >= i + n) return undefined;
  const lexical = isLexiconWord(tokens, contentStart, true) || FUNCTION_WORDS.has(tokens[contentStart]!.norm);
  // "alien (1979)", "psycho (1998)": a year in brackets right after the words belongs to the
  // title (it picks the version) and is not a wish for films from that year
  const paren = bracketedYearAt(tokens, i + exactSpan);
  if (paren > 0 && !(lexical && exactSpan - (article ? 1 : 0) === 1)) {
    const top = catalog.findTitles(`${phraseKey(tokens, i, exactSpan)} ${tokens[i + exactSpan + 1]!.norm}`, 1, {
      fuzzy: !opts.exactOnly,
    })[0];
    if (top && top.score >= (opts.exactOnly ? 0.999 : TITLE_MIN_FUZZY))
      return { movieId: top.movieId, title: top.title, length: exactSpan + paren };
  }
  // a long span that begins a longer title ("interview with the vampire" for "Interview with
  // the Vampire: The Vampire Chronicles") beats an exact hit on its first word
  if (!lexical && exactSpan - (article ? 1 : 0) >= 3) {
    const top = catalog.findTitles(phraseKey(tokens, i, exactSpan), 1, { fuzzy: true })[0];
    if (top && top.score >= TITLE_MIN_LONG_PREFIX) return { movieId: top.movieId, title: top.title, length: exactSpan };
  }
  // exact first, longest span first
  for (let len = exactSpan; len >= 1; len--) {
    if (article && len === 1) break;
    const phrase = phraseKey(tokens, i, len);
    const hits = catalog.findTitles(phrase, 3, { fuzzy: false });
    const top = hits[0];
    if (top && top.score >= 0.999) {
      // a one-word title that is also a lexicon word ("like drama") is not a title
      if (lexical && len - (article ? 1 : 0) === 1) break;
      return { movieId: top.movieId, title: top.title, length: len };
    }
  }
  if (lexical || opts.exactOnly) return undefined;
  for (let len = Math.min(n, MAX_FUZZY_TITLE_WORDS); len >= 1; len--) {
    if (article && len === 1) break;
    const phrase = phraseKey(tokens, i, len);
    if (phrase.length < 4) break;
    const hits = catalog.findTitles(phrase, 3, { fuzzy: true });
    const top = hits[0];
    if (top && top.score >= TITLE_MIN_FUZZY) return { movieId: top.movieId, title: top.title, length: len };
    // the start of a franchise title ("like star wars", "like harry potter"): the most popular
    // title it begins; only for two words or more, so one common word is never a title
    if (top && top.score >= TITLE_MIN_PREFIX && len - (article ? 1 : 0) >= 2) {
      return { movieId: top.movieId, title: top.title, length: len };
    }
  }
  return undefined;
}
