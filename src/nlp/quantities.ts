/**
 * Numbers in requests: years, decades and ranges ("90s", "from the eighties", "after 2010",
 * "1990-2000"), runtimes ("under 2 hours", "1h30", "less than 100 minutes"), counts ("give me 3",
 * "five comedies") and star thresholds ("4 stars and up"). Each reader looks at a bounded
 * window of tokens from a position and says how many it consumed.
 */
import { DECADE_WORDS, NUMBER_WORDS } from './lexicon.js';
import { matchPhrase, phraseKey } from './phrases.js';
import type { Token } from './text.js';
import { shortYearAt } from './years.js';

export interface Range {
  from: number | null;
  to: number | null;
}

export type Quantity =
  | { kind: 'years'; range: Range; length: number; closed: boolean }
  | { kind: 'runtime'; range: Range; length: number }
  | { kind: 'count'; value: number; length: number }
  | { kind: 'stars'; value: number; length: number };

const MIN_YEAR = 1890;
const MAX_YEAR = 2039;
const MAX_COUNT = 20;

const HOUR_UNITS = new Set(['h', 'hr', 'hrs', 'hour', 'hours', 'hrz', 'houre', 'hous']);
const MINUTE_UNITS = new Set(['m', 'min', 'mins', 'minute', 'minutes', 'minuts', 'minits', 'mns', 'mn']);
const isDurationUnit = (w: string): boolean => HOUR_UNITS.has(w) || MINUTE_UNITS.has(w);
const MOVIE_NOUNS = new Set([
  'movie',
  'movies',
  'film',
  'films',
  'flick',
  'flicks',
  'picks',
  'pick',
  'recommendations',
  'recommendation',
  'recs',
  'rec',
  'suggestions',
  'suggestion',
  'options',
  'ideas',
  'titles',
  'things',
  'choices',
  'more',
  'ones',
  'good',
  'great',
  'new',
  'different',
  'random',
  'other',
  'movis',
  'moveis',
  'moives',
  'flicks',
  'shows',
]);

type Cue = 'max' | 'min' | 'after' | 'since' | 'before' | 'until' | 'from' | 'in' | 'between' | 'around' | 'count';

/** Cue phrases before a quantity, longest first per start word. */
const CUES: Record<string, Cue> = {
  under: 'max',
  'less than': 'max',
  'less then': 'max',
  'lesser than': 'max',
  'shorter than': 'max',
  'shorter then': 'max',
  below: 'max',
  max: 'max',
  maximum: 'max',
  'at most': 'max',
  'no more than': 'max',
  'not more than': 'max',
  'no longer than': 'max',
  'not longer than': 'max',
  'not over': 'max',
  'nothing over': 'max',
  'nothing longer than': 'max',
  'no longer then': 'max',
  within: 'max',
  'up to': 'until',
  'lower than': 'max',
  'fewer than': 'max',
  '<': 'max',
  '< =': 'max',
  'under like': 'max',
  over: 'min',
  'more than': 'min',
  'more then': 'min',
  'longer than': 'min',
  'longer then': 'min',
  'at least': 'min',
  min: 'min',
  minimum: 'min',
  above: 'min',
  '>': 'min',
  'no less than': 'min',
  'no shorter than': 'min',
  after: 'after',
  'made after': 'after',
  'released after': 'after',
  'newer than': 'after',
  'later than': 'after',
  post: 'after',
  since: 'since',
  'from after': 'after',
  before: 'before',
  'made before': 'before',
  'released before': 'before',
  'older than': 'before',
  'earlier than': 'before',
  pre: 'before',
  'prior to': 'before',
  until: 'until',
  till: 'until',
  til: 'until',
  from: 'from',
  'from the': 'from',
  'made in': 'in',
  'released in': 'in',
  'came out in': 'in',
  in: 'in',
  'in the': 'in',
  of: 'in',
  'of the': 'in',
  between: 'between',
  around: 'around',
  about: 'around',
  roughly: 'around',
  approximately: 'around',
  approx: 'around',
  '~': 'around',
  'give me': 'count',
  gimme: 'count',
  'show me': 'count',
  'get me': 'count',
  'find me': 'count',
  'send me': 'count',
  'recommend me': 'count',
  'suggest me': 'count',
  recommend: 'count',
  suggest: 'count',
  top: 'count',
  'the top': 'count',
  list: 'count',
  need: 'count',
  want: 'count',
  'i want': 'count',
  'i need': 'count',
  just: 'count',
  only: 'count',
  'only need': 'count',
  'just need': 'count',
  pick: 'count',
  'pick me': 'count',
  'give us': 'count',
  'show us': 'count',
  'list me': 'count',
};
const MAX_CUE_WORDS = 3;

/** Longest cue at i. */
function cueAt(tokens: readonly Token[], i: number): { cue: Cue; length: number } | undefined {
  for (let n = Math.min(MAX_CUE_WORDS, tokens.length - i); n >= 1; n--) {
    const cue = CUES[phraseKey(tokens, i, n)];
    if (cue) return { cue, length: n };
  }
  return undefined;
}

/** A number at i: digits, or a number word ("three", "a couple of"). */
export function numberAt(tokens: readonly Token[], i: number): { value: number; length: number; digits: boolean } | undefined {
  const t = tokens[i];
  if (!t) return undefined;
  if (t.kind === 'number' && t.value !== undefined && Number.isFinite(t.value)) return { value: t.value, length: 1, digits: true };
  if (t.kind !== 'word') return undefined;
  for (let n = Math.min(3, tokens.length - i); n >= 1; n--) {
    const v = NUMBER_WORDS[phraseKey(tokens, i, n)];
    if (v !== undefined) return { value: v, length: n, digits: false };
  }
  return undefined;
}

function word(tokens: readonly Token[], i: number): string {
  return tokens[i]?.norm ?? '';
}

/** A duration in minutes at i: "2 hours", "90 min", "1h30", "an hour and a half", "1.5 hrs". */
export function durationAt(tokens: readonly Token[], i: number): { minutes: number; length: number } | undefined {
  let j = i;
  let hours: number | undefined;
  if (word(tokens, j) === 'half' && (word(tokens, j + 1) === 'an' || word(tokens, j + 1) === 'a') && HOUR_UNITS.has(word(tokens, j + 2))) {
    return { minutes: 30, length: 3 };
  }
  if ((word(tokens, j) === 'an' || word(tokens, j) === 'a') && HOUR_UNITS.has(word(tokens, j + 1))) {
    hours = 1;
    j += 2;
  } else if (HOUR_UNITS.has(word(tokens, j)) && word(tokens, j) === 'hour' && word(tokens, j + 1) === 'and') {
    hours = 1;
    j += 1;
  } else {
    const n = numberAt(tokens, j);
    if (!n || n.value <= 0 || n.value > 600) return undefined;
    j += n.length;
    // "2 and a half hours"
    let extra = 0;
    if (word(tokens, j) === 'and' && word(tokens, j + 1) === 'a' && word(tokens, j + 2) === 'half' && HOUR_UNITS.has(word(tokens, j + 3))) {
      extra = 0.5;
      j += 3;
    }
    const unit = word(tokens, j);
    if (HOUR_UNITS.has(unit) && n.value <= 10) {
      hours = n.value + extra;
      j += 1;
    } else if (MINUTE_UNITS.has(unit) && extra === 0) {
      // "100 m" is minutes; "100 mins"
      return { minutes: Math.round(n.value), length: j + 1 - i };
    } else {
      return undefined;
    }
  }
  const minutes = Math.round(hours * 60);
  // "1h30", "1 hour 30 minutes", "an hour and a half", "2 hours and 15 min"
  if (word(tokens, j) === 'and' && word(tokens, j + 1) === 'a' && word(tokens, j + 2) === 'half') {
    return { minutes: minutes + 30, length: j + 3 - i };
  }
  let k = j;
  if (word(tokens, k) === 'and') k++;
  const m = tokens[k];
  if (m?.kind === 'number' && m.value !== undefined && m.value < 60 && (k === j ? m.attached : true)) {
    const after = word(tokens, k + 1);
    if (MINUTE_UNITS.has(after)) return { minutes: minutes + m.value, length: k + 2 - i };
    if (k === j && m.attached) return { minutes: minutes + m.value, length: k + 1 - i };
  }
  // "an hour 45", "2 hours 15 max": a bare number under 60 right after the hours is minutes,
  // unless a noun claims it ("2 hours, 3 movies")
  if (
    k === j &&
    m?.kind === 'number' &&
    m.value !== undefined &&
    Number.isInteger(m.value) &&
    m.value > 0 &&
    m.value < 60 &&
    !claimedByNoun(tokens[k + 1])
  ) {
    return { minutes: minutes + m.value, length: k + 1 - i };
  }
  return { minutes, length: j - i };
}

/** A genre or mood word at i ("comedies", "thrillers", "feel good"). */
function isTasteWord(tokens: readonly Token[], i: number): boolean {
  const kind = matchPhrase(tokens, i)?.entry.kind;
  return kind === 'genre' || kind === 'mood';
}

/** A movie noun or a taste word within `span` words after i ("one good movie", "one comedy"). */
function nounWithin(tokens: readonly Token[], i: number, span: number): boolean {
  for (let k = i; k < i + span && k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind !== 'word') return false;
    if ((MOVIE_NOUNS.has(t.norm) && t.norm !== 'more' && t.norm !== 'good' && t.norm !== 'great') || isTasteWord(tokens, k)) return true;
  }
  return false;
}

/** A word after a number that makes the number its count ("3 movies", "5 comedies", "2 stars"). */
function claimedByNoun(t: Token | undefined): boolean {
  if (!t || t.kind !== 'word') return false;
  if (MOVIE_NOUNS.has(t.norm) || t.norm === 'stars' || t.norm === 'star' || HOUR_UNITS.has(t.norm)) return true;
  return t.norm.length > 3 && t.norm.endsWith('s') && !t.possessive;
}

/** A decade at i: "90s", "1990s", "the eighties", "early 2000s", "mid-70s". */
export function decadeAt(tokens: readonly Token[], i: number): { range: Range; length: number } | undefined {
  let j = i;
  if (word(tokens, j) === 'the') j++;
  let part: 'early' | 'mid' | 'late' | null = null;
  const p = word(tokens, j);
  if (p === 'early' || p === 'mid' || p === 'late' || p === 'middle') {
    part = p === 'middle' ? 'mid' : p;
    j++;
    if (word(tokens, j) === 'the') j++;
  }
  let start: number | undefined;
  const t = tokens[j];
  if (t?.kind === 'number' && t.value !== undefined && Number.isInteger(t.value) && t.value % 10 === 0) {
    const s = tokens[j + 1];
    if (s && s.attached && (s.norm === 's' || s.norm === 'ies')) {
      if (t.norm.length === 2) start = t.value >= 30 ? 1900 + t.value : t.value === 0 ? 2000 : t.value === 10 ? 2010 : 1900 + t.value;
      else if (t.norm.length === 4 && t.value >= MIN_YEAR && t.value <= MAX_YEAR) start = t.value;
      if (start !== undefined) j += 2;
    }
  }
  if (start === undefined) {
    for (let n = 2; n >= 1; n--) {
      const d = DECADE_WORDS[phraseKey(tokens, j, n)];
      if (d !== undefined && j + n <= tokens.length) {
        start = d;
        j += n;
        break;
      }
    }
  }
  if (start === undefined) return undefined;
  const range: Range =
    part === 'early'
      ? { from: start, to: start + 3 }
      : part === 'mid'
        ? { from: start + 3, to: start + 6 }
        : part === 'late'
          ? { from: start + 6, to: start + 9 }
          : { from: start, to: start + 9 };
  return { range, length: j - i };
}

/** A single year at i ("1995"), not a runtime or a count. */
function yearAt(tokens: readonly Token[], i: number): number | undefined {
  const t = tokens[i];
  if (t?.kind === 'number' && t.norm.length === 2 && !(tokens[i + 1]?.attached && tokens[i + 1]?.norm === 's'))
    return shortYearAt(tokens, i, isDurationUnit);
  if (t?.kind !== 'number' || t.value === undefined || !Number.isInteger(t.value) || t.norm.length !== 4) return undefined;
  if (t.value < MIN_YEAR || t.value > MAX_YEAR) return undefined;
  const next = word(tokens, i + 1);
  if (HOUR_UNITS.has(next) || MINUTE_UNITS.has(next)) return undefined;
  return t.value;
}

/** A year or a decade at i, as a range. */
function periodAt(tokens: readonly Token[], i: number): { range: Range; length: number; decade: boolean } | undefined {
  const d = decadeAt(tokens, i);
  if (d) return { ...d, decade: true };
  let j = i;
  if (word(tokens, j) === 'the' && yearAt(tokens, j + 1) === undefined) return undefined;
  if (word(tokens, j) === 'the') j++;
  const y = yearAt(tokens, j);
  if (y === undefined) return undefined;
  return { range: { from: y, to: y }, length: j + 1 - i, decade: false };
}

/** Verbs before a rough duration that make it the time someone has ("got about 2 hours"). */
const AVAILABLE = new Set(['got', 'have', 'has', 'had', 'only', 'just', 'gotten']);

const LATER = [
  'or later',
  'and later',
  'or newer',
  'and newer',
  'onwards',
  'onward',
  'on',
  'and up',
  'or after',
  'and after',
  'plus',
  '+',
  'and beyond',
];
const EARLIER = ['or earlier', 'and earlier', 'or older', 'and older', 'or before', 'and before'];
const LESS = ['or less', 'or shorter', 'or under', 'max', 'tops', 'at most', 'at the most', 'or so max'];
const MORE = ['or more', 'or longer', 'plus', '+', 'at least', 'or over'];

function tailIn(tokens: readonly Token[], i: number, list: readonly string[]): number {
  for (const phrase of list) {
    const n = phrase.split(' ').length;
    if (i + n <= tokens.length && phraseKey(tokens, i, n) === phrase) return n;
  }
  return 0;
}

function isRangeJoin(w: string): boolean {
  return (
    w === 'and' || w === 'to' || w === '-' || w === 'till' || w === 'until' || w === 'thru' || w === 'through' || w === 'or' || w === '/'
  );
}

/**
 * A quantity starting at i, with an optional cue before it. `negated` flips bounds where a
 * person would ("nothing before 1980" = from 1980).
 */
export function quantityAt(tokens: readonly Token[], i: number, negated: boolean): Quantity | undefined {
  const cue = cueAt(tokens, i);
  const start = cue ? i + cue.length : i;
  const c = cue?.cue;

  // years and decades
  const period = periodAt(tokens, start);
  if (period && c !== 'max' && c !== 'min' && c !== 'count') {
    let j = start + period.length;
    let range: Range = { ...period.range };
    let closed = true;
    // "between 1990 and 2000", "1990-2000", "from the 80s to the 90s", "80s or 90s"
    if (isRangeJoin(word(tokens, j)) || (tokens[j]?.attached && tokens[j]?.kind === 'number')) {
      const joinLen = isRangeJoin(word(tokens, j)) ? 1 : 0;
      const second = periodAt(tokens, j + joinLen);
      if (second && (word(tokens, j) !== 'or' || second.decade === period.decade)) {
        range = { from: Math.min(range.from!, second.range.from!), to: Math.max(range.to!, second.range.to!) };
        j += joinLen + second.length;
      }
    }
    let bound: 'from' | 'to' | null = null;
    if (c === 'after') bound = 'from';
    else if (c === 'since') bound = 'from';
    else if (c === 'before') bound = 'to';
    else if (c === 'until') bound = 'to';
    // a tail only counts where the cue leaves the bound open ("after 1999 and before 2010" is two bounds)
    const later = !c || c === 'from' || c === 'in' || c === 'since' ? tailIn(tokens, j, LATER) : 0;
    const earlier = later || !(!c || c === 'from' || c === 'in') ? 0 : tailIn(tokens, j, EARLIER);
    if (later) {
      j += later;
      bound = 'from';
      range = { from: period.range.from, to: null };
    } else if (earlier) {
      j += earlier;
      bound = 'to';
      range = { from: null, to: period.range.to };
    }
    if (bound !== null && !later && !earlier) {
      // after 2010 -> 2011 on; before 1980 -> up to 1979; since/until include the year
      if (c === 'after') range = { from: period.range.to! + 1, to: null };
      else if (c === 'since') range = { from: period.range.from, to: null };
      else if (c === 'before') range = { from: null, to: period.range.from! - 1 };
      else range = { from: null, to: period.range.to };
    }
    if (negated && bound !== null) {
      // "nothing before 1980" -> from 1980; "nothing after 2000" -> up to 2000
      range = range.from !== null && range.to === null ? { from: null, to: range.from - 1 } : { from: (range.to ?? 0) + 1, to: null };
    }
    closed = range.from !== null && range.to !== null;
    return { kind: 'years', range, length: j - i, closed };
  }

  // runtimes
  if (c !== 'after' && c !== 'before' && c !== 'since' && c !== 'in' && c !== 'count') {
    const d = durationAt(tokens, start);
    if (d) {
      let j = start + d.length;
      let range: Range;
      if (c === 'between' && isRangeJoin(word(tokens, j))) {
        const second = durationAt(tokens, j + 1);
        if (second) {
          return {
            kind: 'runtime',
            range: { from: Math.min(d.minutes, second.minutes), to: Math.max(d.minutes, second.minutes) },
            length: j + 1 + second.length - i,
          };
        }
      }
      if (c === 'min') range = { from: d.minutes, to: null };
      // "we've got about 2 hours": the time someone has is a most, however rough
      else if (c === 'around' && !AVAILABLE.has(word(tokens, i - 1))) range = { from: Math.max(0, d.minutes - 15), to: d.minutes + 15 };
      else range = { from: null, to: d.minutes };
      // "2 hrs long", "90 min runtime": the word only restates that this is a length
      j += tailIn(tokens, j, ['long', 'in length', 'runtime', 'run time', 'length']);
      const less = tailIn(tokens, j, LESS);
      const more = less ? 0 : tailIn(tokens, j, MORE);
      if (less) {
        j += less;
        range = { from: null, to: d.minutes };
      } else if (more) {
        j += more;
        range = { from: d.minutes, to: null };
      }
      return { kind: 'runtime', range, length: j - i };
    }
    // "between 90 and 120 minutes", "90-120 min", "under 90" (minutes implied by the cue)
    const n = numberAt(tokens, start);
    if (n && n.digits && (c === 'between' || c === undefined) && isRangeJoin(word(tokens, start + 1))) {
      const second = durationAt(tokens, start + 2);
      if (second && MINUTE_UNITS.has(word(tokens, start + 3)) && n.value >= 30 && n.value < second.minutes) {
        return { kind: 'runtime', range: { from: n.value, to: second.minutes }, length: start + 2 + second.length - i };
      }
    }
    if (n && n.digits && (c === 'max' || c === 'min') && n.value >= 40 && n.value <= 300 && !yearAt(tokens, start)) {
      const next = word(tokens, start + 1);
      if (next !== 'stars' && next !== 'star' && next !== 'movies' && next !== 'films') {
        const range: Range = c === 'max' ? { from: null, to: n.value } : { from: n.value, to: null };
        return { kind: 'runtime', range, length: start + 1 - i };
      }
    }
  }

  // star thresholds: "4 stars and up", "rated 8/10 or more"
  const s = numberAt(tokens, start);
  if (s && s.digits) {
    const next = word(tokens, start + 1);
    // "5 stars to whoever finds me a mystery", "4 stars for heat": a rating given, not a threshold
    const given = word(tokens, start + 2) === 'to' || word(tokens, start + 2) === 'for';
    if ((next === 'stars' || next === 'star' || next === '★') && given) return { kind: 'stars', value: 0, length: start + 2 - i };
    if (next === 'stars' || next === 'star' || next === '★') {
      let j = start + 2;
      j += tailIn(tokens, j, ['and up', 'or more', 'or higher', 'and above', 'plus', '+']);
      return { kind: 'stars', value: s.value, length: j - i };
    }
    if (next === '/' && (word(tokens, start + 2) === '10' || word(tokens, start + 2) === '5')) {
      const scale = Number(word(tokens, start + 2));
      let j = start + 3;
      j += tailIn(tokens, j, ['and up', 'or more', 'or higher', 'and above', 'plus', '+']);
      return { kind: 'stars', value: (s.value / scale) * 5, length: j - i };
    }
  }

  // counts: "give me 3", "top 5", "3 movies", "five comedies"
  const n = numberAt(tokens, start);
  if (
    n &&
    n.value >= 1 &&
    Number.isInteger(n.value) &&
    (c === 'count' ? n.value < 1000 : n.value <= 50) &&
    !(n.digits && tokens[start]!.norm.length > 2 && c !== 'count')
  ) {
    const after = tokens[start + n.length];
    const next = after?.norm ?? '';
    const unitNext =
      HOUR_UNITS.has(next) || MINUTE_UNITS.has(next) || next === 'stars' || next === 'star' || (after?.attached && next === 's');
    if (!unitNext) {
      // "five comedies", "3 thrillers": a plural genre or mood right after the number ("5 times",
      // "one hates" are no count)
      const pluralNext =
        after?.kind === 'word' &&
        after.norm.endsWith('s') &&
        after.norm.length > 3 &&
        !after.possessive &&
        isTasteWord(tokens, start + n.length);
      // "i want one", "give me one": the word "one" stands for a film already named, not a count
      const pronoun = !n.digits && n.value === 1 && !nounWithin(tokens, start + n.length, 3);
      if (pronoun) return undefined;
      if (c === 'count' || MOVIE_NOUNS.has(next) || pluralNext) {
        return { kind: 'count', value: Math.min(n.value, MAX_COUNT), length: start + n.length - i };
      }
      // "3 scary movies", "5 good horror films": a number, up to two words, then a movie noun
      for (let k = 1; k <= 3; k++) {
        const w = tokens[start + n.length + k];
        if (!w || w.kind !== 'word') break;
        if (MOVIE_NOUNS.has(w.norm) && w.norm !== 'more') {
          return { kind: 'count', value: Math.min(n.value, MAX_COUNT), length: start + n.length - i };
        }
      }
    }
  }
  return undefined;
}

export { MOVIE_NOUNS };
