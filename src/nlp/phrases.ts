/**
 * One phrase table over every lexicon, matched longest-first at a token position. Single words
 * that are not in the table get a second chance as a plural, a Porter stem or a one-typo
 * spelling ("comedys", "horor", "thriler"), so typing slips still count.
 */
import { PorterStemmer } from '../util/natural.js';
import { boundedDistance } from './fuzzy.js';
import {
  DECADE_WORDS,
  FOREIGN_WORDS,
  GENRE_WORDS,
  LANGUAGE_WORDS,
  MOOD_WORDS,
  NUMBER_WORDS,
  QUALITY_WORDS,
  type Genre,
} from './lexicon.js';
import { NEGATION_CUES } from './cues.js';
import { NEGATIVE_VERB_PHRASES, POSITIVE_VERB_PHRASES, PRAISE_PHRASES } from './verbs.js';
import type { Token } from './text.js';

export type Entry =
  | { kind: 'genre'; genres: Genre[]; language?: string | undefined }
  | { kind: 'mood'; mood: string }
  | { kind: 'quality'; quality: 'highly_rated' | 'hidden_gem' | 'popular' }
  | { kind: 'language'; code: string }
  | { kind: 'foreign' }
  | { kind: 'negation' }
  | { kind: 'era'; era: 'recent' | 'classic' | 'old' | 'modern' | 'black_and_white' }
  | { kind: 'runtimeWord'; which: 'short' | 'long' | 'shorter' | 'longer' }
  | { kind: 'stop' }
  | { kind: 'connector' }
  /** Phrases that look like lexicon words but mean nothing here ("older kids" is not Children). */
  | { kind: 'filler' };

export interface PhraseMatch {
  entry: Entry;
  /** Tokens consumed. */
  length: number;
}

const ERA_WORDS: Record<string, 'recent' | 'classic' | 'old' | 'modern' | 'black_and_white'> = {
  recent: 'recent',
  recently: 'recent',
  'recently released': 'recent',
  'new release': 'recent',
  'new releases': 'recent',
  'brand new': 'recent',
  'something new': 'recent',
  'new movie': 'recent',
  'new movies': 'recent',
  'new film': 'recent',
  'new films': 'recent',
  'new stuff': 'recent',
  'new ones': 'recent',
  newish: 'recent',
  newer: 'recent',
  newest: 'recent',
  latest: 'recent',
  'last few years': 'recent',
  'past few years': 'recent',
  'in the last few years': 'recent',
  'not too old': 'recent',
  classic: 'classic',
  classics: 'classic',
  'old school': 'classic',
  'golden age': 'classic',
  'golden age of hollywood': 'classic',
  vintage: 'old',
  old: 'old',
  older: 'old',
  oldie: 'old',
  oldies: 'old',
  'old fashioned': 'old',
  modern: 'modern',
  contemporary: 'modern',
  'black and white': 'black_and_white',
  'black white': 'black_and_white',
  'b w': 'black_and_white',
  'silent film': 'black_and_white',
  'silent movie': 'black_and_white',
};

const RUNTIME_WORDS: Record<string, 'short' | 'long' | 'shorter' | 'longer'> = {
  short: 'short',
  shorter: 'shorter',
  quick: 'short',
  brief: 'short',
  'short and sweet': 'short',
  long: 'long',
  longer: 'longer',
  lengthy: 'long',
  'long one': 'long',
};

const FILLERS = [
  'older kids',
  'for older kids',
  'for adults',
  'adults',
  'grown ups',
  'grownups',
  'for grown ups',
  'adult',
  // "long" and "short" of the day, not of the film
  'long day',
  'long week',
  'long night',
  'long shift',
  'long weekend',
  'long year',
  'long time',
  'a long time',
  'long story short',
  'long trip',
  'long flight',
  'long drive',
  'short notice',
];
const STOPS = [
  'but',
  'however',
  'though',
  'although',
  'yet',
  'whereas',
  '.',
  '!',
  '?',
  ';',
  'then',
  'also',
  'plus',
  'preferably',
  'ideally',
];
const CONNECTORS = ['and', 'or', 'nor', ',', '&', '/', '+', 'and or', 'and also', 'or even', 'either', 'neither'];

const table = new Map<string, Entry>();
let maxWords = 1;

function put(phrase: string, entry: Entry): void {
  // first definition wins, so more specific tables go first
  if (!table.has(phrase)) table.set(phrase, entry);
  maxWords = Math.max(maxWords, phrase.split(' ').length);
}

for (const p of FILLERS) put(p, { kind: 'filler' });
// verbs of (dis)liking come before the lexicon: "scared of" is not "scare", "love" is no name
for (const p of PRAISE_PHRASES) put(p, { kind: 'stop' });
for (const p of NEGATIVE_VERB_PHRASES) put(p, { kind: 'negation' });
for (const p of POSITIVE_VERB_PHRASES) put(p, { kind: 'stop' });
for (const [p, v] of Object.entries(RUNTIME_WORDS)) put(p, { kind: 'runtimeWord', which: v });
for (const [p, v] of Object.entries(ERA_WORDS)) put(p, { kind: 'era', era: v });
for (const p of FOREIGN_WORDS) put(p, { kind: 'foreign' });
for (const [p, v] of Object.entries(QUALITY_WORDS)) put(p, { kind: 'quality', quality: v });
for (const [p, v] of Object.entries(MOOD_WORDS)) put(p, { kind: 'mood', mood: v });
for (const [p, v] of Object.entries(GENRE_WORDS)) put(p, { kind: 'genre', genres: v.genres, language: v.language });
// "english subs", "english dub": the language of the subtitles or the dubbing, not of the film
for (const p of Object.keys(LANGUAGE_WORDS)) {
  for (const what of ['subs', 'subtitles', 'subtitled', 'sub', 'captions', 'dub', 'dubbed', 'dubs', 'audio'])
    put(`${p} ${what}`, { kind: 'foreign' });
}
for (const [p, v] of Object.entries(LANGUAGE_WORDS)) put(p, { kind: 'language', code: v });
for (const p of NEGATION_CUES) put(p, { kind: 'negation' });
for (const p of STOPS) put(p, { kind: 'stop' });
for (const p of CONNECTORS) put(p, { kind: 'connector' });

/** Single-word entries that may be reached by stem or typo (content words only). */
const fuzzyTargets = new Map<string, Entry>();
const stems = new Map<string, Entry>();
for (const [phrase, entry] of table) {
  if (phrase.includes(' ')) continue;
  if (entry.kind === 'genre' || entry.kind === 'mood' || entry.kind === 'language' || entry.kind === 'quality') {
    // languages only by their longer names: "indie" must not become "india"
    if (phrase.length >= (entry.kind === 'language' ? 6 : 5)) fuzzyTargets.set(phrase, entry);
    const stem = PorterStemmer.stem(phrase);
    if (!stems.has(stem)) stems.set(stem, entry);
  }
}

/**
 * Ordinary words one typo away from a lexicon word; they must never be "corrected"
 * (auction -> action, place -> space, comely -> comedy).
 */
const NEVER_CORRECT = new Set([
  'auction',
  'fiction',
  'section',
  'faction',
  'caption',
  'prime',
  'crimes',
  'place',
  'grace',
  'spice',
  'trace',
  'draw',
  'comely',
  'dramas',
  'trailer',
  'traitor',
  'scarf',
  'scare',
  'stars',
  'start',
  'started',
  'shorts',
  'sorts',
  'mystic',
  'horrid',
  'drams',
  'darkly',
  'warm',
  'ward',
  'wars',
  'mystify',
  'romans',
  'french',
  'frenchy',
  'danish',
  'finish',
  'polish',
  'spanish',
  'actions',
  'active',
  'actual',
  'western',
  'eastern',
  'northern',
  'southern',
  'thing',
  'things',
  'adventures',
  'house',
  'mouse',
  'horse',
  'there',
  'these',
  'those',
  'where',
  'heist',
  'games',
  'james',
  'gamer',
  'music',
  'magic',
  'manic',
  'panic',
  'comic',
  'comics',
  'cosmic',
  'cynic',
  'sweat',
  'sweet',
  'tease',
  'tense',
  'sense',
  'dense',
  'intensive',
  'indiana',
  'indians',
  'frenchman',
  'pace',
  'scar',
  'hero',
  'lover',
  'ghos',
  'epics',
  'topic',
  'tropic',
  'optic',
  'happen',
  'happy',
  'nappy',
  'sappy',
  'snappy',
  'crappy',
  'darker',
  'danker',
  'mood',
  'moody',
  'broody',
  'bloody',
  'funky',
  'punny',
  'bunny',
  'sunny',
  'hunny',
  'dramatic',
  'romantic',
  'quirks',
  'smarts',
  'hurt',
  'short',
  'sport',
  'spore',
  'score',
  'scored',
  'store',
]);

/** Is `word` exactly `target` with one letter left out? */
function droppedLetter(target: string, word: string): boolean {
  let k = 0;
  while (k < word.length && word[k] === target[k]) k++;
  return target.slice(k + 1) === word.slice(k);
}

function lookupWord(word: string, strict = false): Entry | undefined {
  const hit = table.get(word);
  if (hit) return hit;
  if (strict || word.length < 4 || NEVER_CORRECT.has(word)) return undefined;
  // plurals and inflections
  if (word.endsWith('ies')) {
    const e = table.get(word.slice(0, -3) + 'y');
    if (e && e.kind !== 'negation' && e.kind !== 'stop' && e.kind !== 'connector') return e;
  }
  if (word.endsWith('s')) {
    const e = table.get(word.slice(0, -1));
    if (e && e.kind !== 'negation' && e.kind !== 'stop' && e.kind !== 'connector') return e;
  }
  const stemmed = stems.get(PorterStemmer.stem(word));
  if (stemmed) return stemmed;
  // one typo in a longer word
  // one typo in a longer word; a four-letter word only by a dropped letter ("funy", "scry")
  for (const [target, entry] of fuzzyTargets) {
    if (word.length < 5) {
      if (target.length === word.length + 1 && droppedLetter(target, word)) return entry;
      continue;
    }
    if (Math.abs(target.length - word.length) > 1 || (target[0] !== word[0] && target[1] !== word[1])) continue;
    if (boundedDistance(word, target, 1) <= 1) return entry;
  }
  return undefined;
}

/** "rom coms" -> "rom com": a multi-word phrase whose last word is a plural. */
function pluralPhrase(key: string): Entry | undefined {
  const e = table.get(key.slice(0, -1));
  return e && (e.kind === 'genre' || e.kind === 'mood') ? e : undefined;
}

/** The key for tokens[i, i+n): norms joined by spaces (punctuation included, e.g. "w / o"). */
export function phraseKey(tokens: readonly Token[], i: number, n: number): string {
  if (i < 0 || n <= 0 || i + n > tokens.length) return '\u0000'; // matches nothing
  let key = '';
  for (let k = i; k < i + n; k++) key += (k > i ? ' ' : '') + tokens[k]!.norm;
  return key;
}

/**
 * Single words already looked up for one token list (one request): the scanner and the name and
 * title readers ask about the same words many times, and a miss costs a stem and a typo search.
 * Keyed by the token array, so it lives exactly as long as the request.
 */
const seen = new WeakMap<readonly Token[], Map<string, Entry | null>>();

function lookupOnce(tokens: readonly Token[], word: string, strict: boolean): Entry | undefined {
  let memo = seen.get(tokens);
  if (!memo) seen.set(tokens, (memo = new Map()));
  const key = strict ? `!${word}` : word;
  const known = memo.get(key);
  if (known !== undefined) return known ?? undefined;
  const found = lookupWord(word, strict);
  memo.set(key, found ?? null);
  return found;
}

/** Longest lexicon phrase starting at token i. */
export function matchPhrase(tokens: readonly Token[], i: number, strict = false): PhraseMatch | undefined {
  return findPhrase(tokens, i, strict);
}

function findPhrase(tokens: readonly Token[], i: number, strict: boolean): PhraseMatch | undefined {
  const limit = Math.min(maxWords, tokens.length - i);
  for (let n = limit; n >= 2; n--) {
    const key = phraseKey(tokens, i, n);
    const entry = table.get(key) ?? (key.endsWith('s') ? pluralPhrase(key) : undefined);
    if (entry) return { entry, length: n };
  }
  const t = tokens[i];
  if (!t) return undefined;
  if (t.kind === 'punct') {
    const e = table.get(t.norm);
    return e ? { entry: e, length: 1 } : undefined;
  }
  if (t.kind !== 'word') return undefined;
  const entry = lookupOnce(tokens, t.norm, strict);
  return entry ? { entry, length: 1 } : undefined;
}

/**
 * Is the word (or phrase start) something the lexicon knows, i.e. not a name or a title word?
 * `strict` skips stems and typo corrections ("indiana" is not a misspelt "indian").
 */
export function isLexiconWord(tokens: readonly Token[], i: number, strict = false): boolean {
  const m = matchPhrase(tokens, i, strict);
  return m !== undefined && m.entry.kind !== 'connector' && m.entry.kind !== 'stop';
}

export { DECADE_WORDS, NUMBER_WORDS };
