/**
 * Intent detection for free text addressed to the bot: which command, with which arguments.
 * Rules over normalised tokens, most specific first; anything that reads as a request falls
 * through to `recommend` with the whole text as the query. Titles come back in the user's own
 * spelling (sliced from the text) for the core's forgiving title search.
 */
import type { CommandName } from '../core/types.js';
import { isLexiconWord, phraseKey } from './phrases.js';
import {
  EXPORT,
  FORGET,
  HELP,
  LEADING_FILLER,
  MORE,
  ONBOARD,
  PARTY_NOUNS,
  PROFILE,
  RATE_VERBS,
  SEARCH_VERBS,
  SEEN_VERBS,
  SIMILAR_CUES,
  TRAILING_FILLER,
  WATCHLIST_NOUNS,
  WHY_VERBS,
} from './intent-words.js';
import { boundText, tokenize, type Token } from './text.js';

export interface DetectedIntent {
  command: CommandName;
  args: Record<string, string | number | undefined>;
}

type Words = readonly Token[];

/** Number of tokens the longest phrase of `list` covers at i (0 when none). */
function phraseAt(tokens: Words, i: number, list: readonly string[]): number {
  let best = 0;
  for (const p of list) {
    const n = p.split(' ').length;
    if (n > best && i + n <= tokens.length && phraseKey(tokens, i, n) === p) best = n;
  }
  return best;
}

/** Position of the first occurrence of a phrase of `list` at or after `from`. */
function findPhrase(tokens: Words, list: readonly string[], from = 0): { at: number; length: number } | undefined {
  for (let i = from; i < tokens.length; i++) {
    const n = phraseAt(tokens, i, list);
    if (n) return { at: i, length: n };
  }
  return undefined;
}

function slice(text: string, tokens: Words, a: number, b: number): string | undefined {
  if (a >= b || a >= tokens.length) return undefined;
  const start = tokens[a]!.start;
  let end = tokens[Math.min(b, tokens.length) - 1]!.end;
  // trimming drops a closing bracket; "Alien (1979)" keeps it
  const inner = text.slice(start, end);
  if (text[end] === ')' && inner.includes('(') && !inner.includes(')')) end++;
  const s = text.slice(start, end).trim();
  return s.length ? s : undefined;
}

/** Drop punctuation and filler at both ends. */
function trim(tokens: Token[]): Token[] {
  let a = 0;
  let b = tokens.length;
  for (;;) {
    while (a < b && (tokens[a]!.kind === 'punct' || tokens[a]!.kind === 'emoji')) a++;
    const n = phraseAt(tokens.slice(a, b), 0, LEADING_FILLER);
    // never strip a greeting that is the whole message ("hi" is help)
    if (n && a + n < b) a += n;
    else break;
  }
  for (;;) {
    while (b > a && (tokens[b - 1]!.kind === 'punct' || tokens[b - 1]!.kind === 'emoji') && !isStarSymbol(tokens[b - 1]!.norm)) b--;
    let cut = 0;
    for (const p of TRAILING_FILLER) {
      const n = p.split(' ').length;
      if (b - n > a && phraseKey(tokens, b - n, n) === p) cut = Math.max(cut, n);
    }
    if (!cut) break;
    b -= cut;
  }
  return tokens.slice(a, b);
}

function isStarSymbol(s: string): boolean {
  return s === '★' || s.startsWith('⭐') || s.startsWith('🌟');
}

/** Words that point at the movie on the last card rather than name one: the core resolves them. */
const PRONOUNS = new Set(['it', 'this', 'that', 'this one', 'that one', 'the last one', 'the first one', 'them', 'these', 'those', 'one']);

/** A title slice, or undefined when it is empty or only a pronoun ("give it 4 stars"). */
function titleOrUndefined(title: string | undefined): string | undefined {
  if (title === undefined) return undefined;
  const key = tokenize(title)
    .filter((t) => t.kind === 'word' || t.kind === 'number')
    .map((t) => t.norm)
    .join(' ');
  return key === '' || PRONOUNS.has(key) ? undefined : title;
}

const STAR_WORDS: Record<string, number> = { zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, half: 0.5 };

/** Stars at the end of a rate request: "4.5", "4 stars", "four and a half", "8/10", "★★★★". */
function starsAtEnd(tokens: Words): { value: number; at: number; num: number } | undefined {
  let b = tokens.length;
  const w = (k: number) => tokens[k]?.norm ?? '';
  // trailing "stars", "/5", "out of 5", "/10"
  let scale = 5;
  if (w(b - 1) === 'stars' || w(b - 1) === 'star' || w(b - 1) === 'points') b--;
  if (w(b - 2) === '/' && (w(b - 1) === '5' || w(b - 1) === '10')) {
    scale = Number(w(b - 1));
    b -= 2;
  } else if (w(b - 3) === 'out' && w(b - 2) === 'of' && (w(b - 1) === '5' || w(b - 1) === '10')) {
    scale = Number(w(b - 1));
    b -= 3;
  }
  // star symbols
  let symbols = 0;
  while (b > 0 && isStarSymbol(w(b - 1))) {
    symbols++;
    b--;
  }
  if (symbols) return { value: symbols, at: b, num: b };
  const last = tokens[b - 1];
  if (!last) return undefined;
  let value: number | undefined;
  let at = b - 1;
  if (last.kind === 'number' && last.value !== undefined) value = last.value;
  else if (w(b - 1) === 'half' && w(b - 2) === 'a' && w(b - 3) === 'and' && STAR_WORDS[w(b - 4)] !== undefined) {
    value = STAR_WORDS[w(b - 4)]! + 0.5;
    at = b - 4;
  } else if (STAR_WORDS[w(b - 1)] !== undefined && w(b - 1) !== 'half') value = STAR_WORDS[w(b - 1)];
  if (value === undefined) return undefined;
  if (scale === 10) value = value / 2;
  const num = at;
  // "give heat a 4", "i'd give toy story like 4.5", "a solid 4": words before the number are not the title
  while (at > 0 && STAR_LEAD_INS.has(w(at - 1))) at--;
  return { value, at, num };
}

/** Words between a title and its stars ("a solid 4", "like 4.5", ": 5"). */
const STAR_LEAD_INS = new Set([
  'a', 'an', ':', '-', 'with', 'at', 'like', 'solid', 'strong', 'easy', 'generous', 'weak', 'about', 'maybe', 'probably', 'prob',
  'around', 'roughly', 'honestly', 'tbh', 'its', 'it', 'is', 'was', 'a solid', 'an easy', 'just', 'only', 'even', 'straight',
]);

/** "heat was great," -> "heat": a verdict after the title is not part of it. */
function cleanRatedTitle(title: string | undefined): string | undefined {
  if (title === undefined) return undefined;
  const t = tokenize(title);
  // "loved heat, 5 stars", "just finished toy story, 4 stars": the verb before the title is not part of it
  let from = 0;
  for (;;) {
    const n = phraseAt(t.slice(from), 0, VIEWING_VERBS);
    if (!n || from + n >= t.length) break;
    from += n;
  }
  let cut = title.length;
  for (let k = from + 1; k < t.length; k++) {
    if (t[k]!.kind === 'punct' || VERDICT_VERBS.has(t[k]!.norm)) {
      cut = t[k]!.start;
      break;
    }
  }
  return title.slice(from > 0 ? t[from]!.start : 0, cut).trim();
}

/** Verbs before a title someone watched ("loved heat, 5 stars"). */
const VIEWING_VERBS = [
  'loved', 'liked', 'hated', 'enjoyed', 'disliked', 'watched', 'saw', 'seen', 'just', 'finally', 'finished', 'rewatched', 'i',
  'ive', 'we', 'really', 'totally', 'also',
];
/** Verbs between a title and its verdict ("heat was great", "the matrix deserves a 5"). */
const VERDICT_VERBS = new Set(['was', 'is', 'deserves', 'gets', 'earns', 'scores', 'merits', 'get']);

/** Rate verbs that are the command itself; the others ("gave", "i'd give") are statements without stars. */
const IMPERATIVE_RATE = new Set(['rate', 'rating', 'score']);
/** Words that are never the title a rating is for ("5 stars to whoever finds me a mystery"). */
const NOT_TITLES = new Set(['whoever', 'anyone', 'anybody', 'someone', 'somebody', 'you', 'u', 'everyone', 'everybody', 'whoever', 'the', 'me']);

/** Stars a sentence may give without the rate command: 0 to 5 ("from 2015", "theyre 8 and 10" are none). */
function plausible(stars: { value: number } | undefined): stars is { value: number; at: number; num: number } {
  return stars !== undefined && stars.value >= 0 && stars.value <= 5;
}

function rateIntent(text: string, t: Words): DetectedIntent | undefined {
  const verb = phraseAt(t, 0, RATE_VERBS);
  const stars = starsAtEnd(t);
  if (verb) {
    // "rated" alone at the start of "rated r comedies" is not a rating; a verb that is not the
    // command ("gave", "id give", "rated everything you showed me") needs stars to be a rating
    // stars out of scale are kept for "rate heat 7" (the command says why not), but a statement
    // ("give me 5 sci-fi films after 2010") is no rating
    if (!IMPERATIVE_RATE.has(phraseKey(t, 0, verb)) && !plausible(stars)) return undefined;
    const end = stars ? stars.at : t.length;
    let from = verb;
    while (from < end && t[from]!.kind === 'punct') from++;
    const title = slice(text, t, from, end);
    if (!title && !stars) return verb === t.length ? { command: 'rate', args: {} } : undefined;
    return { command: 'rate', args: { title: titleOrUndefined(cleanRatedTitle(title)), stars: stars?.value } };
  }
  // "4 stars for heat", "5/5 for the matrix"
  const n = t[0];
  if (n?.kind === 'number' && n.value !== undefined) {
    let j = 1;
    let value = n.value;
    if (t[j]?.norm === '/' && (t[j + 1]?.norm === '5' || t[j + 1]?.norm === '10')) {
      if (t[j + 1]!.norm === '10') value /= 2;
      j += 2;
    } else if (t[j]?.norm === 'stars' || t[j]?.norm === 'star') j++;
    else return undefined;
    if ((t[j]?.norm === 'for' || t[j]?.norm === 'to') && !NOT_TITLES.has(t[j + 1]?.norm ?? '')) {
      return { command: 'rate', args: { title: slice(text, t, j + 1, t.length), stars: value } };
    }
    return undefined;
  }
  // "fargo was mid, 2.5", "heat is a 4": a verdict on a title, then the stars
  if (stars && stars.at > 1 && Number.isInteger(stars.value * 2) && stars.value > 0 && plausible(stars)) {
    const verdict = t.findIndex((x) => VERDICT_VERBS.has(x.norm));
    if (verdict > 0 && verdict < stars.at && t.length - stars.at <= 2) {
      return { command: 'rate', args: { title: titleOrUndefined(cleanRatedTitle(slice(text, t, 0, verdict))), stars: stars.value } };
    }
  }
  // "heat 4 stars", "the matrix: 5/5", "heat ★★★★", "heat was great, 5 stars"
  if (stars && stars.at > 0 && plausible(stars)) {
    const lastWord = t[t.length - 1]!.norm;
    const symbols = isStarSymbol(lastWord);
    // "/5", "/10", "out of 5" mark stars; a bare trailing 5 or 10 does not ("theyre 8 and 10")
    const outOf = t[t.length - 2]?.norm === '/' || t[t.length - 2]?.norm === 'of';
    const explicit = lastWord === 'stars' || lastWord === 'star' || ((lastWord === '5' || lastWord === '10') && outOf) || symbols;
    if (explicit && (symbols || t.length - stars.num <= 4)) {
      let end = stars.at;
      while (end > 0 && t[end - 1]!.kind === 'punct') end--;
      return { command: 'rate', args: { title: titleOrUndefined(cleanRatedTitle(slice(text, t, 0, end))), stars: stars.value } };
    }
  }
  return undefined;
}

/** Verbs after a leading noun that make the message a statement about it, not a command. */
const STATEMENT_VERBS = new Set(['is', 'was', 'has', 'had', 'looks', 'seems', 'got', 'feels', 'isnt', 'keeps']);

function watchlistIntent(text: string, t: Words): DetectedIntent | undefined {
  const noun = findPhrase(t, WATCHLIST_NOUNS);
  const forLater = findPhrase(t, ['for later', 'to watch later', 'to watch']);
  if (!noun && !forLater) return undefined;
  // "list" alone is too common; it must be "my list" / "the list" / "watchlist"
  if (noun && (t[noun.at]!.norm === 'list' || t[noun.at]!.norm === 'queue') && noun.length === 1) {
    const before = t[noun.at - 1]?.norm;
    if (before !== 'my' && before !== 'the' && before !== 'watch') return undefined;
  }
  const first = t[0]!.norm;
  const addVerbs = ['add', 'put', 'save', 'queue', 'remember', 'stick', 'throw', 'bookmark', 'pin'];
  const removeVerbs = ['remove', 'delete', 'take', 'drop', 'clear', 'rm', 'erase', 'unsave', 'scratch', 'cross'];
  let start = 1;
  let op: 'add' | 'remove' | 'list';
  // "watchlist is full of dramas, ...", "my watchlist is too long": talk about the list, no command
  if (noun && STATEMENT_VERBS.has(t[noun.at + noun.length]?.norm ?? '')) return undefined;
  if (noun && noun.at === 0) {
    // "watchlist add heat", "watchlist"
    const v = t[noun.length]?.norm ?? '';
    op = addVerbs.includes(v) ? 'add' : removeVerbs.includes(v) ? 'remove' : 'list';
    if (op === 'list') return { command: 'watchlist', args: { op } };
    return { command: 'watchlist', args: { op, title: titleOrUndefined(slice(text, t, noun.length + 1, t.length)) } };
  }
  if (addVerbs.includes(first)) op = 'add';
  else if (removeVerbs.includes(first)) op = 'remove';
  else if (forLater && !noun) return undefined;
  else op = 'list';
  if (op === 'list') return { command: 'watchlist', args: { op } };
  // the title runs from the verb to "to / on / from / off (my) watchlist"
  let end = (noun ?? forLater)!.at;
  while (end > start && ['to', 'on', 'onto', 'into', 'in', 'from', 'off', 'of', 'my', 'the', 'out'].includes(t[end - 1]!.norm)) end--;
  if (forLater && forLater.at < end) end = forLater.at;
  return { command: 'watchlist', args: { op, title: titleOrUndefined(slice(text, t, start, end)) } };
}

/**
 * A watchparty intent: `op` and `query` as documented, plus the names the watchparty command
 * reads (`action`, `constraints` for start, `number` for a numeric vote).
 */
function watchparty(op: string, query: string | undefined): DetectedIntent {
  const args: DetectedIntent['args'] = { op, query, action: op };
  if (op === 'start' && query) args.constraints = query;
  if (op === 'vote' && query !== undefined) {
    const n = Number(query.replace('#', '').trim());
    if (Number.isInteger(n) && n > 0) args.number = n;
  }
  return { command: 'watchparty', args };
}

function partyIntent(text: string, t: Words): DetectedIntent | undefined {
  const noun = findPhrase(t, PARTY_NOUNS);
  const first = t[0]?.norm ?? '';
  const ops: Record<string, 'start' | 'join' | 'leave' | 'pick' | 'vote' | 'close' | 'status'> = {
    start: 'start', create: 'start', host: 'start', begin: 'start', new: 'start', plan: 'start', organize: 'start', organise: 'start', open: 'start', throw: 'start', have: 'start', make: 'start',
    join: 'join', leave: 'leave', quit: 'leave', exit: 'leave',
    pick: 'pick', choose: 'pick', decide: 'pick', suggest: 'pick', candidates: 'pick',
    vote: 'vote', close: 'close', end: 'close', finish: 'close', stop: 'close', cancel: 'close', status: 'status', show: 'status',
  };
  if (!noun) {
    // "vote 2", "vote for heat" only make sense in a party
    if (first === 'vote') return watchparty('vote', slice(text, t, t[1]?.norm === 'for' ? 2 : 1, t.length));
    return undefined;
  }
  // "watch party" is unambiguous; "party" or "movie night" alone need a party verb
  // ("movie night with the family" is a request)
  const nounWord = phraseKey(t, noun.at, noun.length);
  const explicit = nounWord === 'watch party' || nounWord === 'watchparty' || nounWord === 'watch parties';
  const verbBefore = t.slice(0, noun.at).some((x) => Object.hasOwn(ops, x.norm));
  if (!explicit && !verbBefore && !Object.hasOwn(ops, t[noun.at + 1]?.norm ?? '')) return undefined;
  let op: string | undefined;
  let queryFrom = noun.at + noun.length;
  for (let k = 0; k < noun.at; k++) {
    const o = ops[t[k]!.norm];
    if (o) {
      op = o;
      break;
    }
  }
  if (!op) {
    const o = ops[t[queryFrom]?.norm ?? ''];
    if (o) {
      op = o;
      queryFrom++;
    }
  }
  while (queryFrom < t.length && t[queryFrom]!.kind === 'punct') queryFrom++;
  const query = slice(text, t, queryFrom, t.length);
  op ??= query ? 'start' : 'status';
  return watchparty(op, query);
}

function similarIntent(text: string, t: Words): DetectedIntent | undefined {
  const cue = phraseAt(t, 0, SIMILAR_CUES);
  if (!cue || cue >= t.length) return undefined;
  const rest = t.slice(cue);
  // "more like this" refers to the last card; "like a comedy" is a request
  if (rest.length <= 2 && PRONOUNS.has(rest.map((x) => x.norm).join(' '))) return { command: 'similar', args: {} };
  if (['this', 'that', 'these', 'those', 'it', 'them', 'a', 'an', 'some', 'something'].includes(rest[0]!.norm)) return undefined;
  // any preference beyond the title makes it a recommendation with a similar-to hint
  for (let k = 0; k < rest.length; k++) {
    const w = rest[k]!.norm;
    if (['but', 'with', 'without', 'except', 'from', 'in', 'under', 'not', 'no', 'only', 'that', 'which', 'and', 'or', ','].includes(w)) {
      return undefined;
    }
    if (k > 0 && isLexiconWord(rest, k)) return undefined;
  }
  return { command: 'similar', args: { title: slice(text, t, cue, t.length) } };
}

function searchIntent(text: string, t: Words): DetectedIntent | undefined {
  const verb = phraseAt(t, 0, SEARCH_VERBS);
  if (!verb || verb >= t.length) return undefined;
  const next = t[verb]!;
  // "find me something scary" is a request
  if (['me', 'us', 'something', 'anything', 'some', 'a', 'an', 'movies', 'films', 'good', 'great', 'more', 'what', 'stuff'].includes(next.norm)) {
    return undefined;
  }
  for (let k = verb; k < t.length; k++) if (isLexiconWord(t, k) && phraseAt(t, k, ['the']) === 0 && k === verb) return undefined;
  return { command: 'search', args: { query: slice(text, t, verb, t.length) } };
}

function titleAfter(text: string, t: Words, verbs: readonly string[]): string | undefined | null {
  const verb = phraseAt(t, 0, verbs);
  if (!verb) return null;
  let end = t.length;
  // "why did you recommend heat to me", "i've seen heat already"
  while (end > verb && ['to', 'me', 'already', 'before', 'yet', 'too', 'recently', 'last', 'week', 'night', 'yesterday', 'again', 'for', 'as', 'seen', 'watched'].includes(t[end - 1]!.norm)) end--;
  return slice(text, t, verb, end) ?? undefined;
}

/** Words after a leading "y" that make it "why". */
const WHY_FOLLOWERS = new Set(['would', 'did', 'do', 'does', 'is', 'this', 'that', 'recommend', 'should', 'are', 'was', 'not']);

export function detectIntent(input: string): DetectedIntent {
  let text = boundText(input).trim();
  // "/rate heat 4" or "!rate heat 4" typed as text
  if (text.startsWith('/') || text.startsWith('!')) text = text.slice(1);
  const all = tokenize(text);
  // "y would i like fargo": chat spelling of "why" at the start
  if (all[0]?.norm === 'y' && all.length > 2 && WHY_FOLLOWERS.has(all[1]!.norm)) all[0] = { ...all[0], norm: 'why' };
  const t = trim(all);
  const key = t.map((x) => x.norm).join(' ');
  const query = text.trim();
  if (t.length === 0) return { command: all.some((x) => x.norm === '?') ? 'help' : 'help', args: {} };

  const fullKey = all.filter((x) => x.kind !== 'punct' && x.kind !== 'emoji').map((x) => x.norm).join(' ');
  if (HELP.has(key) || HELP.has(fullKey) || (t[0]!.norm === 'help' && t.length <= 3)) return { command: 'help', args: {} };
  if (MORE.has(key)) return { command: 'more', args: {} };
  if (FORGET.has(key) || (key.includes('forget me') && t.length <= 5)) return { command: 'forget-me', args: {} };
  if (EXPORT.has(key) || (t[0]!.norm === 'export' && t.length <= 5)) return { command: 'export-me', args: {} };
  if (PROFILE.has(key)) return { command: 'profile', args: {} };
  if (ONBOARD.has(key)) return { command: 'onboard', args: {} };
  // looser forms of the account commands, for short messages only
  const erasing = ['forget', 'delete', 'erase', 'wipe', 'remove'].includes(t[0]!.norm);
  if (t.length <= 8 && !erasing) {
    const has = (phrase: string) => ` ${key} `.includes(` ${phrase} `);
    if (has('export') || (has('download') && has('my'))) return { command: 'export-me', args: {} };
    if (has('know about me') || has('about my taste') || has('my taste') || has('my profile')) return { command: 'profile', args: {} };
    if (has('im new') || has('i am new') || has('new here') || has('first time here')) return { command: 'onboard', args: {} };
  }

  const party = partyIntent(text, t);
  if (party) return party;
  const watchlist = watchlistIntent(text, t);
  if (watchlist) return watchlist;
  const rate = rateIntent(text, t);
  if (rate) return rate;
  // "forget everything you know about me", "please erase all my data"
  if (t.length <= 8 && ['forget', 'delete', 'erase', 'wipe', 'remove'].includes(t[0]!.norm) && (key.endsWith(' me') || key.includes('my data') || key.includes('my account'))) {
    return { command: 'forget-me', args: {} };
  }
  // party words without "party": "join", "i want to join", "close the vote"
  if (t.length <= 3 && (t[0]!.norm === 'join' || t[0]!.norm === 'leave')) return watchparty(t[0]!.norm, undefined);
  if (t.length <= 4 && ['close', 'end', 'finish', 'stop'].includes(t[0]!.norm) && (key.includes('vote') || key.includes('voting') || key.includes('poll'))) {
    return watchparty('close', undefined);
  }
  if (key === 'party') return watchparty('status', undefined);

  const why = titleAfter(text, t, WHY_VERBS);
  if (why !== null && t.length <= 12) {
    // "why not something scary" is a request
    if (t[1]?.norm !== 'not' && t[1]?.norm !== 'dont') return { command: 'why', args: { title: titleOrUndefined(why) } };
  }
  // "mark heat as seen"
  if (t[0]!.norm === 'mark' && t.length >= 3 && (key.endsWith(' as seen') || key.endsWith(' as watched') || key.endsWith(' seen') || key.endsWith(' watched'))) {
    const end = t[t.length - 2]!.norm === 'as' ? t.length - 2 : t.length - 1;
    return { command: 'seen', args: { title: titleOrUndefined(slice(text, t, 1, end)) } };
  }
  const seen = titleAfter(text, t, SEEN_VERBS);
  if (seen !== null && t.length <= 10 && !all.some((x) => x.norm === '?')) {
    const rest = key.split(' ');
    if (!rest.includes('recommend') && !rest.includes('suggest') && !rest.includes('what')) return { command: 'seen', args: { title: titleOrUndefined(seen) } };
  }

  const similar = similarIntent(text, t);
  if (similar) return similar;
  const search = searchIntent(text, t);
  if (search) return search;
  if (t[0]!.norm === 'onboard') return { command: 'onboard', args: {} };
  return { command: 'recommend', args: { query } };
}
