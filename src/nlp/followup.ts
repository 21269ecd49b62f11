/**
 * Follow-ups: a message after a list either refines the request behind it ("something
 * shorter", "no horror", "harrison ford instead", "any year is fine"), starts over ("something
 * completely different", "forget that. a comedy"), or is a new request of its own. Pure: the
 * parser is passed in, and the list shown is given as the facts relative wishes need.
 *
 * The rule (followUpKind):
 *  1. no earlier request: new;
 *  2. a restart cue: restart (with the wishes after the cue, or none: "something different");
 *  3. any follow-up cue (relative, drop, allow, forget, instead, too, only, "same but", "ones"): refine;
 *  4. nothing understood: new (a bare "recommend");
 *  5. a request of its own: it opens like one ("give me", "any good ...") or it names a genre
 *     together with another kind of wish ("a comedy from the 90s"), or a film to be like: new;
 *  6. otherwise (a wish or two of some kinds: "in french", "with denzel", "a drama"): refine.
 */
import { followUpSignals, type FollowUpSignals, type Relative, type WishKind } from './followup-cues.js';
import { MOODS } from './lexicon.js';
import { emptyPreferences, type PersonPreference, type Preferences } from './types.js';

export type FollowUpKind = 'new' | 'refine' | 'restart';

/** The facts of the list shown that relative wishes are measured against. */
export interface ShownFacts {
  years: readonly (number | null | undefined)[];
  runtimes: readonly (number | null | undefined)[];
}

export interface FollowUp {
  kind: FollowUpKind;
  /** The effective request after this message. */
  request: Preferences;
  /** A restart that named nothing new ("something completely different"). */
  different: boolean;
  /** The relative wishes it made ("shorter", "older"): other films than the ones shown, then. */
  relative: Relative[];
}

/** "lighter" is a mood of its own here (the lexicon folds it into "funnier"). */
const LIGHTER = { boost: ['Comedy'], keywords: ['feel-good', 'funny', 'lighthearted'] };
/** A new mood clears the moods it contradicts. */
const OPPOSITES: Record<string, readonly string[]> = {
  lighter: ['dark', 'sad', 'intense', 'gory', 'violent', 'scarier', 'slow burn'],
  funnier: ['dark', 'sad'],
  'feel-good': ['dark', 'sad'],
  relaxing: ['intense', 'dark', 'scarier'],
  dark: ['feel-good', 'funnier', 'lighter', 'relaxing'],
  sad: ['feel-good', 'funnier', 'lighter'],
  scarier: ['feel-good', 'relaxing', 'lighter', 'for the kids'],
  intense: ['relaxing', 'lighter'],
};
/** Defaults when the list shown says nothing about a relative wish (no runtimes known). */
const SHORT_MAX = 100;
const LONG_MIN = 140;

const uniq = <T>(xs: readonly T[]): T[] => [...new Set(xs)];
const without = <T>(xs: readonly T[], drop: readonly T[]): T[] => xs.filter((x) => !drop.includes(x));

function clone(p: Preferences): Preferences {
  return structuredClone(p);
}

function moodDef(name: string): { genres?: readonly string[]; boost?: readonly string[]; keywords: readonly string[] } | undefined {
  return name === 'lighter' ? LIGHTER : MOODS[name];
}

/** Genres the moods of a request require ("for the kids" -> Children). */
function impliedGenres(moods: readonly string[]): string[] {
  return uniq(moods.flatMap((m) => [...(moodDef(m)?.genres ?? [])]));
}

/** Genres the user named themselves, not through a mood. */
export function explicitGenres(p: Preferences): string[] {
  return without(p.genres.include, impliedGenres(p.moods));
}

function hasAny(p: Preferences): boolean {
  return (
    p.genres.include.length > 0 ||
    p.genres.exclude.length > 0 ||
    p.years !== null ||
    p.people.length > 0 ||
    p.runtime !== null ||
    p.language !== null ||
    Boolean(p.foreign) ||
    p.similarTo.length > 0 ||
    p.moods.length > 0 ||
    (p.excludeMoods?.length ?? 0) > 0 ||
    Boolean(p.quality) ||
    p.limit !== null
  );
}

/** How many kinds of positive wish besides genres: years, people, runtime, language, moods. */
function otherKinds(p: Preferences): number {
  return [
    p.years !== null,
    p.people.some((x) => !x.exclude),
    p.runtime !== null,
    p.language !== null || Boolean(p.foreign),
    p.moods.length > 0,
  ].filter(Boolean).length;
}

/** The rule in the header, on the cues and the parse of the message. */
export function followUpKind(
  signals: Pick<FollowUpSignals, 'restart' | 'cue' | 'requestVerb'>,
  parsed: Preferences,
  hasPrevious: boolean,
): FollowUpKind {
  if (!hasPrevious) return 'new';
  if (signals.restart) return 'restart';
  if (signals.cue) return 'refine';
  if (!hasAny(parsed)) return 'new';
  if (signals.requestVerb || parsed.similarTo.length > 0) return 'new';
  if (explicitGenres(parsed).length > 0 && otherKinds(parsed) > 0) return 'new';
  return 'refine';
}

function dropKind(p: Preferences, kind: WishKind): void {
  switch (kind) {
    case 'genres':
      p.genres.include = impliedGenres(p.moods);
      break;
    case 'years':
      p.years = null;
      break;
    case 'runtime':
      p.runtime = null;
      break;
    case 'language':
      p.language = null;
      delete p.foreign;
      break;
    case 'people':
      p.people = [];
      break;
    case 'limit':
      p.limit = null;
      break;
    case 'moods':
      p.moods = [];
      break;
  }
}

/** Take out of `p` every wish `named` names, on either side (forget X). */
function forgetWishes(p: Preferences, named: Preferences): void {
  p.genres.include = without(p.genres.include, [...named.genres.include, ...named.genres.exclude]);
  p.genres.exclude = without(p.genres.exclude, [...named.genres.include, ...named.genres.exclude]);
  const names = named.people.map((x) => x.name);
  p.people = p.people.filter((x) => !names.includes(x.name));
  p.moods = without(p.moods, [...named.moods, ...(named.excludeMoods ?? [])]);
  p.excludeMoods = without(p.excludeMoods ?? [], [...named.moods, ...(named.excludeMoods ?? [])]);
  const seeds = named.similarTo.map((s) => s.movieId);
  p.similarTo = p.similarTo.filter((s) => !seeds.includes(s.movieId));
  if (named.years) p.years = null;
  if (named.runtime) p.runtime = null;
  if (named.language) p.language = null;
}

/** Exclusions `named` names no longer apply ("war is fine too"). */
function allowWishes(p: Preferences, named: Preferences): void {
  const genres = [...named.genres.include, ...named.genres.exclude];
  p.genres.exclude = without(p.genres.exclude, genres);
  const moods = [...named.moods, ...(named.excludeMoods ?? [])];
  p.excludeMoods = without(p.excludeMoods ?? [], moods);
  const names = named.people.map((x) => x.name);
  p.people = p.people.filter((x) => !(x.exclude && names.includes(x.name)));
}

const known = (xs: readonly (number | null | undefined)[]): number[] =>
  xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));

/** `fallback`: the parser's absolute reading ("older" = before 1980), used when nothing was shown to compare with. */
function applyRelative(p: Preferences, relative: Relative, shown: ShownFacts, fallback: Preferences): void {
  const years = known(shown.years);
  const runtimes = known(shown.runtimes);
  switch (relative) {
    case 'shorter': {
      const below = runtimes.length ? Math.min(...runtimes) - 1 : p.runtime?.max != null ? p.runtime.max - 15 : SHORT_MAX;
      p.runtime = { min: p.runtime?.min != null && p.runtime.min <= below ? p.runtime.min : null, max: Math.max(1, below) };
      break;
    }
    case 'longer': {
      const above = runtimes.length ? Math.max(...runtimes) + 1 : p.runtime?.min != null ? p.runtime.min + 15 : LONG_MIN;
      p.runtime = { min: above, max: p.runtime?.max != null && p.runtime.max >= above ? p.runtime.max : null };
      break;
    }
    case 'older': {
      const before = years.length ? Math.min(...years) - 1 : p.years?.from != null ? p.years.from - 1 : null;
      if (before !== null) p.years = { from: null, to: before };
      else if (fallback.years) p.years = fallback.years;
      break;
    }
    case 'newer': {
      const after = years.length ? Math.max(...years) + 1 : p.years?.to != null ? p.years.to + 1 : null;
      if (after !== null) p.years = { from: after, to: null };
      else if (fallback.years) p.years = fallback.years;
      break;
    }
    case 'lighter':
      addMoods(p, ['lighter']);
      break;
  }
}

function addMoods(p: Preferences, moods: readonly string[]): void {
  for (const m of moods) {
    p.moods = without(p.moods, OPPOSITES[m] ?? []);
    if (!p.moods.includes(m)) p.moods.push(m);
  }
  p.excludeMoods = without(p.excludeMoods ?? [], moods);
}

function mergePeople(p: Preferences, incoming: readonly PersonPreference[], replace: boolean): void {
  const positives = incoming.filter((x) => !x.exclude);
  const negatives = incoming.filter((x) => x.exclude);
  let people = replace && positives.length > 0 ? p.people.filter((x) => x.exclude) : [...p.people];
  for (const x of [...positives, ...negatives]) people = [...people.filter((y) => y.name !== x.name), { ...x }];
  p.people = people;
}

/** Keywords and boosts follow the moods; anything else the parser found is kept. */
function settleDerived(p: Preferences, before: Preferences, incoming: Preferences): void {
  const moodKeywords = new Set(
    Object.values(MOODS)
      .flatMap((m) => m.keywords)
      .concat(LIGHTER.keywords),
  );
  const moodBoost = new Set<string>([...Object.values(MOODS).flatMap((m) => m.boost ?? []), ...LIGHTER.boost]);
  const extra = (xs: readonly string[] | undefined, known: Set<string>) => (xs ?? []).filter((x) => !known.has(x));
  const keywords = uniq([
    ...p.moods.flatMap((m) => moodDef(m)?.keywords ?? []),
    ...extra(before.keywords, moodKeywords),
    ...extra(incoming.keywords, moodKeywords),
  ]);
  const boost = uniq([
    ...p.moods.flatMap((m) => moodDef(m)?.boost ?? []),
    ...extra(before.boostGenres, moodBoost),
    ...extra(incoming.boostGenres, moodBoost),
  ]);
  const excludeKeywords = uniq([
    ...(p.excludeMoods ?? []).flatMap((m) => moodDef(m)?.keywords ?? []),
    ...extra(before.excludeKeywords, moodKeywords),
    ...extra(incoming.excludeKeywords, moodKeywords),
  ]);
  const set = (key: 'keywords' | 'boostGenres' | 'excludeKeywords' | 'excludeMoods', value: string[]) => {
    if (value.length) p[key] = value;
    else delete p[key];
  };
  set('keywords', keywords);
  set('boostGenres', without(boost, p.genres.exclude));
  set('excludeKeywords', excludeKeywords);
  set('excludeMoods', p.excludeMoods ?? []);
}

/** The previous request edited by the follow-up's cues and wishes. */
export function refineRequest(
  previous: Preferences,
  signals: FollowUpSignals,
  incoming: Preferences,
  shown: ShownFacts,
  parse: (text: string) => Preferences,
): Preferences {
  const p = clone(previous);
  const relative = new Set(signals.relative);
  for (const kind of signals.drop) dropKind(p, kind);
  for (const text of signals.forget) forgetWishes(p, parse(text));
  for (const text of signals.allow) allowWishes(p, parse(text));

  const next = clone(incoming);
  if (signals.family) {
    // "family friendly": favour family films (the mood's boost), do not require children's films
    if (!next.moods.includes('for the kids')) next.moods.push('for the kids');
  }
  const nextImplied = signals.family ? without(impliedGenres(next.moods), ['Children']) : impliedGenres(next.moods);
  const named = without(next.genres.include, impliedGenres(next.moods));
  if (named.length > 0) {
    const replace = !signals.add;
    p.genres.include = uniq([...(replace ? impliedGenres(p.moods) : p.genres.include), ...named]);
  }
  p.genres.include = uniq([...p.genres.include, ...nextImplied]);
  p.genres.exclude = without(p.genres.exclude, p.genres.include);
  p.genres.exclude = uniq([...p.genres.exclude, ...next.genres.exclude]);
  p.genres.include = without(p.genres.include, next.genres.exclude);

  if (relative.has('older') || relative.has('newer')) {
    for (const r of ['older', 'newer'] as const) if (relative.has(r)) applyRelative(p, r, shown, parse(r));
  } else if (next.years) p.years = next.years;
  if (relative.has('shorter') || relative.has('longer')) {
    for (const r of ['shorter', 'longer'] as const) if (relative.has(r)) applyRelative(p, r, shown, next);
  } else if (next.runtime) p.runtime = next.runtime;

  if (next.language) {
    p.language = next.language;
    delete p.foreign;
  } else if (next.foreign) {
    p.foreign = true;
    p.language = null;
  }
  mergePeople(p, next.people, signals.replace && !signals.add);
  if (next.similarTo.length > 0) p.similarTo = signals.add ? uniq([...p.similarTo, ...next.similarTo]) : next.similarTo;
  // the parser reads "lighter" as "funnier"; here it is its own mood
  const moods = relative.has('lighter') ? without(next.moods, ['funnier']) : next.moods;
  addMoods(p, moods);
  if (relative.has('lighter')) applyRelative(p, 'lighter', shown, next);
  for (const m of next.excludeMoods ?? []) {
    p.moods = without(p.moods, [m]);
    p.excludeMoods = uniq([...(p.excludeMoods ?? []), m]);
  }
  if (next.limit !== null) p.limit = next.limit;
  if (next.quality) p.quality = next.quality;
  settleDerived(p, previous, next);
  return p;
}

/**
 * What the message means after `previous` (null when there is none): the kind and the
 * effective request. `shown` are the facts of the list the previous request showed.
 */
export function readFollowUp(
  text: string,
  previous: Preferences | null,
  shown: ShownFacts,
  parse: (text: string) => Preferences,
): FollowUp {
  if (!previous) return { kind: 'new', request: parse(text), different: false, relative: [] };
  const signals = followUpSignals(text);
  if (signals.restart) {
    const request = signals.wishes === '' ? emptyPreferences() : parse(signals.wishes);
    return { kind: 'restart', request, different: !hasAny(request), relative: [] };
  }
  let incoming = parse(signals.wishes);
  if (!hasAny(incoming) && signals.bare !== signals.wishes && signals.bare !== '') incoming = parse(signals.bare);
  const kind = followUpKind(signals, incoming, true);
  if (kind === 'new') return { kind, request: parse(text), different: false, relative: [] };
  return { kind, request: refineRequest(previous, signals, incoming, shown, parse), different: false, relative: signals.relative };
}

/** The echo of a refinement: the whole request now, and what it no longer asks for. */
export function describeRefinement(previous: Preferences, next: Preferences, describeParts: (p: Preferences) => string[]): string {
  const before = describeParts(previous);
  const after = describeParts(next);
  const dropped = before.filter((x) => !after.includes(x));
  const now = after.length ? `Now: ${after.join(' · ')}` : 'Now: anything goes';
  return dropped.length ? `${now} (no longer ${dropped.join(', ')})` : now;
}
