/**
 * Ratings in free text: "rate heat 4", "I'd give The Matrix 5 stars", "heat 4/5", "4 stars for
 * heat", "fargo was mid, 2.5", "loved heat, 5 stars". A sentence that only looks like one ("give
 * me 5 thrillers from 2012", "rated everything you showed me", "the kids are 8 and 10") is none.
 */
import type { DetectedIntent, IntentRule } from '../../nlp/intent.js';
import { isStarSymbol, phraseAt, slice, titleOrUndefined, type Words } from '../../nlp/intent-text.js';
import { phraseKey } from '../../nlp/phrases.js';
import { tokenize } from '../../nlp/text.js';
import { titleClauseEnd, withoutTrailingChatter } from '../../nlp/title-clause.js';

export const RATE_VERBS = [
  'rate',
  'rating',
  'i rate',
  'i would rate',
  'id rate',
  'i d rate',
  'i would give',
  'id give',
  'i d give',
  'i give',
  'give',
  'i rated',
  'rated',
  'score',
  'i score',
  'gave',
  'i gave',
  'id give it',
  'i d give it',
];

const STAR_WORDS: Record<string, number> = { zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, half: 0.5 };

/** Stars at the end of a rate request: "4.5", "4 stars", "four and a half", "8/10", "★★★★". */
function starsAtEnd(tokens: Words): { value: number; at: number; num: number } | undefined {
  let b = tokens.length;
  const w = (k: number) => tokens[k]?.norm ?? '';
  // trailing "stars", "/5", "out of 5", "/10"
  let scale = 5;
  // "5 stars easily", "a 4 tbh": a comment after the stars
  while (b > 1 && STAR_TRAILERS.has(w(b - 1))) b--;
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

/** Comments after the stars ("5 stars easily", "a 4 tbh"). */
const STAR_TRAILERS = new Set([
  'easily',
  'easy',
  'tbh',
  'honestly',
  'imo',
  'lol',
  'haha',
  'probably',
  'prob',
  'maybe',
  'ish',
  'atleast',
  'minimum',
]);

/** Words between a title and its stars ("a solid 4", "like 4.5", ": 5"). */
const STAR_LEAD_INS = new Set([
  'a',
  'an',
  ':',
  '-',
  'with',
  'at',
  'like',
  'solid',
  'strong',
  'easy',
  'generous',
  'weak',
  'about',
  'maybe',
  'probably',
  'prob',
  'around',
  'roughly',
  'honestly',
  'tbh',
  'its',
  'it',
  'is',
  'was',
  'a solid',
  'an easy',
  'just',
  'only',
  'even',
  'straight',
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
  let end = t.length;
  for (let k = from + 1; k < t.length; k++) {
    if (t[k]!.kind === 'punct' || VERDICT_VERBS.has(t[k]!.norm)) {
      end = k;
      break;
    }
  }
  // "watched heat last night, 4 stars": when it was watched is not part of the title
  end = withoutTrailingChatter(t, from, end);
  if (end <= from) return undefined;
  return title.slice(from > 0 ? t[from]!.start : 0, end < t.length ? t[end]!.start : title.length).trim();
}

const RATING_VERB_WORDS = new Set(['give', 'gave', 'rate', 'rated', 'id', 'd']);
/** Words of a clause that only gives stars: "id give it a 4.5", "gave it 3", "i'd rate it 4/5". */
const RATING_CLAUSE_WORDS = new Set([
  'i',
  'id',
  'd',
  'would',
  'wd',
  'give',
  'gave',
  'it',
  'rate',
  'rated',
  'ill',
  'say',
  'definitely',
  'def',
  'prob',
  'so',
  'and',
  'that',
  'thats',
]);

/**
 * "watched the departed last night, id give it a 4.5", "saw heat yesterday, gave it 3": a title
 * clause, then a clause that only gives stars. The title clause may start with a viewing verb.
 */
function titleThenStars(text: string, t: Words): DetectedIntent | undefined {
  const k = titleClauseEnd(t, 0);
  if (k >= t.length) return undefined;
  let j = k;
  while (j < t.length && t[j]!.kind === 'punct') j++;
  const tail = t.slice(j);
  const stars = starsAtEnd(tail);
  if (!plausible(stars) || !tail.slice(0, stars.at).every((x) => RATING_CLAUSE_WORDS.has(x.norm))) return undefined;
  // a bare number after a comma is no rating ("a comedy, 3 please" asks for three): the clause
  // needs a rating verb or a star unit
  const unit = tail.slice(stars.num + 1).some((x) => x.norm === 'stars' || x.norm === 'star' || x.norm === '/' || isStarSymbol(x.norm));
  if (!unit && !tail.some((x) => RATING_VERB_WORDS.has(x.norm)) && !isStarSymbol(tail[tail.length - 1]!.norm)) return undefined;
  const title = titleOrUndefined(cleanRatedTitle(slice(text, t, 0, k)));
  return title ? { command: 'rate', args: { title, stars: stars.value } } : undefined;
}

/** Verbs before a title someone watched ("loved heat, 5 stars"). */
const VIEWING_VERBS = [
  'loved',
  'liked',
  'hated',
  'enjoyed',
  'disliked',
  'watched',
  'saw',
  'seen',
  'just',
  'finally',
  'finished',
  'rewatched',
  'i',
  'ive',
  'we',
  'really',
  'totally',
  'also',
];
/** Verbs between a title and its verdict ("heat was great", "the matrix deserves a 5"). */
const VERDICT_VERBS = new Set(['was', 'is', 'deserves', 'gets', 'earns', 'scores', 'merits', 'get']);

/** Rate verbs that are the command itself; the others ("gave", "i'd give") are statements without stars. */
const IMPERATIVE_RATE = new Set(['rate', 'rating', 'score']);
/** Words that are never the title a rating is for ("5 stars to whoever finds me a mystery"). */
const NOT_TITLES = new Set([
  'whoever',
  'anyone',
  'anybody',
  'someone',
  'somebody',
  'you',
  'u',
  'everyone',
  'everybody',
  'whoever',
  'the',
  'me',
]);

/** Stars a sentence may give without the rate command: 0 to 5 ("from 2015", "theyre 8 and 10" are none). */
function plausible(stars: { value: number } | undefined): stars is { value: number; at: number; num: number } {
  return stars !== undefined && stars.value >= 0 && stars.value <= 5;
}

export function rateIntent(text: string, t: Words): DetectedIntent | undefined {
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
  const clauses = titleThenStars(text, t);
  if (clauses) return clauses;
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

export const rateIntents: IntentRule[] = [{ stage: 100, detect: ({ text, words }) => rateIntent(text, words) }];
