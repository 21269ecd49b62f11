/**
 * Scoring the dialogue corpus (tests/fixtures/conversation/dialogues.jsonl) exactly as its
 * README defines it: one check per item, every check right or wrong, grouped by check kind.
 * Pure: the caller plays the turns and passes what the bot answered, the movie facts of the
 * catalogue and what the user's lists hold after each turn.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS_FILE = path.join(fileURLToPath(new URL('../..', import.meta.url)), 'tests/fixtures/conversation/dialogues.jsonl');

type Bound = number | null | '$set';
type Seed = { movieId: number } | { previousCard: number };
type PersonSpec = { name: string; exclude?: boolean; role?: 'actor' | 'director' };
export interface RequestExpect {
  genres?: { include?: string[]; exclude?: string[] } | null;
  years?: { from?: Bound; to?: Bound } | null;
  runtime?: { min?: Bound; max?: Bound } | null;
  people?: PersonSpec[] | null;
  similarTo?: Seed[] | null;
  moods?: string[] | null;
  excludeMoods?: string[] | null;
  language?: string | null;
  foreign?: boolean | null;
  limit?: number | null;
  quality?: string | null;
}
export interface Predicates {
  genre?: string;
  yearBetween?: [number | null, number | null];
  runtimeBetween?: [number | null, number | null];
  runtimeBelowPrevious?: 'min' | 'max';
  yearBelowPrevious?: 'min' | 'max';
  yearAbovePrevious?: 'min' | 'max';
  language?: string;
  person?: string;
  movieIdOfPrevious?: number | '*';
  movieId?: number;
}
type Target = ({ previousCard: number } | { movieId: number }) & { as?: string; stars?: number };
export interface Expectation {
  intent?: string | string[];
  request?: RequestExpect | null;
  cards?: { count?: { min?: number; max?: number }; all?: Predicates; any?: Predicates; none?: Predicates };
  marked?: Target | Target[];
  rated?: Target | Target[];
  reply?: { mentionsPreviousCard: number } | { mentionsMovieId: number };
}
export interface Dialogue {
  id: string;
  kind: 'refine' | 'restart' | 'reference';
  about: string;
  setup?: { ratings: Record<string, number> };
  turns: { say: string; expect: Expectation }[];
}

export function readCorpus(file = CORPUS_FILE): Dialogue[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Dialogue);
}

/** The catalogue facts the predicates read. */
export interface MovieFacts {
  displayTitle: string;
  year: number | null;
  genres: readonly string[];
  runtime: number | null;
  language: string | null;
  people: readonly string[];
}

/** What one turn produced: the `reelmate chat --json` object, plus the user's lists after it. */
export interface TurnOutcome {
  intent: string;
  request: Record<string, unknown> | null;
  movies: { movieId: number; title: string }[];
  text: string;
  /** After the turn. */
  lists: {
    seen: ReadonlySet<number>;
    notInterested: ReadonlySet<number>;
    watchlist: ReadonlySet<number>;
    ratings: ReadonlyMap<number, number>;
  };
}

export interface CheckResult {
  kind: string;
  ok: boolean;
  /** "turn 2 cards.all.genre=Horror: 2 of 5 fail (Heat, ...)" */
  detail: string;
}

const LIST_INTENTS = new Set(['recommend', 'similar', 'more']);
const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The movies of the latest earlier turn that showed a list (README: "The reference list"). */
export function referenceList(previous: readonly TurnOutcome[]): number[] | null {
  for (let i = previous.length - 1; i >= 0; i--) {
    const t = previous[i]!;
    if (LIST_INTENTS.has(t.intent) && t.movies.length > 0) return t.movies.map((m) => m.movieId);
  }
  return null;
}

function at(list: readonly number[] | null, position: number): number | undefined {
  if (!list) return undefined;
  return position > 0 ? list[position - 1] : list[list.length + position];
}

/** README "null means unset". */
function isUnset(v: unknown): boolean {
  if (v === null || v === undefined || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object')
    return Object.values(v as Record<string, unknown>).every((x) => x === null || x === undefined || (Array.isArray(x) && x.length === 0));
  return false;
}

const sameSet = (a: readonly unknown[], b: readonly unknown[]): boolean => {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((v) => y.has(v));
};

function checkBounds(expected: Record<string, Bound | undefined>, actual: unknown): boolean {
  const obj = (actual ?? {}) as Record<string, unknown>;
  return Object.entries(expected).every(([k, want]) => {
    const got = obj[k] ?? null;
    if (want === '$set') return typeof got === 'number';
    return got === want;
  });
}

function checkField(field: keyof RequestExpect, want: unknown, request: Record<string, unknown>, refList: number[] | null): boolean {
  const got = request[field];
  if (want === null) return isUnset(got);
  switch (field) {
    case 'genres': {
      const w = want as { include?: string[]; exclude?: string[] };
      const g = (got ?? { include: [], exclude: [] }) as { include?: string[]; exclude?: string[] };
      return (
        (w.include === undefined || sameSet(w.include, g.include ?? [])) && (w.exclude === undefined || sameSet(w.exclude, g.exclude ?? []))
      );
    }
    case 'years':
    case 'runtime':
      return checkBounds(want as Record<string, Bound>, got);
    case 'people': {
      const people = ((got ?? []) as { name: string; exclude?: boolean; role?: string | null }[]).map((p) => ({
        ...p,
        exclude: p.exclude ?? false,
      }));
      const specs = want as PersonSpec[];
      if (people.length !== specs.length) return false;
      const used = new Set<number>();
      return specs.every((s) => {
        const i = people.findIndex(
          (p, k) => !used.has(k) && p.name === s.name && p.exclude === (s.exclude ?? false) && (s.role === undefined || p.role === s.role),
        );
        if (i < 0) return false;
        used.add(i);
        return true;
      });
    }
    case 'similarTo': {
      const ids = ((got ?? []) as { movieId: number }[]).map((s) => s.movieId);
      const wantIds = (want as Seed[]).map((s) => ('movieId' in s ? s.movieId : at(refList, s.previousCard)));
      return !wantIds.includes(undefined) && sameSet(wantIds, ids);
    }
    case 'moods':
    case 'excludeMoods':
      return sameSet(want as string[], (got ?? []) as string[]);
    default:
      return (got ?? null) === want;
  }
}

function predicate(
  name: keyof Predicates,
  value: unknown,
  facts: MovieFacts | undefined,
  movieId: number,
  refList: number[] | null,
  refFacts: (MovieFacts | undefined)[],
): boolean {
  if (!facts) return false;
  const between = (v: number | null, [lo, hi]: [number | null, number | null]) =>
    v !== null && (lo === null || v >= lo) && (hi === null || v <= hi);
  const extreme = (values: (number | null | undefined)[], which: 'min' | 'max'): number | null => {
    const known = values.filter((v): v is number => typeof v === 'number');
    if (known.length === 0) return null;
    return which === 'min' ? Math.min(...known) : Math.max(...known);
  };
  switch (name) {
    case 'genre':
      return facts.genres.includes(value as string);
    case 'yearBetween':
      return between(facts.year, value as [number | null, number | null]);
    case 'runtimeBetween':
      return between(facts.runtime, value as [number | null, number | null]);
    case 'runtimeBelowPrevious': {
      const limit = extreme(
        refFacts.map((f) => f?.runtime),
        value as 'min' | 'max',
      );
      return limit !== null && facts.runtime !== null && facts.runtime < limit;
    }
    case 'yearBelowPrevious': {
      const limit = extreme(
        refFacts.map((f) => f?.year),
        value as 'min' | 'max',
      );
      return limit !== null && facts.year !== null && facts.year < limit;
    }
    case 'yearAbovePrevious': {
      const limit = extreme(
        refFacts.map((f) => f?.year),
        value as 'min' | 'max',
      );
      return limit !== null && facts.year !== null && facts.year > limit;
    }
    case 'language':
      return facts.language !== null && facts.language === value;
    case 'person':
      return facts.people.includes(value as string);
    case 'movieIdOfPrevious':
      if (!refList) return false;
      return value === '*' ? refList.includes(movieId) : at(refList, value as number) === movieId;
    case 'movieId':
      return movieId === value;
  }
}

/**
 * Every check of one turn. `previous` are the outcomes of the earlier turns of the dialogue
 * (for the reference list); `facts` looks a movie up in the catalogue.
 */
export function scoreTurn(
  expect: Expectation,
  outcome: TurnOutcome,
  previous: readonly TurnOutcome[],
  facts: (id: number) => MovieFacts | undefined,
  label: string,
): CheckResult[] {
  const out: CheckResult[] = [];
  const refList = referenceList(previous);
  const refFacts = (refList ?? []).map(facts);
  const add = (kind: string, ok: boolean, what: string) => out.push({ kind, ok, detail: `${label} ${what}` });
  const shown = outcome.movies.map((m) => m.title).join(' | ');

  if (expect.intent !== undefined) {
    const allowed = asList(expect.intent);
    add('intent', allowed.includes(outcome.intent), `intent ${allowed.join('|')}: got ${outcome.intent}`);
  }
  if (expect.request === null) add('request', outcome.request === null, `request null: got ${JSON.stringify(outcome.request)}`);
  else if (expect.request) {
    const request = outcome.request ?? {};
    for (const [field, want] of Object.entries(expect.request)) {
      const ok = outcome.request !== null && checkField(field as keyof RequestExpect, want, request, refList);
      add('request', ok, `request.${field}=${JSON.stringify(want)}: got ${JSON.stringify(request[field] ?? null)}`);
    }
  }
  const cards = expect.cards;
  if (cards?.count) {
    const n = outcome.movies.length;
    add(
      'count',
      (cards.count.min === undefined || n >= cards.count.min) && (cards.count.max === undefined || n <= cards.count.max),
      `count ${JSON.stringify(cards.count)}: got ${n}`,
    );
  }
  for (const q of ['all', 'any', 'none'] as const) {
    const preds = cards?.[q];
    if (!preds) continue;
    for (const [name, value] of Object.entries(preds)) {
      const kind = name === 'movieIdOfPrevious' || name === 'movieId' ? 'movieId' : name;
      const hits = outcome.movies.map((m) => predicate(name as keyof Predicates, value, facts(m.movieId), m.movieId, refList, refFacts));
      const n = hits.length;
      const yes = hits.filter(Boolean).length;
      const ok = n > 0 && (q === 'all' ? yes === n : q === 'any' ? yes > 0 : yes === 0);
      add(kind, ok, `cards.${q}.${name}=${JSON.stringify(value)}: ${yes}/${n} [${shown}]`);
    }
  }
  for (const t of asList(expect.marked)) {
    const id = 'movieId' in t ? t.movieId : at(refList, t.previousCard);
    const list = t.as === 'seen' ? outcome.lists.seen : t.as === 'not_interested' ? outcome.lists.notInterested : outcome.lists.watchlist;
    add('marked', id !== undefined && list.has(id), `marked ${JSON.stringify(t)}: movie ${id ?? '?'}`);
  }
  for (const t of asList(expect.rated)) {
    const id = 'movieId' in t ? t.movieId : at(refList, t.previousCard);
    const got = id === undefined ? undefined : outcome.lists.ratings.get(id);
    add('rated', got === t.stars, `rated ${JSON.stringify(t)}: movie ${id ?? '?'} has ${got ?? 'no rating'}`);
  }
  if (expect.reply) {
    const id = 'mentionsMovieId' in expect.reply ? expect.reply.mentionsMovieId : at(refList, expect.reply.mentionsPreviousCard);
    const title = id === undefined ? undefined : facts(id)?.displayTitle;
    add(
      'mentions',
      title !== undefined && outcome.text.toLowerCase().includes(title.toLowerCase()),
      `mentions ${JSON.stringify(expect.reply)} (${title ?? '?'}): "${outcome.text.slice(0, 80)}"`,
    );
  }
  return out;
}

/** Right / total per key, as table rows sorted by key. */
export function tally(results: readonly { key: string; ok: boolean }[]): { key: string; right: number; total: number; share: string }[] {
  const by = new Map<string, { right: number; total: number }>();
  for (const r of results) {
    const row = by.get(r.key) ?? { right: 0, total: 0 };
    row.total++;
    if (r.ok) row.right++;
    by.set(r.key, row);
  }
  return [...by]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, { right, total }]) => ({ key, right, total, share: `${((100 * right) / total).toFixed(1)}%` }));
}
