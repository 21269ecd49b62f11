/**
 * Collects what the scanner understood into Preferences: genres (a later negation moves a
 * genre from include to exclude), moods with their genres and keywords, year items (closed
 * ranges joined by "or" are a union, open bounds intersect), runtime bounds (intersected),
 * people and similar titles without duplicates.
 */
import { MOODS, type Genre } from './lexicon.js';
import type { Range } from './quantities.js';
import { emptyPreferences, type Preferences } from './types.js';

export class Collector {
  readonly prefs: Preferences = emptyPreferences();
  private yearItems: { range: Range; closed: boolean }[] = [];
  private vagueYearItems: { range: Range; closed: boolean }[] = [];
  private runtime: Range | null = null;
  /** Runtime said in words ("short", "not too long", "shorter"): a number said as well wins. */
  private vagueRuntime: Range | null = null;
  /** "shorter" / "longer": relative to the films named as models, when there are any. */
  relative: 'shorter' | 'longer' | null = null;
  private readonly keywords = new Set<string>();
  private readonly boost = new Set<Genre>();
  private readonly excludeMoods = new Set<string>();
  private readonly excludeKeywords = new Set<string>();

  genre(genres: readonly Genre[], negated: boolean): void {
    const { include, exclude } = this.prefs.genres;
    for (const g of genres) {
      const [to, from] = negated ? [exclude, include] : [include, exclude];
      if (!to.includes(g)) to.push(g);
      const k = from.indexOf(g);
      if (k >= 0) from.splice(k, 1);
    }
  }

  mood(name: string, negated: boolean): void {
    const mood = MOODS[name];
    if (!mood) return;
    if (negated && mood.audience && mood.genres?.length) {
      // "not for kids": a mood that requires genres, negated, excludes those genres
      this.genre(mood.genres, true);
      return;
    }
    if (negated) {
      this.excludeMoods.add(name);
      for (const k of mood.keywords) this.excludeKeywords.add(k);
      return;
    }
    if (!this.prefs.moods.includes(name)) this.prefs.moods.push(name);
    for (const g of mood.genres ?? []) this.genre([g], false);
    for (const g of mood.boost ?? []) this.boost.add(g);
    for (const k of mood.keywords) this.keywords.add(k);
  }

  /** `vague`: an era said in words ("old", "recent"); years said in numbers win over it. */
  years(range: Range, closed: boolean, vague = false): void {
    (vague ? this.vagueYearItems : this.yearItems).push({ range, closed });
  }

  runtimeBound(range: Range, vague = false): void {
    // intersect: a second bound narrows the first
    // two vague bounds that cannot both hold ("the last one was too long, something short"): the later one
    if (vague) this.vagueRuntime = valid(intersect(this.vagueRuntime, range)) ?? range;
    else this.runtime = intersect(this.runtime, range);
  }

  person(name: string, role: 'actor' | 'director' | null, exclude: boolean): void {
    const existing = this.prefs.people.find((p) => p.name === name);
    if (existing) {
      existing.exclude = exclude;
      existing.role = existing.role ?? role;
      return;
    }
    this.prefs.people.push({ name, role, exclude });
  }

  /** A film named after a negation: never a seed, left out of the answer. */
  excludeTitle(movieId: number, title: string): void {
    const list = (this.prefs.excludeTitles ??= []);
    if (!list.some((s) => s.movieId === movieId)) list.push({ movieId, title });
  }

  similar(movieId: number, title: string): void {
    if (!this.prefs.similarTo.some((s) => s.movieId === movieId)) this.prefs.similarTo.push({ movieId, title });
  }

  finish(): Preferences {
    const p = this.prefs;
    if (!this.yearItems.length) this.yearItems = this.vagueYearItems;
    if (this.yearItems.length) {
      // closed ranges joined by "or"/"and" are a union ("80s or 90s"); open bounds intersect
      let from: number | null = null;
      let to: number | null = null;
      const closed = this.yearItems.filter((y) => y.closed);
      if (closed.length) {
        from = Math.min(...closed.map((y) => y.range.from!));
        to = Math.max(...closed.map((y) => y.range.to!));
      }
      for (const y of this.yearItems.filter((y) => !y.closed)) {
        if (y.range.from !== null) from = from === null ? y.range.from : Math.max(from, y.range.from);
        if (y.range.to !== null) to = to === null ? y.range.to : Math.min(to, y.range.to);
      }
      p.years = { from, to };
    }
    const runtime = this.runtime ?? this.vagueRuntime;
    if (runtime) p.runtime = { min: runtime.from, max: runtime.to };
    // a named language already says "not English"
    if (p.language && p.language !== 'en') p.foreign = undefined;
    if (this.keywords.size) p.keywords = [...this.keywords];
    const boost = [...this.boost].filter((g) => !p.genres.include.includes(g) && !p.genres.exclude.includes(g));
    if (boost.length) p.boostGenres = boost;
    if (this.excludeMoods.size) p.excludeMoods = [...this.excludeMoods];
    if (this.excludeKeywords.size) p.excludeKeywords = [...this.excludeKeywords];
    return p;
  }
}

function intersect(a: Range | null, b: Range): Range {
  const r = a ?? { from: null, to: null };
  const from = b.from === null ? r.from : r.from === null ? b.from : Math.max(r.from, b.from);
  const to = b.to === null ? r.to : r.to === null ? b.to : Math.min(r.to, b.to);
  return { from, to };
}

function valid(r: Range): Range | undefined {
  return r.from !== null && r.to !== null && r.from > r.to ? undefined : r;
}
