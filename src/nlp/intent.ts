/**
 * Intent detection for free text addressed to the bot: which command, with which arguments.
 * Rules over normalised tokens, most specific first; anything that reads as a request falls
 * through to `recommend` with the whole text as the query. Titles come back in the user's own
 * spelling (sliced from the text) for the core's forgiving title search.
 */
import type { DetectedIntent } from './intent-types.js';
import { findPhrase, isStarSymbol, phraseAt, PRONOUNS, slice, titleOrUndefined, type Words } from './intent-text.js';
import { isLexiconWord, phraseKey } from './phrases.js';
import { rateIntent } from './rate-intent.js';
import {
  EXPORT,
  FORGET,
  HELP,
  LEADING_FILLER,
  MORE,
  ONBOARD,
  PARTY_NOUNS,
  PROFILE,
  SEARCH_VERBS,
  SEEN_VERBS,
  SIMILAR_CUES,
  TRAILING_FILLER,
  WATCHLIST_NOUNS,
  WHY_VERBS,
} from './intent-words.js';
import { boundText, tokenize, type Token } from './text.js';
import { titleSpan } from './title-clause.js';

export type { DetectedIntent } from './intent-types.js';

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
    start: 'start',
    create: 'start',
    host: 'start',
    begin: 'start',
    new: 'start',
    plan: 'start',
    organize: 'start',
    organise: 'start',
    open: 'start',
    throw: 'start',
    have: 'start',
    make: 'start',
    join: 'join',
    leave: 'leave',
    quit: 'leave',
    exit: 'leave',
    pick: 'pick',
    choose: 'pick',
    decide: 'pick',
    suggest: 'pick',
    candidates: 'pick',
    vote: 'vote',
    close: 'close',
    end: 'close',
    finish: 'close',
    stop: 'close',
    cancel: 'close',
    status: 'status',
    show: 'status',
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
  if (
    ['me', 'us', 'something', 'anything', 'some', 'a', 'an', 'movies', 'films', 'good', 'great', 'more', 'what', 'stuff'].includes(
      next.norm,
    )
  ) {
    return undefined;
  }
  for (let k = verb; k < t.length; k++) if (isLexiconWord(t, k) && phraseAt(t, k, ['the']) === 0 && k === verb) return undefined;
  return { command: 'search', args: { query: slice(text, t, verb, t.length) } };
}

function titleAfter(text: string, t: Words, verbs: readonly string[]): string | undefined | null {
  const verb = phraseAt(t, 0, verbs);
  if (!verb) return null;
  // "why did you recommend heat to me", "i've seen heat already", "why jaws?? i said no horror"
  const span = titleSpan(t, verb);
  return slice(text, t, span.start, span.end) ?? undefined;
}

/** Chat spellings read as the word they stand for. */
const CHAT_SPELLINGS: Record<string, string> = { u: 'you' };

/** Words after a leading "y" that make it "why". */
const WHY_FOLLOWERS = new Set(['would', 'did', 'do', 'does', 'is', 'this', 'that', 'recommend', 'should', 'are', 'was', 'not']);

export function detectIntent(input: string): DetectedIntent {
  let text = boundText(input).trim();
  // "/rate heat 4" or "!rate heat 4" typed as text
  if (text.startsWith('/') || text.startsWith('!')) text = text.slice(1);
  const all = tokenize(text);
  // "y would i like fargo": chat spelling of "why" at the start
  if (all[0]?.norm === 'y' && all.length > 2 && WHY_FOLLOWERS.has(all[1]!.norm)) all[0] = { ...all[0], norm: 'why' };
  // "why did u pick", "ur list": chat spellings of "you" (titles are sliced from the text, so "U-571" keeps its spelling)
  for (let k = 0; k < all.length; k++) {
    const you = CHAT_SPELLINGS[all[k]!.norm];
    if (you !== undefined && !all[k + 1]?.attached) all[k] = { ...all[k]!, norm: you };
  }
  const t = trim(all);
  const key = t.map((x) => x.norm).join(' ');
  const query = text.trim();
  if (t.length === 0) return { command: all.some((x) => x.norm === '?') ? 'help' : 'help', args: {} };

  const fullKey = all
    .filter((x) => x.kind !== 'punct' && x.kind !== 'emoji')
    .map((x) => x.norm)
    .join(' ');
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
  if (
    t.length <= 8 &&
    ['forget', 'delete', 'erase', 'wipe', 'remove'].includes(t[0]!.norm) &&
    (key.endsWith(' me') || key.includes('my data') || key.includes('my account'))
  ) {
    return { command: 'forget-me', args: {} };
  }
  // party words without "party": "join", "i want to join", "close the vote"
  if (t.length <= 3 && (t[0]!.norm === 'join' || t[0]!.norm === 'leave')) return watchparty(t[0]!.norm, undefined);
  if (
    t.length <= 4 &&
    ['close', 'end', 'finish', 'stop'].includes(t[0]!.norm) &&
    (key.includes('vote') || key.includes('voting') || key.includes('poll'))
  ) {
    return watchparty('close', undefined);
  }
  if (key === 'party') return watchparty('status', undefined);

  const why = titleAfter(text, t, WHY_VERBS);
  // punctuation is no word: "why did u pick the notebook for me?? i hate romance" is short enough
  if (why !== null && t.filter((x) => x.kind !== 'punct').length <= 12) {
    // "why not something scary" is a request
    if (t[1]?.norm !== 'not' && t[1]?.norm !== 'dont') return { command: 'why', args: { title: titleOrUndefined(why) } };
  }
  // "mark heat as seen"
  if (
    t[0]!.norm === 'mark' &&
    t.length >= 3 &&
    (key.endsWith(' as seen') || key.endsWith(' as watched') || key.endsWith(' seen') || key.endsWith(' watched'))
  ) {
    const end = t[t.length - 2]!.norm === 'as' ? t.length - 2 : t.length - 1;
    return { command: 'seen', args: { title: titleOrUndefined(slice(text, t, 1, end)) } };
  }
  const seen = titleAfter(text, t, SEEN_VERBS);
  if (seen !== null && t.length <= 10 && !all.some((x) => x.norm === '?')) {
    const rest = key.split(' ');
    if (!rest.includes('recommend') && !rest.includes('suggest') && !rest.includes('what'))
      return { command: 'seen', args: { title: titleOrUndefined(seen) } };
  }

  const similar = similarIntent(text, t);
  if (similar) return similar;
  const search = searchIntent(text, t);
  if (search) return search;
  if (t[0]!.norm === 'onboard') return { command: 'onboard', args: {} };
  return { command: 'recommend', args: { query } };
}
