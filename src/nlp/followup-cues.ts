/**
 * The cues of a follow-up message, read from its tokens: does it start over ("something
 * completely different", "forget that."), make a wish relative to the list shown ("shorter",
 * "older"), drop a kind of wish ("any year is fine", "length doesnt matter"), allow again what
 * was excluded ("war is fine too"), forget a wish ("forget jim carrey"), replace ("instead",
 * "make it") or add ("too", "a romantic one")? What is left after the cues is the text whose
 * wishes the parser reads. Pure and linear in the (bounded) number of tokens.
 */
import { tokenize, type Token } from './text.js';
import { INTERJECTIONS } from './interjections.js';

export type Relative = 'shorter' | 'longer' | 'older' | 'newer' | 'lighter';
/** The kinds of wish a follow-up can drop as a whole. */
export type WishKind = 'genres' | 'years' | 'runtime' | 'language' | 'people' | 'limit' | 'moods';

export interface FollowUpSignals {
  /** "something completely different", "forget that.", "new idea:": the old request goes. */
  restart: boolean;
  /** The text to read wishes from: the message without the cues and the clauses below. */
  wishes: string;
  /** `wishes` without follow-up filler ("only spielberg ones" -> "spielberg"), for a second reading. */
  bare: string;
  relative: Relative[];
  /** Kinds dropped whole: "any year is fine" -> years. */
  drop: WishKind[];
  /** Texts allowed again: "war is fine too" -> "war". */
  allow: string[];
  /** Texts to forget: "forget jim carrey" -> "jim carrey"; "a comedy instead of horror" -> "horror". */
  forget: string[];
  /** "instead", "make it", "what about": a new wish replaces the old one of its kind. */
  replace: boolean;
  /** "too", "also", "a romantic one": a new wish joins the old ones. */
  add: boolean;
  /** "only", "just": restricts to what follows. */
  only: boolean;
  /** Any follow-up cue at all (the above, or "same but", "keep it", "tho"). */
  cue: boolean;
  /** Opens like a request of its own ("recommend", "give me", "any good ..."). */
  requestVerb: boolean;
  /** "family friendly": a soft wish (favour family films), not "children's films only". */
  family: boolean;
}

const words = (list: readonly string[]): string[][] => list.map((p) => p.split(' '));

/** Nobody allows or forgets more than a few things in one message; more is noise, and each costs a parse. */
const MAX_CLAUSES = 4;
/** The longest way to name a kind of wish: "the release year" (plus a word of slack). */
const KIND_SPAN = 4;

const FILLER = INTERJECTIONS;

const RESTART = words([
  'something completely different',
  'something totally different',
  'something entirely different',
  'something else entirely',
  'something different entirely',
  'something new entirely',
  'anything completely different',
  'completely different',
  'totally different',
  'entirely different',
  'forget that',
  'forget all that',
  'forget all of that',
  'forget everything',
  'forget it',
  'forget about it',
  'forget about that',
  'forget those',
  'forget this',
  'never mind',
  'nevermind',
  'nvm',
  'scratch that',
  'scratch all that',
  'scrap that',
  'scrap all that',
  'scrap it',
  'ditch that',
  'new idea',
  'new plan',
  'new request',
  'new search',
  'new question',
  'different request',
  'start over',
  'start again',
  'start from scratch',
  'lets start over',
  'let start over',
  'lets start again',
  'let start again',
  'change of plan',
  'change of plans',
  'clean slate',
]);
/** Restart cues that could also take an object ("never mind the year"): restart only when nothing follows. */
const RESTART_NEEDS_END = new Set(['never mind', 'nevermind', 'nvm']);

const RELATIVE: [Relative, string[][]][] = [
  ['shorter', words(['shorter', 'quicker', 'less long', 'not as long', 'not so long'])],
  ['longer', words(['longer', 'not as short'])],
  ['older', words(['older', 'earlier', 'less recent', 'not as new', 'more classic', 'less new', 'oldies'])],
  ['newer', words(['newer', 'more recent', 'not as old', 'more modern', 'less old', 'fresher'])],
  [
    'lighter',
    words([
      'lighter',
      'less dark',
      'less heavy',
      'less serious',
      'more lighthearted',
      'more light hearted',
      'happier',
      'more upbeat',
      'more cheerful',
      'less depressing',
      'less sad',
      'less intense',
      'less grim',
      'less bleak',
    ]),
  ],
];

const KIND_WORDS: [WishKind, string[][]][] = [
  ['years', words(['release year', 'time period', 'year', 'years', 'decade', 'decades', 'era', 'date', 'period', 'age', 'how old'])],
  ['runtime', words(['how long', 'length', 'runtime', 'run time', 'duration', 'long'])],
  ['language', words(['language', 'languages', 'country'])],
  ['genres', words(['genre', 'genres'])],
  ['people', words(['actor', 'actors', 'director', 'directors', 'cast', 'people', 'person', 'star'])],
  ['limit', words(['count', 'number'])],
  ['moods', words(['mood', 'vibe', 'tone'])],
];

const DOESNT_MATTER = words([
  'doesnt matter',
  'does not matter',
  'dont matter',
  'do not matter',
  'isnt important',
  'is not important',
  'not important',
  'is irrelevant',
  'no matter',
]);
const DONT_CARE = words([
  'i dont care about',
  'dont care about',
  'i do not care about',
  'i dont care how',
  'dont care how',
  'doesnt matter how',
  'no matter how',
  'whatever',
  'any',
  'however',
]);
const FINE = words([
  'is fine',
  'are fine',
  'is ok',
  'are ok',
  'is okay',
  'are okay',
  'is alright',
  'are alright',
  'is allowed',
  'are allowed',
  'would be fine',
  'is no problem',
  'are no problem',
  'allowed',
]);
/** After a kind ("any year ..."), looser words say the same. */
const AFTER_KIND = [...FINE, ...words(['works', 'will do', 'is good', 'goes', 'is cool'])];
const MIND = words([
  'i dont mind',
  'dont mind',
  'i do not mind',
  'i am ok with',
  'im ok with',
  'im fine with',
  'i am fine with',
  'ok with',
]);
const FORGET = words([
  'forget about',
  'forget',
  'drop the',
  'drop',
  'lose the',
  'ditch the',
  'ditch',
  'get rid of',
  'never mind',
  'no need for',
  'remove',
]);
const TRAILERS = new Set(['too', 'actually', 'though', 'tho', 'after', 'all', 'by', 'me', 'now', 'then', 'pls', 'please']);
const REPLACE = words([
  'instead',
  'rather',
  'make it',
  'make them',
  'change it to',
  'change to',
  'switch to',
  'what about',
  'how about',
  'this time',
]);
const ADD = words(['too', 'also', 'as well', 'plus', 'both', 'in addition']);
const ONLY = words(['only', 'just', 'nothing but', 'exclusively']);
/** At the start of the message. */
const MARKERS = words(['same but', 'same', 'keep it', 'keep them', 'but', 'still', 'yeah but', 'and', 'ok but', 'then']);
/** Anywhere. */
const LOOSE_MARKERS = words(['though', 'tho', 'keep it', 'keep them', 'same but']);
const REQUEST = words([
  'recommend',
  'suggest',
  'give me',
  'show me',
  'find me',
  'get me',
  'i want',
  'i wanna',
  'i would like',
  'id like',
  'looking for',
  'im looking for',
  'i am looking for',
  'in the mood for',
  'im in the mood for',
  'can you recommend',
  'could you recommend',
  'can you suggest',
  'what are some',
  'got any',
  'do you have any',
  'any good',
  'what should i watch',
  'any',
]);
const FAMILY = words([
  'family friendly',
  'kid friendly',
  'kids friendly',
  'child friendly',
  'for the whole family',
  'for the family',
  'whole family',
]);
const BARE_FILLER = new Set([
  'only',
  'just',
  'ones',
  'one',
  'pls',
  'please',
  'plz',
  'tho',
  'though',
  'instead',
  'too',
  'also',
  'hmm',
  'ok',
  'okay',
  'yeah',
  'actually',
  'then',
  'maybe',
  'some',
  'those',
  'these',
  'the',
  'stuff',
  'same',
  'but',
  'what',
  'about',
  'how',
  'with',
  'by',
]);

class Scan {
  readonly t: Token[];
  readonly norm: string[];
  readonly gone: boolean[];

  constructor(readonly text: string) {
    this.t = tokenize(text);
    this.norm = this.t.map((x) => x.norm);
    this.gone = this.t.map(() => false);
  }

  /** Length of the first phrase of `list` found at i (0 when none). */
  at(i: number, list: readonly string[][]): number {
    for (const p of list) if (p.every((w, k) => this.norm[i + k] === w)) return p.length;
    return 0;
  }

  /** Every match of `list` at a position not taken yet: [position, length]. */
  *all(list: readonly string[][]): Generator<[number, number]> {
    for (let i = 0; i < this.t.length; i++) {
      if (this.gone[i]) continue;
      const n = this.at(i, list);
      if (n) yield [i, n];
    }
  }

  isBreak(i: number): boolean {
    const tok = this.t[i];
    return tok === undefined || (tok.kind === 'punct' && tok.norm !== '/');
  }

  take(from: number, to: number): void {
    for (let k = from; k < to; k++) this.gone[k] = true;
  }

  /** First position after leading filler and punctuation from `i`. */
  skipFiller(i: number): number {
    while (i < this.t.length && (FILLER.has(this.norm[i]!) || this.t[i]!.kind === 'punct' || this.t[i]!.kind === 'emoji')) i++;
    return i;
  }

  /** Start of the clause that ends before i (after the last break), past its filler. */
  clauseStart(i: number): number {
    let s = i;
    while (s > 0 && !this.isBreak(s - 1) && !this.gone[s - 1]) s--;
    while (s < i && FILLER.has(this.norm[s]!)) s++;
    return s;
  }

  /** End of the clause that starts at i (the next break). */
  clauseEnd(i: number): number {
    let e = i;
    while (e < this.t.length && !this.isBreak(e)) e++;
    return e;
  }

  slice(from: number, to: number): string {
    if (from >= to) return '';
    return this.text.slice(this.t[from]!.start, this.t[to - 1]!.end).trim();
  }

  /** The text of the tokens not taken, in order (a break between kept runs keeps them apart). */
  kept(skip: (k: number) => boolean = () => false): string {
    const parts: string[] = [];
    let run: [number, number] | null = null;
    const flush = () => {
      if (run) parts.push(this.slice(run[0], run[1]));
      run = null;
    };
    for (let k = 0; k < this.t.length; k++) {
      if (this.gone[k] || skip(k)) {
        flush();
        continue;
      }
      run = run ? [run[0], k + 1] : [k, k + 1];
    }
    flush();
    return parts
      .join(', ')
      .replace(/(,\s*)+/g, ', ')
      .replace(/^[,\s]+|[,\s]+$/g, '');
  }
}

/** The kind a phrase names ("the year", "how long"), when it names nothing else. */
function kindOf(scan: Scan, from: number, to: number): WishKind | undefined {
  let i = from;
  while (i < to && ['the', 'a', 'any', 'its', 'my'].includes(scan.norm[i]!)) i++;
  for (const [kind, list] of KIND_WORDS) {
    const n = scan.at(i, list);
    if (n && i + n === to) return kind;
  }
  return undefined;
}

export function followUpSignals(text: string): FollowUpSignals {
  const scan = new Scan(text);
  const n = scan.t.length;
  const out: FollowUpSignals = {
    restart: false,
    wishes: text,
    bare: text,
    relative: [],
    drop: [],
    allow: [],
    forget: [],
    replace: false,
    add: false,
    only: false,
    cue: false,
    requestVerb: false,
    family: false,
  };

  // Starting over: a cue near the start, then (maybe) the new request.
  const start = scan.skipFiller(0);
  for (let i = start; i < Math.min(n, start + 3); i++) {
    const len = scan.at(i, RESTART);
    if (!len) continue;
    const phrase = scan.norm.slice(i, i + len).join(' ');
    if (RESTART_NEEDS_END.has(phrase) && !scan.isBreak(i + len)) continue;
    out.restart = true;
    out.cue = true;
    out.wishes = out.bare = scan.slice(scan.skipFiller(i + len), n);
    return out;
  }
  out.requestVerb = scan.at(start, REQUEST) > 0;

  // Relative wishes.
  for (const [relative, list] of RELATIVE) {
    for (const [i, len] of scan.all(list)) {
      if (!out.relative.includes(relative)) out.relative.push(relative);
      scan.take(i, len + i);
    }
  }
  // "any year is fine", "length doesnt matter", "dont care how long".
  for (const [i, len] of scan.all(DONT_CARE)) {
    // the kind follows at once: "any (release) year", "dont care about the length"
    const end = Math.min(scan.clauseEnd(i + len), i + len + KIND_SPAN);
    for (let e = end; e > i + len; e--) {
      const kind = kindOf(scan, i + len, e);
      if (!kind) continue;
      out.drop.push(kind);
      let stop = e;
      const fine = scan.at(stop, AFTER_KIND) || scan.at(stop, DOESNT_MATTER);
      stop += fine;
      while (stop < end && TRAILERS.has(scan.norm[stop]!)) stop++;
      scan.take(i, stop);
      break;
    }
  }
  for (const [i, len] of scan.all(DOESNT_MATTER)) {
    const from = scan.clauseStart(i);
    const kind = kindOf(scan, from, i);
    if (kind) out.drop.push(kind);
    let stop = i + len;
    while (stop < n && TRAILERS.has(scan.norm[stop]!)) stop++;
    scan.take(kind ? from : i, stop);
  }
  // "war is fine too", "i dont mind gore".
  for (const [i, len] of scan.all(FINE)) {
    const from = scan.clauseStart(i);
    if (from === i) continue;
    const kind = kindOf(scan, from, i);
    if (kind) out.drop.push(kind);
    else if (out.allow.length < MAX_CLAUSES) out.allow.push(scan.slice(from, i));
    let stop = i + len;
    while (stop < n && TRAILERS.has(scan.norm[stop]!)) stop++;
    scan.take(from, stop);
  }
  for (const [i, len] of scan.all(MIND)) {
    const end = scan.clauseEnd(i + len);
    if (end === i + len) continue;
    const kind = kindOf(scan, i + len, end);
    if (kind) out.drop.push(kind);
    else if (out.allow.length < MAX_CLAUSES) out.allow.push(scan.slice(i + len, end));
    scan.take(i, end);
  }
  // "forget jim carrey", "drop the runtime" (a clause of its own), "comedy instead of horror".
  for (const [i, len] of scan.all(FORGET)) {
    if (scan.clauseStart(i) !== i) continue;
    const end = scan.clauseEnd(i + len);
    if (end === i + len) continue;
    const kind = kindOf(scan, i + len, end);
    if (kind) out.drop.push(kind);
    else if (out.forget.length < MAX_CLAUSES) out.forget.push(scan.slice(i + len, end));
    scan.take(i, end);
  }
  for (const [i, len] of scan.all(words(['instead of', 'rather than']))) {
    const end = scan.clauseEnd(i + len);
    if (end > i + len && out.forget.length < MAX_CLAUSES) out.forget.push(scan.slice(i + len, end));
    out.replace = true;
    scan.take(i, end);
  }
  for (const [i, len] of scan.all(FAMILY)) {
    out.family = true;
    scan.take(i, i + len);
  }
  for (const [i, len] of scan.all(REPLACE)) {
    out.replace = true;
    scan.take(i, i + len);
  }
  for (const [i, len] of scan.all(ADD)) {
    // "too" adds only at the end of a clause ("with owen wilson too"), not in "not too long"
    if (scan.norm[i] === 'too' && !scan.isBreak(i + 1) && !TRAILERS.has(scan.norm[i + 1]!)) continue;
    out.add = true;
    scan.take(i, i + len);
  }
  // "a romantic one", "shorter ones": "one" standing for the films just shown
  for (let i = 1; i < n; i++) {
    if (
      (scan.norm[i] === 'one' || scan.norm[i] === 'ones') &&
      (scan.isBreak(i + 1) || ['pls', 'please', 'plz', 'with', 'from', 'then', 'only'].includes(scan.norm[i + 1]!))
    ) {
      out.add ||= scan.norm[i - 1] !== 'the' && scan.norm[i - 1] !== 'that' && scan.norm[i - 1] !== 'this';
      out.cue = true;
    }
  }
  out.only = [...scan.all(ONLY)].length > 0;
  const marker = scan.at(0, MARKERS) > 0 || [...scan.all(LOOSE_MARKERS)].length > 0;
  out.cue ||=
    out.relative.length > 0 ||
    out.drop.length > 0 ||
    out.allow.length > 0 ||
    out.forget.length > 0 ||
    out.replace ||
    out.add ||
    out.only ||
    out.family ||
    marker;
  out.wishes = scan.kept();
  out.bare = scan.kept((k) => BARE_FILLER.has(scan.norm[k]!));
  return out;
}
