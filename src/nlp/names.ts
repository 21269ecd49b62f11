/**
 * People named without a cue ("denzel action movie", "scorcese crime films", "tarantino but not
 * pulp fiction", "brad pit thriller", "coen brothers comedy"). A bare word is taken for a person
 * only where the text plausibly names one: it is no lexicon or function word, no ordinary
 * English word ("love", "post", "cage" alone name nobody), and no unknown name-like word stands
 * right before or after it (then it is a first name of someone else or part of a title: "harry
 * potter" is not Deborah Harry, "john hughes" not Albert Hughes). Typo'd names are taken only
 * for people with several credits, so a slip does not land on an extra.
 */
import { DIRECTOR_WORDS, FUNCTION_WORDS } from './cues.js';
import { undoubled } from './fuzzy.js';
import { isLexiconWord, phraseKey } from './phrases.js';
import type { Token } from './text.js';
import type { PreferenceCatalog } from './types.js';
import { isOrdinaryWord, wordKind } from './words.js';

/** Credits a person needs to be named by a bare surname, a known first name or a typo'd full name. */
const MIN_CREDITS = 3;
/** ... by a typo'd bare surname ("scorcese", "spielburg"). */
const MIN_CREDITS_TYPO = 5;
const SURNAME = 0.85;
const TYPO_SURNAME = 0.75;
const FULL_NAME_FUZZY = 0.85;
/** A bare name is ambiguous when a second person has more than this share of the first's credits. */
const AMBIGUOUS_RATIO = 2;
/** Verbs after a bare name that make it the subject of a clause, not a wish ("grace is coming over"). */
const SUBJECT_VERBS = new Set([
  'is',
  'was',
  'are',
  'were',
  'has',
  'had',
  'says',
  'said',
  'came',
  'comes',
  'coming',
  'wants',
  'thinks',
  'told',
  'isnt',
  'wasnt',
  'asked',
]);
const FOLLOW_NOUNS = new Set([
  'movie',
  'movies',
  'film',
  'films',
  'flick',
  'flicks',
  'stuff',
  'joint',
  'picture',
  'pictures',
  'classic',
  'classics',
]);
const GROUP_WORDS = new Set(['brothers', 'bros', 'brother', 'sisters', 'siblings', 'duo']);

export interface NameHit {
  names: string[];
  roles: ('actor' | 'director' | null)[];
  length: number;
}

type Person = ReturnType<PreferenceCatalog['findPeople']>[number];

function roleOf(p: Person): 'actor' | 'director' | null {
  if (p.primaryRole !== undefined) return p.primaryRole;
  return p.roles.length === 1 ? p.roles[0]! : null;
}

/** A word that could be part of a name: not a function word, the lexicon, or punctuation. */
function nameWord(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  return t !== undefined && t.kind === 'word' && !FUNCTION_WORDS.has(t.norm) && !isLexiconWord(tokens, i);
}

/** An unknown word that looks like a name (capitalised in use, or rare): it would extend the name. */
function nameLike(tokens: readonly Token[], i: number): boolean {
  return nameWord(tokens, i) && !tokens[i]!.attached && wordKind(tokens[i]!.norm) !== 'ordinary';
}

/**
 * Several people answering to one surname: "coen brothers", "the wachowskis", "the coens".
 * Everyone with that exact surname and a few credits, in the role most of them share.
 */
export function groupAt(catalog: PreferenceCatalog, tokens: readonly Token[], i: number): NameHit | undefined {
  const t = tokens[i];
  // cheap tests first: this runs at every position of every request
  const plural = t !== undefined && t.norm.length > 4 && t.norm.endsWith('s') && (tokens[i - 1]?.norm === 'the' || i === 0);
  if (!t || !(plural || GROUP_WORDS.has(tokens[i + 1]?.norm ?? '')) || !nameWord(tokens, i)) return undefined;
  let surname: string | undefined;
  let length = 0;
  if (GROUP_WORDS.has(tokens[i + 1]?.norm ?? '')) {
    surname = t.norm;
    length = 2;
  } else if (t.norm.length > 4 && t.norm.endsWith('s') && (tokens[i - 1]?.norm === 'the' || i === 0)) {
    surname = t.norm.slice(0, -1);
    length = 1;
  }
  if (!surname || isOrdinaryWord(surname)) return undefined;
  const all = catalog.findPeople(surname, 20).filter((p) => (p.movies ?? 0) >= 2);
  // people who share the surname and a trade (the Coens direct, the Wayans act); the exact
  // surname before one typo ("cohen brothers")
  // (siblings named as a group are mostly directing teams: directors first, even through a typo)
  for (const role of ['director', 'actor'] as const) {
    for (const score of [SURNAME, TYPO_SURNAME]) {
      const hits = all.filter((p) => Math.abs(p.score - score) < 1e-9);
      const team = hits.filter((p) => roleOf(p) === role || (role === 'director' && p.roles.includes('director') && roleOf(p) === null));
      if (team.length >= 2) return { names: team.map((p) => p.name), roles: team.map(() => role), length };
    }
  }
  return undefined;
}

/**
 * People for a phrase; a name of several words that finds nobody is tried again with its doubled
 * letters written once ("del torro"), since the catalogue forgives a typo in a one-word surname
 * but not inside "del toro".
 */
export function findPeopleForgiving(
  catalog: PreferenceCatalog,
  phrase: string,
  limit: number,
  fuzzy: boolean,
): ReturnType<PreferenceCatalog['findPeople']> {
  const hits = catalog.findPeople(phrase, limit, { fuzzy });
  if (hits.length > 0 || !fuzzy || !phrase.includes(' ')) return hits;
  const single = undoubled(phrase);
  return single ? catalog.findPeople(single, limit, { fuzzy }) : hits;
}

/**
 * A person named without a cue at i: a full name with a slip or a nickname ("brad pit", "sly
 * stallone"), a surname ("tarantino", "de niro"), a first name one person owns ("denzel"), or a
 * typo'd surname of a prolific person ("scorcese"). `afterNegation` allows the same after "no".
 */
export function bareNameAt(catalog: PreferenceCatalog, tokens: readonly Token[], i: number): NameHit | undefined {
  if (!nameWord(tokens, i)) return undefined;
  // the word before must not be a name-like word: then this would be someone else's surname
  if (i > 0 && nameLike(tokens, i - 1)) return undefined;
  // two or three words: a full name with a typo or a short first name ("johnny dep", "leo dicaprio")
  for (let len = 3; len >= 2; len--) {
    if (!Array.from({ length: len }, (_, k) => nameWord(tokens, i + k)).every(Boolean)) continue;
    if (tokens.slice(i, i + len).some((t, k) => k > 0 && t.attached)) continue;
    // two ordinary words ("heat wave", "post office") are not a name
    if (tokens.slice(i, i + len).every((t) => isOrdinaryWord(t.norm))) continue;
    if (nameLike(tokens, i + len)) continue;
    const hits = findPeopleForgiving(catalog, phraseKey(tokens, i, len), 3, true);
    const top = hits[0];
    if (top && top.score >= FULL_NAME_FUZZY && (top.score >= 0.999 || (top.movies ?? 0) >= 2)) {
      return { names: [top.name], roles: [roleOf(top)], length: len };
    }
  }
  // one word: never an ordinary word, not followed by another name-like word, and not the subject
  // of a clause ("grace is coming over")
  const w = tokens[i]!.norm;
  if (isOrdinaryWord(w) || nameLike(tokens, i + 1) || (tokens[i + 1]?.attached && tokens[i + 1]!.kind !== 'punct')) return undefined;
  if (SUBJECT_VERBS.has(tokens[i + 1]?.norm ?? '')) return undefined;
  const hits = catalog.findPeople(w, 10);
  const rare = wordKind(w) === 'rare';
  // "nolan movies", "tarantino's", "hitchcock directed": the words around say a person is meant
  const next = tokens[i + 1]?.norm ?? '';
  const strong = tokens[i]!.possessive || FOLLOW_NOUNS.has(next) || DIRECTOR_WORDS.has(next);
  const good = hits.filter((p) => {
    const credits = p.movies ?? MIN_CREDITS;
    if (p.score >= SURNAME - 1e-9) return credits >= (strong ? 1 : MIN_CREDITS);
    return rare && p.score >= TYPO_SURNAME - 1e-9 && credits >= MIN_CREDITS_TYPO;
  });
  if (good.length === 0) return undefined;
  const best = good[0]!.score;
  const tied = good.filter((p) => p.score >= best - 1e-9);
  // "hitchcock", "nolan": among equally good surnames the director is the one people mean
  const directors = tied.filter((p) => p.roles.includes('director') && roleOf(p) !== 'actor');
  const pool = directors.length ? directors : tied;
  const chosen = pool[0]!;
  // two people the word fits about as well ("grace": Maggie or Topher; "scott": Ridley or Tony): nobody
  const second = pool[1];
  if (second && (second.movies ?? 0) * AMBIGUOUS_RATIO > (chosen.movies ?? 0)) return undefined;
  return { names: [chosen.name], roles: [roleOf(chosen)], length: 1 };
}
