/**
 * References to the list just shown: "why the second one?", "I've seen the first one, 4 stars",
 * "add the alien one to my watchlist", "more like it", "not that one". readReference finds what
 * is pointed at (positions, a pronoun, a title fragment) and what to do with it; resolveTargets
 * turns that into movies of the list (or the film the conversation is about). Pure; the core
 * decides whether a list exists to point at.
 */
import { normalizeKey, tokenize, type Token } from './text.js';
import { INTERJECTIONS } from './interjections.js';

export type Target =
  /** 1-based; negative counts from the end (-1 = the last one). */
  | { kind: 'position'; index: number }
  /** "it", "that one": the film the conversation is about, or the only one shown. */
  | { kind: 'pronoun' }
  /** "the alien one": a card whose title has these words. */
  | { kind: 'fragment'; words: string };

export type ReferenceAct = 'why' | 'similar' | 'seen' | 'dismiss' | 'rate' | 'watchlist' | 'unwatchlist' | 'reject';

export interface Reference {
  act: ReferenceAct;
  /** Empty for a bare "why?". */
  targets: Target[];
  /** For rate: the stars as typed (the caller checks the scale). */
  stars?: number | undefined;
  /** For reject ("not the first one, seen it"): how to mark what is rejected. */
  reason?: 'seen' | 'not_interested' | undefined;
}

const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  top: 1,
  last: -1,
  penultimate: -2,
};
const COUNTS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5 };
const SUFFIXES = new Set(['st', 'nd', 'rd', 'th']);
const NOUNS = new Set(['one', 'movie', 'film', 'pick', 'title', 'card', 'flick']);
/** Words that may follow a position or pronoun ("the first one looks good", "it to my watchlist"). */
const AFTER = new Set([
  'is',
  'was',
  'looks',
  'looked',
  'sounds',
  'seems',
  'to',
  'on',
  'onto',
  'in',
  'into',
  'from',
  'please',
  'pls',
  'plz',
  'for',
  'as',
  'a',
  'an',
  'and',
  'too',
  'again',
  'already',
  'actually',
  'though',
  'tho',
  'then',
  'off',
  'pretty',
  'really',
  'gets',
  'deserves',
  'i',
  'seen',
  'looks',
  'now',
  'yet',
  'it',
  'at',
  'with',
]);
const FILLER: ReadonlySet<string> = new Set([...INTERJECTIONS, 'please', 'pls']);
const STAR_WORDS = new Set(['stars', 'star', '★', 'points']);

const SEEN = [['seen'], ['saw'], ['watched'], ['have', 'seen'], ['already', 'seen']];
const DISMISS = [
  ['not', 'interested'],
  ['no', 'interest'],
  ['not', 'for', 'me'],
  ['no', 'thanks'],
  ['dismiss'],
  ['hide'],
  ['never', 'show'],
  ['dont', 'show'],
  ['skip'],
  ['not', 'my', 'thing'],
  ['pass', 'on'],
];
const WATCHLIST = [
  ['watchlist'],
  ['watch', 'list'],
  ['my', 'list'],
  ['watch', 'later'],
  ['for', 'later'],
  ['to', 'watch'],
  ['save'],
  ['bookmark'],
  ['queue'],
];
const SIMILAR = [
  ['more', 'like'],
  ['something', 'like'],
  ['anything', 'like'],
  ['others', 'like'],
  ['similar', 'to'],
  ['similar'],
  ['like'],
];
const WHY = [['why'], ['how', 'come'], ['explain'], ['reason']];
const REMOVE = [['remove'], ['delete'], ['take'], ['drop'], ['off'], ['from']];
/** Words a message about "it" may hold besides the act ("i've seen it actually, 4 stars"). */
const KNOWN = new Set([
  ...FILLER,
  'i',
  'ive',
  'id',
  'im',
  'have',
  'has',
  'already',
  'to',
  'my',
  'on',
  'the',
  'a',
  'an',
  'is',
  'was',
  'one',
  'add',
  'put',
  'stick',
  'please',
  'seen',
  'saw',
  'watched',
  'why',
  'y',
  'how',
  'come',
  'explain',
  'more',
  'like',
  'something',
  'anything',
  'similar',
  'others',
  'stars',
  'star',
  'rate',
  'give',
  'gave',
  'watchlist',
  'watch',
  'list',
  'later',
  'for',
  'save',
  'not',
  'interested',
  'me',
  'thanks',
  'remove',
  'from',
  'off',
  'of',
  'did',
  'you',
  'recommend',
  'pick',
  'suggest',
  'would',
  'i',
  'like',
  'liked',
  'loved',
  'it',
  'that',
  'this',
  'really',
  'great',
  'good',
  'out',
  'before',
  'too',
  'rated',
]);
const RATE_VERBS = new Set(['rate', 'rating', 'give', 'gave', 'score', 'rated']);

type Span = { from: number; to: number };

class Reader {
  readonly t: Token[];
  readonly w: string[];
  constructor(text: string) {
    this.t = tokenize(text);
    this.w = this.t.map((x) => x.norm);
  }
  isBreak(i: number): boolean {
    const tok = this.t[i];
    return tok === undefined || tok.kind === 'punct' || tok.kind === 'emoji';
  }
  has(phrases: readonly string[][], outside: readonly Span[]): boolean {
    for (let i = 0; i < this.w.length; i++) {
      if (outside.some((s) => i >= s.from && i < s.to)) continue;
      if (phrases.some((p) => p.every((x, k) => this.w[i + k] === x))) return true;
    }
    return false;
  }
  /** A position word at i ("second", "2nd", "#2"): its index and how many tokens it takes. */
  ordinal(i: number): { index: number; length: number } | undefined {
    const w = this.w[i];
    if (w === undefined) return undefined;
    if ((w === 'second' && this.w[i + 1] === 'to' && this.w[i + 2] === 'last') || (w === 'second' && this.w[i + 1] === 'last')) {
      return { index: -2, length: this.w[i + 1] === 'to' ? 3 : 2 };
    }
    if (ORDINALS[w] !== undefined) return { index: ORDINALS[w]!, length: 1 };
    const tok = this.t[i]!;
    const next = this.t[i + 1];
    if (tok.kind === 'number' && Number.isInteger(tok.value) && next?.attached && SUFFIXES.has(next.norm))
      return { index: tok.value!, length: 2 };
    if (w === '#' && this.t[i + 1]?.kind === 'number' && Number.isInteger(this.t[i + 1]!.value))
      return { index: this.t[i + 1]!.value!, length: 2 };
    return undefined;
  }
  /** Does what follows position j let a target end there? */
  endsAt(j: number): boolean {
    return this.isBreak(j) || AFTER.has(this.w[j]!) || this.t[j]!.kind === 'number';
  }
}

/** "the alien one" at i (on "the"): one to three words, then "one". */
function fragmentAt(r: Reader, i: number): { words: string; end: number } | undefined {
  for (let len = 1; len <= 3 && i + 1 + len < r.w.length; len++) {
    if (r.w[i + 1 + len] !== 'one') continue;
    const words = r.t.slice(i + 1, i + 1 + len);
    if (
      words.some(
        (x) =>
          (x.kind !== 'word' && x.kind !== 'number') || ORDINALS[x.norm] !== undefined || ['other', 'next', 'same', 'new'].includes(x.norm),
      )
    )
      return undefined;
    if (!r.endsAt(i + 2 + len)) return undefined;
    return { words: words.map((x) => x.norm).join(' '), end: i + 2 + len };
  }
  return undefined;
}

/** Verbs after which a bare small number is a card position ("rate 2 4", "why 3"). */
const NUMBERED = [
  ['rate'],
  ['why'],
  ['y'],
  ['seen'],
  ['watchlist'],
  ['save'],
  ['not'],
  ['more', 'like'],
  ['similar'],
  ['dismiss'],
  ['skip'],
  ['explain'],
];
const MAX_NUMBERED = 10;
const MAX_TARGETS = 10;
/** A reference is a short message; a long one is a request that happens to say "it". */
const MAX_WORDS = 40;

/** Targets in the text, with the tokens they cover. */
function findTargets(r: Reader): { targets: Target[]; spans: Span[] } {
  const targets: Target[] = [];
  const spans: Span[] = [];
  const n = r.w.length;
  let i = 0;
  while (i < n) {
    const start = i;
    let j = r.w[i] === 'the' ? i + 1 : i;
    const ord = r.ordinal(j);
    if (ord) {
      j += ord.length;
      const list: number[] = [ord.index];
      // "the first two", "the last three"
      if (COUNTS[r.w[j]!] !== undefined && (ord.index === 1 || ord.index === -1)) {
        const c = COUNTS[r.w[j]!]!;
        list.length = 0;
        for (let k = 1; k <= c; k++) list.push(ord.index === 1 ? k : -(c - k + 1));
        j++;
      }
      if (NOUNS.has(r.w[j]!) || r.w[j] === 'ones') j++;
      // "the first and (the) second (one)"
      while (r.w[j] === 'and' || r.w[j] === ',') {
        let k = j + 1;
        if (r.w[k] === 'the') k++;
        const more = r.ordinal(k);
        if (!more) break;
        list.push(more.index);
        j = k + more.length;
        if (NOUNS.has(r.w[j]!) || r.w[j] === 'ones') j++;
      }
      if (r.endsAt(j) || NOUNS.has(r.w[j - 1]!)) {
        for (const index of list) targets.push({ kind: 'position', index });
        spans.push({ from: start, to: j });
        i = j;
        continue;
      }
    }
    // pronouns: "it", "that one", "this movie", "that" at the end of a clause
    const w = r.w[i]!;
    if (w === 'it' || ((w === 'that' || w === 'this') && (NOUNS.has(r.w[i + 1]!) || r.endsAt(i + 1)))) {
      const end = NOUNS.has(r.w[i + 1]!) ? i + 2 : i + 1;
      if (w !== 'it' || r.endsAt(end)) {
        targets.push({ kind: 'pronoun' });
        spans.push({ from: i, to: end });
        i = end;
        continue;
      }
    }
    // "the alien one": one to three words between "the" and "one"
    if (w === 'the') {
      const fragment = fragmentAt(r, i);
      if (fragment) {
        targets.push({ kind: 'fragment', words: fragment.words });
        spans.push({ from: i, to: fragment.end });
        i = fragment.end;
        continue;
      }
    }
    i = start + 1;
  }
  return { targets, spans };
}

/** Stars given in the text: "4 stars", "4.5/5", "8/10", "is a 3", "rate ... 5", "★★★★". */
function findStars(r: Reader, spans: readonly Span[]): number | undefined {
  const n = r.w.length;
  const inTarget = (k: number) => spans.some((s) => k >= s.from && k < s.to);
  const symbols = r.w.filter((x) => x === '★').length;
  for (let k = n - 1; k >= 0; k--) {
    const tok = r.t[k]!;
    if (tok.kind !== 'number' || tok.value === undefined || inTarget(k)) continue;
    if (r.t[k + 1]?.attached && SUFFIXES.has(r.w[k + 1]!)) continue;
    // "8/10": this is the scale, the stars are before it
    const over = r.t[k - 2];
    if (
      r.w[k - 1] === '/' &&
      (tok.value === 5 || tok.value === 10) &&
      over?.kind === 'number' &&
      over.value !== undefined &&
      !inTarget(k - 2)
    ) {
      return tok.value === 10 ? over.value / 2 : over.value;
    }
    const next = r.w[k + 1];
    if (next === '/' && (r.w[k + 2] === '5' || r.w[k + 2] === '10')) return r.w[k + 2] === '10' ? tok.value / 2 : tok.value;
    if (next === 'out' && r.w[k + 2] === 'of' && (r.w[k + 3] === '5' || r.w[k + 3] === '10'))
      return r.w[k + 3] === '10' ? tok.value / 2 : tok.value;
    if (next !== undefined && STAR_WORDS.has(next)) return tok.value;
    const before = r.w[k - 1];
    const isLast = r.isBreak(k + 1) && r.t.slice(k + 1).every((x) => x.kind === 'punct');
    if (
      isLast &&
      (before === 'a' || before === 'an') &&
      ['is', 'was', 'gets', 'deserves', 'get', 'solid', 'give', 'gave'].includes(r.w[k - 2] ?? '')
    )
      return tok.value;
    if (isLast && ['is', 'was', ':', '-', '=', 'gets', 'deserves'].includes(before ?? '')) return tok.value;
    if (isLast && r.w.some((x, m) => RATE_VERBS.has(x) && m < k)) return tok.value;
    return undefined;
  }
  return symbols > 0 ? symbols : undefined;
}

/** The reference in a message, or null when it points at nothing (or does nothing with it). */
export function readReference(text: string): Reference | null {
  const r = new Reader(text);
  if (r.w.length === 0 || r.w.length > MAX_WORDS) return null;
  const { targets, spans } = findTargets(r);
  // a list has at most ten cards: a message pointing at more is not pointing at the list
  if (targets.length > MAX_TARGETS) return null;
  let first = 0;
  while (first < r.w.length && (FILLER.has(r.w[first]!) || r.isBreak(first))) first++;
  if (targets.length === 0) {
    const verb = NUMBERED.find((p) => p.every((x, k) => r.w[first + k] === x));
    const at = first + (verb?.length ?? 0);
    const tok = r.t[at];
    if (
      verb &&
      tok?.kind === 'number' &&
      Number.isInteger(tok.value) &&
      tok.value! >= 1 &&
      tok.value! <= MAX_NUMBERED &&
      !(r.t[at + 1]?.attached && r.t[at + 1]?.kind === 'word')
    ) {
      targets.push({ kind: 'position', index: tok.value! });
      spans.push({ from: at, to: at + 1 });
    }
  }
  if (targets.length === 0) {
    // a bare "why?" / "how come?" / "seen it?" is about the film in focus or the list
    const rest = r.w.filter((x, k) => k >= first && !r.isBreak(k) && !FILLER.has(x));
    const key = rest.join(' ');
    if (['why', 'y', 'how come', 'explain', 'why these', 'why those', 'why this'].includes(key)) return { act: 'why', targets: [] };
    return null;
  }
  const seen = r.has(SEEN, spans);
  // "not the first one, seen it", "nah not that one"
  if (r.w[first] === 'not' && spans.some((s) => s.from === first + 1) && r.w[first + 1] !== 'interested') {
    return {
      act: 'reject',
      targets: targets.filter((t) => t.kind !== 'pronoun' || spans.length === 1),
      reason: seen ? 'seen' : 'not_interested',
    };
  }
  if (r.w[first] === 'anything' && r.w[first + 1] === 'but' && spans.some((s) => s.from === first + 2)) {
    return { act: 'reject', targets, reason: seen ? 'seen' : 'not_interested' };
  }
  // the pronoun of "i've seen it actually, 4 stars" is the film; a later "it" is not a second one
  const unique = targets.filter((t, k) => t.kind !== 'pronoun' || targets.findIndex((u) => u.kind === 'pronoun') === k);
  // "why zodiac?? never heard of it", "just watched inception, loved it": the film is named, "it" only points back at it
  if (unique.every((t) => t.kind === 'pronoun')) {
    const unknown = r.w.filter((x, k) => !spans.some((s) => k >= s.from && k < s.to) && r.t[k]!.kind === 'word' && !KNOWN.has(x));
    if (unknown.length > 1) return null;
  }
  const stars = findStars(r, spans);
  if (stars !== undefined) return { act: 'rate', targets: unique, stars };
  if (r.has(WATCHLIST, spans)) return { act: r.has(REMOVE, spans) ? 'unwatchlist' : 'watchlist', targets: unique };
  if (r.has(DISMISS, spans)) return { act: 'dismiss', targets: unique };
  // "more like the third one" (the cue right before the target)
  if (spans.some((s) => SIMILAR.some((p) => p.every((x, k) => r.w[s.from - p.length + k] === x))))
    return { act: 'similar', targets: unique };
  if (r.has(WHY, spans) || r.w[first] === 'y') return { act: 'why', targets: unique };
  if (seen) return { act: 'seen', targets: unique };
  return null;
}

export interface ListCard {
  movieId: number;
  /** The display title ("The Matrix"), for fragments. */
  title: string;
}

export type Resolution =
  | { kind: 'movies'; movieIds: number[] }
  | { kind: 'ambiguous'; choices: ListCard[] }
  | { kind: 'missing'; why: 'no_list' | 'out_of_range' | 'no_match' };

/** Which cards a fragment names: the exact title first, then a title starting with it, then one holding all its words. */
function byFragment(words: string, cards: readonly ListCard[]): ListCard[] {
  const scored = cards.map((c) => {
    const title = normalizeKey(c.title);
    const bare = title.replace(/^(the|a|an) /, '');
    const score =
      title === words || bare === words
        ? 3
        : title.startsWith(`${words} `) || bare.startsWith(`${words} `)
          ? 2
          : ` ${title} `.includes(` ${words} `)
            ? 1
            : 0;
    return { c, score };
  });
  const best = Math.max(0, ...scored.map((s) => s.score));
  return best === 0 ? [] : scored.filter((s) => s.score === best).map((s) => s.c);
}

/** The movies the targets point at on `cards` (the list shown, in order), or why they point at none. */
export function resolveTargets(targets: readonly Target[], cards: readonly ListCard[], focus: number | undefined): Resolution {
  const ids: number[] = [];
  for (const t of targets) {
    if (t.kind === 'pronoun') {
      if (focus !== undefined) ids.push(focus);
      else if (cards.length === 1) ids.push(cards[0]!.movieId);
      else if (cards.length === 0) return { kind: 'missing', why: 'no_list' };
      else return { kind: 'ambiguous', choices: [...cards] };
      continue;
    }
    if (cards.length === 0) return { kind: 'missing', why: 'no_list' };
    if (t.kind === 'position') {
      const card = t.index > 0 ? cards[t.index - 1] : cards[cards.length + t.index];
      if (!card) return { kind: 'missing', why: 'out_of_range' };
      ids.push(card.movieId);
      continue;
    }
    const found = byFragment(t.words, cards);
    if (found.length === 0) return { kind: 'missing', why: 'no_match' };
    if (found.length > 1) return { kind: 'ambiguous', choices: found };
    ids.push(found[0]!.movieId);
  }
  return { kind: 'movies', movieIds: [...new Set(ids)] };
}
