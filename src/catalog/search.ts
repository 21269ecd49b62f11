/**
 * Forgiving title search in memory (the people index, same normalisation, is in people.ts).
 *
 * Titles and queries go through the same normalisation (case, accents, punctuation, "&" -> "and",
 * a leading English article dropped, so "Matrix, The" and "the matrix" meet), a trailing year
 * in the query ("Heat 1995") becomes a filter, and small typos are found through a
 * deletion-neighbourhood index over title words (one edit per word), checked with a bounded
 * Damerau-Levenshtein distance. Scores are in [0, 1]: 1 is an exact hit, so callers can tell an
 * exact match from an ambiguous or approximate one (see `isConfidentMatch`).
 */
import { boundedDistance, MIN_FUZZY_WORD, WordIndex } from '../nlp/fuzzy.js';

export { boundedDistance };
import { tokenize } from '../nlp/text.js';

export interface TitleRecord {
  movieId: number;
  /** MovieLens title, e.g. "Matrix, The (1999)". */
  title: string;
  /** "The Matrix". */
  displayTitle: string;
  year: number | null;
  /** Other names (a.k.a., original-language title). */
  alternates?: readonly string[] | undefined;
  /** Tie-breaker between equally good matches (e.g. number of ratings). */
  popularity?: number | undefined;
}

export interface TitleMatch {
  movieId: number;
  title: string;
  displayTitle: string;
  year: number | null;
  /** 1 = exact (title and, when given, year); ~0.9 one typo; lower = partial. */
  score: number;
  exact: boolean;
}

export interface SearchOptions {
  limit?: number | undefined;
  /** Allow typo and partial matches (default true). Exact-only look-ups are much cheaper. */
  fuzzy?: boolean | undefined;
}

const ARTICLES = new Set(['the', 'a', 'an']);
const MIN_YEAR = 1870;
const MAX_YEAR = 2100;
/** At most this many titles are scored per query. */
const MAX_CANDIDATES = 400;
/** Score of a partial match that is the only title with all the query's words. */
const SOLE_TITLE = 0.8;
/** Queries are cut to this many words. */
const MAX_QUERY_WORDS = 12;

/** Words of a title or query, normalised; "&" becomes "and". */
export function titleWords(text: string, possessiveS = false): string[] {
  const words: string[] = [];
  for (const t of tokenize(text)) {
    if (t.kind === 'word' || t.kind === 'number') words.push(possessiveS && t.possessive ? `${t.norm}s` : t.norm);
    else if (t.norm === '&' || t.norm === '+') words.push('and');
  }
  return words;
}

/** Words with a leading article dropped ("the matrix" -> ["matrix"]), unless that is all there is. */
export function stripArticle(words: readonly string[]): string[] {
  if (words.length > 1 && ARTICLES.has(words[0]!)) return words.slice(1);
  // "matrix, the" typed the MovieLens way
  if (words.length > 1 && ARTICLES.has(words[words.length - 1]!)) return words.slice(0, -1);
  return [...words];
}

function hasArticle(text: string): boolean {
  const w = titleWords(text);
  return w.length > 1 && (ARTICLES.has(w[0]!) || ARTICLES.has(w[w.length - 1]!));
}

/** The key two spellings of one title share: "Matrix, The" and "the matrix!" -> "matrix". */
export function titleKey(text: string): string {
  return stripArticle(titleWords(text)).join(' ');
}

export interface TitleQuery {
  words: string[];
  year: number | null;
}

/**
 * Read a query: "Heat 1995" and "heat (1995)" give words ["heat"] and year 1995. A title that is
 * only a year ("1917") stays a title. Callers also try the whole query as a title ("Death Race 2000").
 */
export function parseTitleQuery(query: string): TitleQuery {
  const words = stripArticle(titleWords(query).slice(0, MAX_QUERY_WORDS));
  const last = words[words.length - 1];
  if (words.length > 1 && last !== undefined && last.length === 4) {
    const n = Number(last);
    if (Number.isInteger(n) && n >= MIN_YEAR && n <= MAX_YEAR) {
      return { words: stripArticle(words.slice(0, -1)), year: n };
    }
  }
  return { words, year: null };
}

function distance(a: string, b: string, max = 2): number {
  return boundedDistance(a, b, max);
}

interface IndexedTitle {
  record: TitleRecord;
  /** Word lists of each name (display title and alternates), articles dropped. */
  names: string[][];
  keys: string[];
}

/** How well one query word matches one title word: 1 exact, 0.8 one typo, 0.7 prefix of the last word. */
function wordMatch(q: string, w: string, isLast: boolean): number {
  if (q === w) return 1;
  if (isLast && q.length >= 3 && w.startsWith(q)) return 0.7;
  if (
    q.length >= MIN_FUZZY_WORD &&
    w.length >= MIN_FUZZY_WORD &&
    Math.abs(q.length - w.length) <= 1 &&
    (q[0] === w[0] || q[1] === w[1]) && // one edit leaves one of the first two letters in place
    distance(q, w) <= 1
  ) {
    return 0.8;
  }
  return 0;
}

/** Score a query against one name's words (see the module comment for the scale). */
export function scoreName(query: readonly string[], name: readonly string[]): number {
  if (query.length === 0 || name.length === 0) return 0;
  const qKey = query.join(' ');
  const nKey = name.join(' ');
  if (qKey === nKey) return 1;
  // whole-title typos: one edit in a short title, two in a long one
  const maxEdits = qKey.length >= 10 ? 2 : qKey.length >= 5 ? 1 : 0;
  if (maxEdits > 0 && Math.abs(qKey.length - nKey.length) <= maxEdits) {
    const d = distance(qKey, nKey);
    if (d <= maxEdits) return d === 1 ? 0.9 : 0.84;
  }
  // word alignment: every query word must match a distinct title word
  const used = new Array<boolean>(name.length).fill(false);
  let quality = 0;
  let inOrder = true;
  let lastPos = -1;
  for (let i = 0; i < query.length; i++) {
    let best = 0;
    let bestPos = -1;
    for (let j = 0; j < name.length; j++) {
      if (used[j]) continue;
      const m = wordMatch(query[i]!, name[j]!, i === query.length - 1);
      if (m > best) {
        best = m;
        bestPos = j;
      }
    }
    if (bestPos < 0) return 0;
    used[bestPos] = true;
    if (bestPos < lastPos) inOrder = false;
    lastPos = bestPos;
    quality += best;
  }
  const avg = quality / query.length;
  const coverage = query.length / name.length;
  const prefix = inOrder && used.slice(0, query.length).every(Boolean);
  return Math.min(0.82, 0.4 + 0.3 * coverage * avg + (prefix ? 0.1 : 0) + 0.02 * avg);
}

export class TitleIndex {
  private readonly titles: IndexedTitle[] = [];
  private readonly byKey = new Map<string, number[]>();
  private readonly words = new WordIndex();

  constructor(records: readonly TitleRecord[]) {
    for (const record of records) {
      const names: string[][] = [];
      const keys: string[] = [];
      for (const text of [record.displayTitle, ...(record.alternates ?? [])]) {
        // "Ocean's Eleven" is typed "oceans eleven" as often as "ocean's eleven"
        for (const w of [stripArticle(titleWords(text)), stripArticle(titleWords(text, true))]) {
          if (w.length === 0) continue;
          const key = w.join(' ');
          if (keys.includes(key)) continue;
          names.push(w);
          keys.push(key);
        }
      }
      if (names.length === 0) continue;
      const idx = this.titles.length;
      this.titles.push({ record, names, keys });
      for (const key of keys) {
        const list = this.byKey.get(key);
        if (list) list.push(idx);
        else this.byKey.set(key, [idx]);
      }
      for (const name of names) for (const w of name) this.words.add(w, idx);
    }
    this.words.finish();
  }

  get size(): number {
    return this.titles.length;
  }

  /** Ranked matches, best first; ties go to the more popular movie. */
  search(query: string, opts: SearchOptions = {}): TitleMatch[] {
    const limit = Math.max(1, Math.min(opts.limit ?? 10, 100));
    const fuzzy = opts.fuzzy ?? true;
    const parsed = parseTitleQuery(query);
    const interpretations: TitleQuery[] = [parsed];
    if (parsed.year !== null) interpretations.push({ words: stripArticle(titleWords(query).slice(0, MAX_QUERY_WORDS)), year: null });
    const best = new Map<number, number>();
    for (const q of interpretations) {
      if (q.words.length === 0) continue;
      for (const idx of this.candidates(q.words, fuzzy)) {
        const entry = this.titles[idx]!;
        let s = 0;
        for (const name of entry.names) s = Math.max(s, fuzzy ? scoreName(q.words, name) : name.join(' ') === q.words.join(' ') ? 1 : 0);
        if (s === 0) continue;
        if (q.year !== null && entry.record.year !== q.year) s *= 0.7;
        else if (q.year === null && parsed.year !== null) s *= 0.98; // "Death Race 2000" read as a title, not a year
        if (s > (best.get(idx) ?? 0)) best.set(idx, s);
      }
    }
    // Several exact hits that differ only by an article ("Heat" vs "The Heat"): the one that
    // agrees with the query's article stays exact, the others drop just below.
    const exactIdx = [...best].filter(([, s]) => s >= 0.999).map(([idx]) => idx);
    if (exactIdx.length > 1) {
      const queryArticle = hasArticle(query);
      const agree = exactIdx.filter((idx) => hasArticle(this.titles[idx]!.record.displayTitle) === queryArticle);
      if (agree.length > 0 && agree.length < exactIdx.length) {
        for (const idx of exactIdx) if (!agree.includes(idx)) best.set(idx, 0.97);
      }
    }
    // the only title that holds every query word ("shawshank"): as sure as a typo-level match, so a
    // command acts on it without asking
    if (fuzzy && best.size === 1) {
      const [idx, score] = [...best][0]!;
      const words = new Set(this.titles[idx]!.names.flat());
      if (score < SOLE_TITLE && band(score) === 1 && parsed.words.every((w) => words.has(w))) best.set(idx, SOLE_TITLE);
    }
    const matches: TitleMatch[] = [];
    for (const [idx, score] of best) {
      const r = this.titles[idx]!.record;
      matches.push({
        movieId: r.movieId,
        title: r.title,
        displayTitle: r.displayTitle,
        year: r.year,
        score: Math.round(score * 1000) / 1000,
        exact: score >= 0.999,
      });
    }
    // Exact, then typo-level matches by score; among partial matches ("star wars",
    // "harry potter") popularity decides, since every sequel matches equally well.
    matches.sort(
      (a, b) =>
        band(b.score) - band(a.score) ||
        (band(a.score) >= 2 ? b.score - a.score : 0) ||
        this.popularity(b.movieId) - this.popularity(a.movieId) ||
        b.score - a.score ||
        a.movieId - b.movieId,
    );
    return matches.slice(0, limit);
  }

  private popularityById: Map<number, number> | undefined;
  private popularity(movieId: number): number {
    if (!this.popularityById) {
      this.popularityById = new Map(this.titles.map((t) => [t.record.movieId, t.record.popularity ?? 0]));
    }
    return this.popularityById.get(movieId) ?? 0;
  }

  private candidates(words: readonly string[], fuzzy: boolean): Set<number> {
    const out = new Set<number>(this.byKey.get(words.join(' ')) ?? []);
    if (!fuzzy) return out;
    // Candidates contain the rarest query word (or one of its typo / prefix variants).
    let bestList: number[] | undefined;
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      const variants = [w, ...this.words.similarWords(w)];
      if (i === words.length - 1 && w.length >= 3) variants.push(...this.words.prefixed(w, 50));
      const list: number[] = [];
      for (const v of variants) list.push(...this.words.exact(v));
      if (list.length === 0) continue;
      if (!bestList || list.length < bestList.length) bestList = list;
    }
    // bounded work per query: a word shared by thousands of titles adds only the first ones
    // (such a query cannot single out a title anyway)
    for (const idx of bestList ?? []) {
      if (out.size >= MAX_CANDIDATES) break;
      out.add(idx);
    }
    // a typo inside a one-word title whose word is too short for the word index ("hea" is not "heat")
    return out;
  }
}

/** 3 exact, 2 typo-level, 1 partial (all query words found), 0 weak. */
function band(score: number): number {
  return score >= 0.999 ? 3 : score >= 0.84 ? 2 : score >= 0.4 ? 1 : 0;
}

/** An exact hit that no other title shares: act on it without asking. */
export function isConfidentMatch(matches: readonly TitleMatch[]): boolean {
  const [top, second] = matches;
  if (!top) return false;
  if (!second) return top.score >= 0.8;
  if (top.exact) return !second.exact;
  return top.score >= 0.84 && top.score - second.score >= 0.08;
}
