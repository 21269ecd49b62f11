/**
 * parsePreferences: free text -> Preferences. One left-to-right scan over the tokens; at each
 * position the readers are tried in a fixed order (numbers, similar-to titles, people,
 * lexicon phrases) and the first that matches consumes its tokens. Unknown words are skipped,
 * so the parser never fails; it only understands less.
 *
 * Negation ("no", "not too", "without", "anything but", ...) applies to the next item, across
 * filler and up to two unknown words ("no cheesy romance"), and to items that continue it as a
 * list ("no horror, gore or romance"); anything else ends it.
 */
import { audienceAt, audienceSubjectAt, childAgeAt } from './audience.js';
import { Collector } from './collector.js';
import { expandEmoji } from './emoji.js';
import { groupAt } from './names.js';
import { seedSpans } from './seeds.js';
import { matchPhrase, type Entry } from './phrases.js';
import { personAt, similarCueAt, titleAt } from './entities.js';
import { quantityAt, MOVIE_NOUNS } from './quantities.js';
import { isTransparentWord, NegationScope } from './negation.js';
import { tokenize, type Token } from './text.js';
import { negativeSubjectAt } from './verbs.js';
import type { PreferenceCatalog, Preferences } from './types.js';

/** Years used for "recent" and friends when the catalogue does not say how new it is. */
const RECENT_SPAN = 5;
/** Words before a child's age that make the child the audience ("for my 5 year old"). */
const LEAD_INS = new Set(['for', 'with', 'w']);
/** Audience nouns that are children ("2 kids"), as opposed to "2 adults" or "2 teens". */
const CHILD_NOUNS = new Set(['kids', 'kid', 'children', 'child', 'toddlers']);
const OWNERS = new Set(['our', 'my', 'the', 'his', 'her', 'their']);
const CLASSIC_UNTIL = 1979;
const MODERN_FROM = 2000;
const BLACK_AND_WHITE_UNTIL = 1959;
/** "short" means at most this many minutes; "long" at least; "not too long" at most NOT_LONG. */
const SHORT_MAX = 100;
const LONG_MIN = 140;
const NOT_LONG_MAX = 120;
const NOT_SHORT_MIN = 90;
/** "shorter" / "longer" than a model film: by at least this many minutes; never under RELATIVE_FLOOR. */
const RELATIVE_STEP = 15;
const RELATIVE_FLOOR = 75;

const ITEM_NOUNS = new Set([
  ...MOVIE_NOUNS,
  'stuff',
  'content',
  'scenes',
  'crap',
  'junk',
  'nonsense',
  'garbage',
  'ones',
  'pls',
  'please',
  'plz',
  'stuf',
]);

export interface ParseOptions {
  /** The newest year in the catalogue ("recent" = the last few years of it). */
  latestYear?: number | undefined;
}

/** Catalogue look-ups one request may make: fuzzy ones cost ~0.1-0.3 ms each, exact ones ~µs. */
const MAX_FUZZY_LOOKUPS = 12;
const MAX_LOOKUPS = 200;

/**
 * The catalogue behind a per-request budget, so that no input ("like like like ...") can make
 * the parser search titles hundreds of times: past the fuzzy budget look-ups are exact only,
 * past the total budget they find nothing.
 */
function budgeted(catalog: PreferenceCatalog): PreferenceCatalog & { exhausted(): boolean } {
  let fuzzy = MAX_FUZZY_LOOKUPS;
  let total = MAX_LOOKUPS;
  const allow = (opts?: { fuzzy?: boolean }): { fuzzy: boolean } | null => {
    if (total-- <= 0) return null;
    const wantsFuzzy = opts?.fuzzy !== false;
    if (wantsFuzzy && fuzzy > 0) {
      fuzzy--;
      return { fuzzy: true };
    }
    return { fuzzy: false };
  };
  return {
    exhausted: () => total <= 0,
    latestYear: catalog.latestYear,
    findTitles: (phrase, limit, opts) => {
      const o = allow(opts);
      return o ? catalog.findTitles(phrase, limit, o) : [];
    },
    findPeople: (phrase, limit, opts) => {
      const o = allow(opts);
      return o ? catalog.findPeople(phrase, limit, o) : [];
    },
  };
}

export function parsePreferences(text: string, fullCatalog: PreferenceCatalog, opts: ParseOptions = {}): Preferences {
  const catalog = budgeted(fullCatalog);
  const tokens = expandEmoji(tokenize(text));
  const out = new Collector();
  const latest = opts.latestYear ?? catalog.latestYear ?? new Date().getUTCFullYear();
  const neg = new NegationScope();
  const norms = tokens.map((t) => t.norm);
  /** The previous token completed a (possibly negated) item, so a connector continues the list. */
  let afterItem = false;
  /** Role of the person just read, while a list of names may continue. */
  let lastPersonRole: 'actor' | 'director' | null | undefined;
  // titles named before their cue ("toy story vibes", "interstellar but shorter")
  const seeds = catalog.exhausted() ? [] : seedSpans(catalog, tokens);
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    const seed = seeds.length ? seeds.find((s) => s.start === i) : undefined;
    if (seed) {
      if (!neg.take('title')) out.similar(seed.movieId, seed.title);
      neg.end();
      afterItem = false;
      i = seed.end;
      continue;
    }
    const item = (length: number): void => {
      i += length;
      afterItem = true;
      lastPersonRole = undefined;
      // skip the nouns that complete an item ("horror movies", "scary stuff"); after them only
      // "or" / "nor" continue a negated list ("no scary stuff or gore", but "no horror movies,
      // comedy is fine")
      const before = i;
      while (i < tokens.length && ITEM_NOUNS.has(tokens[i]!.norm) && !(tokens[i]!.norm === 'more')) i++;
      if (i > before && tokens[i]?.norm !== 'or' && tokens[i]?.norm !== 'nor') afterItem = false;
    };

    // 0. a child in the audience ("for my 5 year old"): a film for the kids
    const child = childAgeAt(tokens, i);
    if (child > 0) {
      if (LEAD_INS.has(tokens[i - 1]?.norm ?? '') || LEAD_INS.has(tokens[i - 2]?.norm ?? '')) out.mood('for the kids', neg.take('taste'));
      item(child);
      continue;
    }
    // who is watching ("2 kids, 2 adults", "the kids are 8 and 10"): neither count nor genre
    const audience =
      audienceAt(tokens, i) || (audienceSubjectAt(tokens, i, (j) => matchPhrase(tokens, j)?.entry.kind === 'negation') ? 1 : 0);
    if (audience > 0) {
      // "family w 2 kids", "with our 3 children": children brought along are who the film is for
      const leadIn =
        LEAD_INS.has(tokens[i - 1]?.norm ?? '') || (OWNERS.has(tokens[i - 1]?.norm ?? '') && LEAD_INS.has(tokens[i - 2]?.norm ?? ''));
      if (leadIn && CHILD_NOUNS.has(tokens[i + audience - 1]?.norm ?? '')) out.mood('for the kids', neg.take('taste'));
      neg.skip(t);
      afterItem = false;
      i += audience;
      continue;
    }

    // 1. numbers: years, decades, runtimes, counts, star thresholds
    // only a fresh negation bounds years ("nothing before 1980"), not one carried along a list
    const q = quantityAt(tokens, i, neg.isFresh);
    if (q) {
      const negated = neg.take('other');
      // "not from the 80s": a range cannot be excluded, so a negated decade or year is dropped
      if (q.kind === 'years' && !(negated && q.closed)) out.years(q.range, q.closed);
      else if (q.kind === 'runtime') out.runtimeBound(q.range);
      else if (q.kind === 'count') out.prefs.limit = q.value;
      else if (q.kind === 'stars' && q.value >= 3.5) out.prefs.quality = 'highly_rated';
      item(q.length);
      continue;
    }

    // 2. "like Inception", "similar to the matrix"
    // (entities are skipped altogether once the look-up budget is spent)
    const cue = catalog.exhausted() ? 0 : similarCueAt(tokens, i);
    if (cue > 0) {
      const hit = titleAt(catalog, tokens, i + cue);
      if (hit) {
        const negated = neg.take('title');
        if (!negated) out.similar(hit.movieId, hit.title);
        i += cue + hit.length;
        // "like alien or aliens", "like heat, ronin and collateral"
        while (i < tokens.length && isListJoin(tokens, i)) {
          // after a bare comma only an exact title continues the list ("inception, loved it")
          const commaOnly = tokens[i]!.norm === ',' && joinLength(tokens, i) === 1;
          const next = titleAt(catalog, tokens, i + joinLength(tokens, i), { exactOnly: commaOnly });
          if (!next) break;
          if (!negated) out.similar(next.movieId, next.title);
          i += joinLength(tokens, i) + next.length;
        }
        neg.end();
        afterItem = true;
        continue;
      }
    }

    // 3. "nobody here likes westerns": a negative subject reaching a liking verb
    const subject = negativeSubjectAt(norms, i);
    if (subject > 0) {
      neg.cue();
      afterItem = false;
      i += subject;
      continue;
    }

    // 4. lexicon phrases (genres, moods, languages, negation, eras, ...)
    const m = matchPhrase(tokens, i);
    // 5. people; a lexicon word never starts a name, but "with" / "by" do
    if ((!m || m.entry.kind === 'negation' || m.entry.kind === 'connector') && !catalog.exhausted()) {
      // "coen brothers", "the wachowskis": everyone with the surname
      const group = groupAt(catalog, tokens, i);
      if (group) {
        const negated = neg.take('person');
        group.names.forEach((name, k) => out.person(name, group.roles[k] ?? null, negated));
        item(group.length);
        continue;
      }
      const person = personAt(catalog, tokens, i, neg.isFresh);
      if (person && !(m && m.entry.kind === 'negation' && m.length >= person.length)) {
        // "with morgan freeman or denzel washington": a name listed after another takes its role
        const role = person.role ?? (afterItem && lastPersonRole !== undefined ? lastPersonRole : null);
        out.person(person.name, role, neg.take('person'));
        item(person.length);
        lastPersonRole = role;
        continue;
      }
    }
    // 6. "tarantino but not pulp fiction", "not jurassic park or jaws": films to leave out
    if (neg.isFresh && (!m || m.entry.kind === 'connector') && !catalog.exhausted()) {
      const named = titleAt(catalog, tokens, i, { exactOnly: true });
      // "refuses anything w subtitles": "w" is "with" here, not the film "W."
      if (named && !(named.length === 1 && isTransparentWord(tokens[i]!.norm))) {
        neg.take('title');
        out.excludeTitle(named.movieId, named.title);
        i += named.length;
        while (i < tokens.length && isListJoin(tokens, i)) {
          const next = titleAt(catalog, tokens, i + joinLength(tokens, i), { exactOnly: true });
          if (!next) break;
          out.excludeTitle(next.movieId, next.title);
          i += joinLength(tokens, i) + next.length;
        }
        afterItem = true;
        continue;
      }
    }
    if (m) {
      const e = m.entry;
      i += m.length;
      if (e.kind === 'negation') {
        neg.cue();
        afterItem = false;
      } else if (e.kind === 'stop') {
        neg.end();
        afterItem = false;
      } else if (e.kind === 'connector') {
        // a list continues a negation only right after an item
        neg.connector(tokens, i - m.length, afterItem);
      } else if (e.kind !== 'filler') {
        i -= m.length;
        // genres, moods and languages may share one negation ("hates subtitles and war films")
        const taste = e.kind === 'genre' || e.kind === 'mood' || e.kind === 'language' || e.kind === 'foreign';
        apply(out, e, neg.take(taste ? 'taste' : 'other'), latest);
        item(m.length);
      }
      continue;
    }

    // 7. anything else: skip; it ends a negation unless it is a filler word
    neg.skip(t);
    afterItem = false;
    i++;
  }
  resolveRelativeRuntime(out, fullCatalog);
  return out.finish();
}

/**
 * "shorter" / "longer" are short / long, and also shorter / longer than the films named as models
 * by a margin ("like toy story but shorter": under 75 min, not under 100).
 */
function resolveRelativeRuntime(out: Collector, catalog: PreferenceCatalog): void {
  if (!out.relative) return;
  const runtimes = out.prefs.similarTo.map((s) => catalog.runtimeOf?.(s.movieId) ?? null).filter((r): r is number => r !== null && r > 0);
  if (out.relative === 'shorter') {
    // short, and shorter than the model ("like toy story but shorter": under 75 min)
    const max = runtimes.length ? Math.max(RELATIVE_FLOOR, Math.min(SHORT_MAX, Math.min(...runtimes) - RELATIVE_STEP)) : SHORT_MAX;
    out.runtimeBound({ from: null, to: max }, true);
  } else {
    out.runtimeBound({ from: runtimes.length ? Math.max(LONG_MIN, Math.max(...runtimes) + RELATIVE_STEP) : LONG_MIN, to: null }, true);
  }
}

function isListJoin(tokens: readonly Token[], i: number): boolean {
  const w = tokens[i]?.norm;
  return w === ',' || w === 'or' || w === 'and' || w === '&' || w === '/';
}

function joinLength(tokens: readonly Token[], i: number): number {
  // ", or" / ", and"
  if (tokens[i]?.norm === ',' && (tokens[i + 1]?.norm === 'or' || tokens[i + 1]?.norm === 'and')) return 2;
  return 1;
}

function apply(out: Collector, e: Entry, negated: boolean, latest: number): void {
  const p = out.prefs;
  switch (e.kind) {
    case 'genre':
      out.genre(e.genres, negated);
      if (e.language && !negated) p.language = e.language;
      return;
    case 'mood':
      out.mood(e.mood, negated);
      return;
    case 'quality':
      if (!negated) p.quality = e.quality;
      else if (e.quality === 'popular') p.quality = 'hidden_gem';
      return;
    case 'language':
      if (!negated) {
        p.language = e.code;
        if (e.code === 'en') p.foreign = undefined;
      } else if (e.code === 'en') {
        p.foreign = true;
      }
      return;
    case 'foreign':
      if (!negated) {
        p.foreign = true;
        if (p.language === 'en') p.language = null;
      } else {
        p.language = 'en'; // "no subtitles"
        p.foreign = undefined;
      }
      return;
    case 'era': {
      const recentFrom = latest - RECENT_SPAN;
      if (e.era === 'recent') out.years(negated ? { from: null, to: recentFrom - 1 } : { from: recentFrom, to: null }, false, true);
      else if (e.era === 'modern') out.years(negated ? { from: null, to: MODERN_FROM - 1 } : { from: MODERN_FROM, to: null }, false, true);
      else if (e.era === 'black_and_white')
        out.years(negated ? { from: BLACK_AND_WHITE_UNTIL + 1, to: null } : { from: null, to: BLACK_AND_WHITE_UNTIL }, false, true);
      else out.years(negated ? { from: CLASSIC_UNTIL + 1, to: null } : { from: null, to: CLASSIC_UNTIL }, false, true);
      return;
    }
    case 'runtimeWord': {
      const short = e.which === 'short' || e.which === 'shorter';
      if (!negated && (e.which === 'shorter' || e.which === 'longer')) out.relative = e.which;
      else if (short) out.runtimeBound(negated ? { from: NOT_SHORT_MIN, to: null } : { from: null, to: SHORT_MAX }, true);
      else out.runtimeBound(negated ? { from: null, to: NOT_LONG_MAX } : { from: LONG_MIN, to: null }, true);
      return;
    }
    default:
      return;
  }
}
