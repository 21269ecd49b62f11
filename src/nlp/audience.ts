/**
 * Who is watching, said in passing: "(2 kids, 2 adults)", "4 of us tonight", "the kids are 8
 * and 10", "my kids are finally asleep", "we're all in our 30s". These words describe the audience, not the films: the
 * numbers are no count or rating and the kids are no Children genre by themselves ("for the
 * kids" and "kids movie" still are, through the lexicon). The parser skips these spans.
 */
import { NUMBER_WORDS } from './lexicon.js';
import type { Token } from './text.js';

/** Nouns for people in an audience. */
const PEOPLE = new Set([
  'kids',
  'kid',
  'children',
  'child',
  'adults',
  'adult',
  'people',
  'persons',
  'friends',
  'guys',
  'girls',
  'boys',
  'teens',
  'teenagers',
  'grownups',
  'parents',
  'folks',
  'ppl',
  'peeps',
  'toddlers',
  'couples',
  'ladies',
  'gals',
  'dudes',
  'mates',
  'buddies',
]);
/**
 * Words that make the audience noun before them the subject of a clause about something else
 * ("the kids are asleep", "the kids have seen it"), not a genre. Wishes keep the genre: "my kids
 * want a cartoon" is still a film for kids.
 */
const VERBS_AFTER = new Set([
  'are',
  'is',
  'r',
  'were',
  'was',
  'have',
  'has',
  'had',
  'fell',
  'went',
  'got',
  'asleep',
  'finally',
  'will',
  'can',
  'cant',
  'keep',
  'just',
  'already',
  'both',
  'all',
  'say',
  'said',
  'watched',
  'saw',
  'seen',
  'aged',
  'ages',
  'age',
  'arent',
  'wont',
  'would',
  'could',
  'should',
  'might',
  'go',
  'hate',
  'hated',
  'dont',
  'didnt',
  'get',
  'left',
  'gone',
  'away',
  'out',
  'in',
  'at',
  'asleep',
]);
/** Words before an age ("the kids are 8 and 10", "aged 6"). */
const AGE_CUES = new Set(['are', 'is', 'r', 'theyre', 'aged', 'ages', 'age', 'both', 'were', 'turned', 'turning', 'im', 'shes', 'hes']);
const AGE_JOINS = new Set(['and', ',', '&', '-', 'to', 'or']);
const MAX_AGE = 19;

function small(t: Token | undefined): number | undefined {
  if (!t) return undefined;
  const v = t.kind === 'number' ? t.value : NUMBER_WORDS[t.norm];
  return v !== undefined && Number.isInteger(v) && v >= 0 && v <= 99 ? v : undefined;
}

/** Ages up to this are a child's: "for my 5 year old" is a film for the kids. */
const CHILD_AGE = 12;
const AGE_UNITS = ['year old', 'years old', 'yr old', 'yrs old', 'year olds', 'yo', 'y o'];

/**
 * "for my 5 year old", "with our 8yo": a child in the audience. Returns the tokens covered from
 * the number on (0 when none); the caller reads it as "for the kids" when "for"/"with" leads in.
 */
export function childAgeAt(tokens: readonly Token[], i: number): number {
  const a = small(tokens[i]);
  if (a === undefined || a > CHILD_AGE) return 0;
  for (const unit of AGE_UNITS) {
    const words = unit.split(' ');
    if (words.every((w, k) => tokens[i + 1 + k]?.norm === w)) return 1 + words.length;
  }
  return 0;
}

/** Possessives before a decade that make it someone's age ("in our 30s", "my mid 40s"), not films'. */
const AGE_OWNERS = new Set(['our', 'my', 'their', 'his', 'her', 'your', 'ur', 'both']);
const DECADE_PARTS = new Set(['early', 'mid', 'late', 'middle']);

/** "our 30s", "their late twenties", "my mid-40s": the age of people in the audience. Tokens covered, 0 when none. */
function peopleDecadeAt(tokens: readonly Token[], i: number): number {
  if (!AGE_OWNERS.has(tokens[i]?.norm ?? '')) return 0;
  let j = i + 1;
  if (DECADE_PARTS.has(tokens[j]?.norm ?? '')) j++;
  const t = tokens[j];
  if (t?.kind === 'number' && t.norm.length === 2 && t.value !== undefined && t.value % 10 === 0 && t.value >= 10) {
    const s = tokens[j + 1];
    return s?.attached && s.norm === 's' ? j + 2 - i : 0;
  }
  return t && DECADE_AGE_WORDS.has(t.norm) ? j + 1 - i : 0;
}
const DECADE_AGE_WORDS = new Set(['teens', 'twenties', 'thirties', 'forties', 'fifties', 'sixties', 'seventies', 'eighties', 'nineties']);

/** Tokens of an audience span starting at i (0 when none). */
export function audienceAt(tokens: readonly Token[], i: number): number {
  const t = tokens[i];
  if (!t) return 0;
  const ages = peopleDecadeAt(tokens, i);
  if (ages > 0) return ages;
  // "2 kids", "two adults", "4 of us", "3 of my friends"
  const n = small(t);
  if (n !== undefined && n <= 30) {
    const next = tokens[i + 1]?.norm;
    if (next !== undefined && PEOPLE.has(next)) return 2;
    if (next === 'of' && (tokens[i + 2]?.norm === 'us' || tokens[i + 2]?.norm === 'them')) return 3;
    if (next === 'of' && tokens[i + 2]?.norm === 'my' && PEOPLE.has(tokens[i + 3]?.norm ?? '')) return 4;
  }
  // "are 8 and 10", "aged 6-9", "theyre 8 and 10": ages, up to a teenager's
  if (AGE_CUES.has(t.norm)) {
    let j = i + 1;
    let ages = 0;
    for (;;) {
      const a = small(tokens[j]);
      if (a === undefined || a > MAX_AGE || tokens[j]!.norm.length > 2) break;
      ages++;
      j++;
      if (AGE_JOINS.has(tokens[j]?.norm ?? '') && small(tokens[j + 1]) !== undefined) j++;
      else break;
    }
    if (ages > 0) {
      // "8 years old", "10 yo"
      if (tokens[j]?.norm === 'years' && tokens[j + 1]?.norm === 'old') j += 2;
      else if (tokens[j]?.norm === 'yo' || tokens[j]?.norm === 'yrs') j++;
      return j - i;
    }
  }
  return 0;
}

/** Is the audience noun at i the subject of a clause ("the kids are asleep") rather than a genre? */
export function audienceSubjectAt(tokens: readonly Token[], i: number, negativeVerbAt: (j: number) => boolean): boolean {
  const t = tokens[i];
  if (!t || (t.norm !== 'kids' && t.norm !== 'children' && t.norm !== 'kid')) return false;
  // "the kids are asleep", "the kids despise musicals"
  return VERBS_AFTER.has(tokens[i + 1]?.norm ?? '') || negativeVerbAt(i + 1);
}
