/**
 * Constraints from a request (Preferences) as pure functions over the catalogue: filters that
 * can be relaxed one by one when too few movies pass, and boosts added to the ranking score.
 */
import { genreLabel, languageName } from '../nlp/describe.js';
import type { Preferences } from '../nlp/types.js';
import { genreNearness, languageNearness, NEAR, relaxationTiers, runtimeNearness, yearNearness } from './relax.js';
import type { ItemMeta } from './types.js';

/** Per-item facts prepared once per model so filtering a whole catalogue stays sub-millisecond. */
export interface ConstraintCatalog {
  meta: readonly ItemMeta[];
  genres: readonly (readonly string[])[]; // lower case
  people: readonly (readonly string[])[]; // lower case directors + cast
  directors: readonly (readonly string[])[];
  terms: readonly ReadonlySet<string>[]; // lower case tags, keywords, genres
  /** The same terms by term: the items carrying each, ascending (mood boosts touch only those). */
  termItems: ReadonlyMap<string, Int32Array>;
  /** Genres as bits (lower-case genre -> bit), so genre filters are one AND per movie. */
  genreBit: ReadonlyMap<string, number>;
  genreBits: Int32Array;
  years: Int32Array; // 0 = unknown
  runtimes: Int32Array; // minutes, -1 = unknown
  /** Damped mean rating (0.5-5) and rating count per item, for quality hints. */
  quality: Float32Array;
  popularity: Float32Array; // 0..1
}

export function buildConstraintCatalog(meta: readonly ItemMeta[], quality: Float32Array, popularity: Float32Array): ConstraintCatalog {
  const lower = (xs: readonly string[]) => xs.map((x) => x.toLowerCase());
  const genreBit = new Map<string, number>();
  const genreBits = new Int32Array(meta.length);
  meta.forEach((m, i) => {
    for (const g of m.genres) {
      const key = g.toLowerCase();
      if (!genreBit.has(key) && genreBit.size < 31) genreBit.set(key, 1 << genreBit.size);
      genreBits[i]! |= genreBit.get(key) ?? 0;
    }
  });
  const terms = meta.map((m) => new Set(lower([...m.tags, ...m.keywords, ...m.genres])));
  const postings = new Map<string, number[]>();
  terms.forEach((set, i) => {
    for (const t of set) {
      let list = postings.get(t);
      if (!list) postings.set(t, (list = []));
      list.push(i);
    }
  });
  return {
    genreBit,
    genreBits,
    years: Int32Array.from(meta, (m) => m.year ?? 0),
    runtimes: Int32Array.from(meta, (m) => m.runtime ?? -1),
    meta,
    genres: meta.map((m) => lower(m.genres)),
    people: meta.map((m) => lower([...m.directors, ...m.cast])),
    directors: meta.map((m) => lower(m.directors)),
    terms,
    termItems: new Map([...postings].map(([t, list]) => [t, Int32Array.from(list)])),
    quality,
    popularity,
  };
}

export interface Filter {
  /** The wish in the user's words, said when it is relaxed: "thriller", "in Korean", "under 90 min". */
  label: string;
  /** Hard filters (exclusions the user asked for) are never relaxed. */
  hard: boolean;
  test(item: number): boolean;
  /** For a film that fails the filter, how near it comes (0..1, see relax.ts); absent = 0. */
  near?: ((item: number) => number) | undefined;
  /** How much the wish matters against the others when some must be relaxed (default 1). */
  importance?: number | undefined;
}

/**
 * Importance of each kind of wish when some must be relaxed: what a film is (its genre, who made
 * it) matters more than when it was made, and both more than its length or a mood to avoid.
 */
const IMPORTANCE = { genre: 1.5, person: 1.5, language: 1.2, years: 1, allGenres: 0.5, runtime: 0.7, avoid: 0.5 } as const;

export interface ConstraintPlan {
  /** In relaxation order: the last relaxable filter is dropped first. */
  filters: Filter[];
  /** Additive boost per item in normalised score units (top pick ~1), or null when none. */
  boost: Float32Array | null;
  /** What a movie matched, for explanations: ["comedy", "1990s", "Tom Hanks"]. */
  matches(item: number): string[];
}

/** Mood words the parser reports, mapped to genres and tags that carry them in MovieLens. */
const MOOD_TERMS: Record<string, string[]> = {
  'feel-good': ['comedy', 'feel-good', 'heartwarming', 'feel good movie', 'uplifting'],
  dark: ['dark', 'dark comedy', 'noir', 'film-noir', 'disturbing', 'atmospheric'],
  'mind-bending': ['mindfuck', 'twist ending', 'surreal', 'psychological', 'thought-provoking', 'nonlinear'],
  'for the kids': ['children', 'animation', 'family', 'pixar', 'disney'],
  'date night': ['romance', 'romantic', 'romantic comedy'],
  scary: ['horror', 'scary', 'creepy'],
  funny: ['comedy', 'funny', 'hilarious'],
  lighter: ['comedy', 'funny', 'feel-good'],
  funnier: ['comedy', 'funny', 'hilarious'],
  sad: ['sad', 'tearjerker', 'emotional', 'drama'],
  epic: ['epic', 'war', 'adventure'],
};

/** "from the 1990s", "from 1995-2003", "from 2006 on", "up to 1999". */
function yearsLabel(from: number | null, to: number | null): string {
  if (from !== null && to !== null && to - from === 9 && from % 10 === 0) return `from the ${from}s`;
  if (from !== null && to !== null) return from === to ? `from ${from}` : `from ${from}-${to}`;
  if (from !== null) return `from ${from} on`;
  return `up to ${to}`;
}

/** A person matches on the full name or on the surname alone ("nolan"). */
const personMatch = (people: readonly string[], name: string) => people.some((p) => p === name || p.endsWith(` ${name}`));

/** `similar`: for "like X", a boost per item already weighted (see similar.ts), added as is. */
export function planConstraints(prefs: Preferences | undefined, cat: ConstraintCatalog, similar?: Float32Array | null): ConstraintPlan {
  const n = cat.meta.length;
  const filters: Filter[] = [];
  if (!prefs) return { filters, boost: similar ?? null, matches: () => [] };

  const inc = prefs.genres.include.map((g) => g.toLowerCase());
  const exc = prefs.genres.exclude.map((g) => g.toLowerCase());
  const peopleIn = prefs.people.filter((p) => !p.exclude).map((p) => ({ ...p, name: p.name.toLowerCase() }));
  const peopleOut = prefs.people.filter((p) => p.exclude).map((p) => p.name.toLowerCase());
  const years = prefs.years;
  const runtime = prefs.runtime;

  const bitsOf = (gs: string[]) => gs.reduce((acc, g) => acc | (cat.genreBit.get(g) ?? 0), 0);
  // a genre the catalogue has never seen matches nothing (bit 0 would match everything)
  const unknownInc = inc.some((g) => !cat.genreBit.has(g));
  const incBits = bitsOf(inc);
  const excBits = bitsOf(exc);
  const gb = cat.genreBits;

  // Hard: what the user said they do not want.
  if (exc.length) filters.push({ label: `not ${exc.join(', ')}`, hard: true, test: (i) => (gb[i]! & excBits) === 0 });
  if (peopleOut.length)
    filters.push({
      label: `without ${peopleOut.join(', ')}`,
      hard: true,
      test: (i) => !peopleOut.some((p) => personMatch(cat.people[i]!, p)),
    });

  // Relaxable, most important first (the last one is dropped first).
  if (inc.length)
    filters.push({
      label: prefs.genres.include.map(genreLabel).join(' or '),
      hard: false,
      test: unknownInc && incBits === 0 ? () => false : (i) => (gb[i]! & incBits) !== 0,
      near: (i) => genreNearness(inc, cat.genres[i]!),
      importance: IMPORTANCE.genre,
    });
  for (const p of peopleIn) {
    const pool = p.role === 'director' ? cat.directors : cat.people;
    const name = p.name.replace(/\b\w/g, (c) => c.toUpperCase());
    filters.push({
      label: p.role === 'director' ? `directed by ${name}` : `with ${name}`,
      hard: false,
      test: (i) => personMatch(pool[i]!, p.name),
      importance: IMPORTANCE.person,
    });
  }
  if (years && (years.from !== null || years.to !== null)) {
    const from = years.from ?? -Infinity;
    const to = years.to ?? Infinity;
    const ys = cat.years;
    filters.push({
      label: yearsLabel(years.from, years.to),
      hard: false,
      test: (i) => {
        const y = ys[i]!;
        return y !== 0 && y >= from && y <= to;
      },
      near: (i) => yearNearness(ys[i]!, from, to),
      importance: IMPORTANCE.years,
    });
  }
  if (inc.length > 1)
    filters.push({
      label: prefs.genres.include.map(genreLabel).join(' + '),
      hard: false,
      test: unknownInc ? () => false : (i) => (gb[i]! & incBits) === incBits,
      near: (i) => ((gb[i]! & incBits) !== 0 ? NEAR.near : NEAR.none),
      importance: IMPORTANCE.allGenres,
    });
  if (prefs.language || prefs.foreign) {
    const lang = prefs.language?.toLowerCase() ?? null;
    filters.push({
      label: lang ? `in ${languageName(lang)}` : 'not in English',
      hard: false,
      test: (i) => {
        const l = cat.meta[i]!.language;
        return l !== null && (lang ? l === lang : l !== 'en');
      },
      near: lang ? (i) => languageNearness(lang, cat.meta[i]!.language) : undefined,
      importance: IMPORTANCE.language,
    });
  }
  if (runtime && (runtime.min !== null || runtime.max !== null)) {
    const min = runtime.min ?? 0;
    const max = runtime.max ?? Infinity;
    const rts = cat.runtimes;
    const label =
      runtime.max !== null && runtime.min === null
        ? `under ${runtime.max} min`
        : runtime.min !== null && runtime.max === null
          ? `over ${runtime.min} min`
          : `${min}-${max} min`;
    filters.push({
      label,
      hard: false,
      test: (i) => {
        const r = rts[i]!;
        return r >= 0 && r >= min && r <= max;
      },
      near: (i) => runtimeNearness(rts[i]!, min, max),
      importance: IMPORTANCE.runtime,
    });
  }
  // Moods the user does not want ("not too violent"): known only from tags and keywords, so a
  // wish that can be relaxed (the last), and a penalty in the ranking below.
  const avoid = [...new Set((prefs.excludeKeywords ?? []).map((k) => k.toLowerCase()))];
  const avoidHits = avoid.length ? new Uint8Array(n) : null;
  if (avoidHits) {
    for (const w of avoid) for (const i of cat.termItems.get(w) ?? []) avoidHits[i] = Math.min(3, avoidHits[i]! + 1);
    const moods = prefs.excludeMoods?.length ? prefs.excludeMoods : avoid;
    filters.push({
      label: `not ${moods.join(' or ')}`,
      hard: false,
      test: (i) => avoidHits[i] === 0,
      near: (i) => (avoidHits[i] === 1 ? NEAR.near : avoidHits[i] === 2 ? NEAR.fair : NEAR.none),
      importance: IMPORTANCE.avoid,
    });
  }

  // Boosts: soft preferences that reorder rather than filter.
  const words = new Set<string>();
  for (const k of prefs.keywords ?? []) words.add(k.toLowerCase());
  for (const m of prefs.moods) for (const t of MOOD_TERMS[m.toLowerCase()] ?? [m.toLowerCase()]) words.add(t);
  const boost = new Float32Array(n);
  let any = false;
  if (similar) {
    for (let i = 0; i < n; i++) boost[i]! += similar[i]! || 0;
    any = true;
  }
  if (words.size) {
    any = true;
    const hits = new Uint8Array(n);
    for (const w of words) for (const i of cat.termItems.get(w) ?? []) hits[i] = Math.min(3, hits[i]! + 1);
    for (let i = 0; i < n; i++) if (hits[i]) boost[i]! += 0.15 * hits[i]!;
  }
  if (incBits) {
    any = true;
    const share = 0.2 / inc.length;
    for (let i = 0; i < n; i++) {
      let x = gb[i]! & incBits;
      if (x === 0) continue;
      let hits = 0;
      for (; x; x &= x - 1) hits++;
      boost[i]! += share * hits;
    }
  }
  if (peopleIn.length) {
    any = true;
    for (let i = 0; i < n; i++) if (cat.people[i]!.length && peopleIn.some((p) => personMatch(cat.people[i]!, p.name))) boost[i]! += 0.3;
  }
  if (avoidHits) {
    any = true;
    for (let i = 0; i < n; i++) if (avoidHits[i]) boost[i]! -= 0.15 * avoidHits[i]!;
  }
  if (prefs.quality) {
    any = true;
    for (let i = 0; i < n; i++) {
      const q = Math.max(0, (cat.quality[i]! - 3.3) / 1.7); // 0 at a middling movie, 1 at 5 stars
      const p = cat.popularity[i]!;
      boost[i]! += prefs.quality === 'highly_rated' ? 0.4 * q : prefs.quality === 'popular' ? 0.4 * p : 0.4 * q * (1 - p) - 0.3 * p;
    }
  }

  const matches = (i: number): string[] => {
    const out: string[] = [];
    const m = cat.meta[i]!;
    for (const g of m.genres) if (inc.includes(g.toLowerCase())) out.push(g.toLowerCase());
    if (years && m.year !== null && (years.from ?? -Infinity) <= m.year && m.year <= (years.to ?? Infinity))
      out.push(years.from !== null && years.to !== null && years.to - years.from === 9 ? `${years.from}s` : String(m.year));
    for (const p of peopleIn) {
      const hit = [...m.directors, ...m.cast].find((x) => personMatch([x.toLowerCase()], p.name));
      if (hit) out.push(hit);
    }
    if (prefs.language && m.language === prefs.language) out.push(`in ${languageName(prefs.language)}`);
    for (const w of words) if (cat.terms[i]!.has(w) && !out.includes(w)) out.push(w);
    return out.slice(0, 5);
  };
  return { filters, boost: any ? boost : null, matches };
}

/**
 * Which items pass `base` (not excluded) and the plan's filters. When fewer than `need` pass,
 * no wish is dropped outright: every item that passes `base` and the hard filters stays a
 * candidate, and `tiers` ranks them by the wishes they meet and how near they come to the
 * others (relax.ts), so the films meeting every wish come first and unrelated ones last. The
 * caller adds `tier * step` to its ranking score. `tiers` is null when nothing was relaxed.
 */
export function selectCandidates(
  plan: ConstraintPlan,
  nItems: number,
  base: (item: number) => boolean,
  need: number,
): { mask: Uint8Array; tiers: Int32Array | null; relaxable: Filter[] } {
  const hard = plan.filters.filter((f) => f.hard);
  const soft = plan.filters.filter((f) => !f.hard);
  const mask = new Uint8Array(nItems);
  let strict = 0;
  for (let i = 0; i < nItems; i++) {
    let ok = base(i);
    for (let f = 0; ok && f < hard.length; f++) ok = hard[f]!.test(i);
    if (!ok) continue;
    mask[i] = 2; // eligible
    let all = true;
    for (let f = 0; all && f < soft.length; f++) all = soft[f]!.test(i);
    if (all) {
      mask[i] = 1;
      strict++;
    }
  }
  if (strict >= need || soft.length === 0) {
    for (let i = 0; i < nItems; i++) if (mask[i] === 2) mask[i] = 0;
    return { mask, tiers: null, relaxable: [] };
  }
  const tiers = relaxationTiers(soft, nItems, (i) => mask[i] !== 0);
  for (let i = 0; i < nItems; i++) if (mask[i]) mask[i] = 1;
  return { mask, tiers, relaxable: soft };
}

/**
 * What was relaxed for which films, in the user's words: "thriller for The Host and
 * Snowpiercer", "not violent (none of these is)". One note per wish that a pick misses.
 */
export function relaxationNotes(relaxable: readonly Filter[], picks: readonly number[], title: (item: number) => string): string[] {
  const notes: string[] = [];
  for (const f of relaxable) {
    const missed = picks.filter((i) => !f.test(i));
    if (missed.length === 0) continue;
    if (missed.length === picks.length && picks.length > 1) notes.push(`${f.label} (none of these is)`);
    else notes.push(`${f.label} for ${listTitles(missed.map(title))}`);
  }
  return notes;
}

function listTitles(titles: readonly string[]): string {
  const shown = titles.slice(0, 3);
  const more = titles.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}` : shown[0]!;
}
