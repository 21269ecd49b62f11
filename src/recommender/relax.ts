/**
 * Graceful relaxation: when too few films meet every wish, the others are ranked by how many
 * wishes they meet and how near they come to the ones they miss, never by popularity alone.
 * "korean thriller" with few Korean thrillers shows the Korean films that are not thrillers (a
 * crime film before a war film) and thrillers from Japan or China before any English thriller;
 * "comedy under 90 min" shows a 95-minute comedy before a 130-minute one. A wish that only a few
 * films meet counts for more than a common one (its weight is how much it narrows the
 * catalogue, times how much that kind of wish matters), so one Korean film outranks one thriller
 * of anywhere.
 */

/** Genres that stand in for each other when a film misses the one asked for. */
const RELATED_GENRES: Record<string, readonly string[]> = {
  action: ['adventure', 'thriller', 'war', 'western', 'sci-fi'],
  adventure: ['action', 'fantasy', 'western', 'children'],
  animation: ['children', 'fantasy'],
  children: ['animation', 'comedy', 'fantasy', 'adventure'],
  comedy: ['romance', 'children', 'musical'],
  crime: ['thriller', 'mystery', 'film-noir', 'drama'],
  documentary: [],
  drama: ['romance', 'war', 'crime'],
  fantasy: ['adventure', 'sci-fi', 'animation', 'children'],
  'film-noir': ['crime', 'mystery', 'thriller'],
  horror: ['thriller', 'mystery'],
  imax: [],
  musical: ['comedy', 'romance', 'animation'],
  mystery: ['thriller', 'crime', 'film-noir', 'horror'],
  romance: ['comedy', 'drama'],
  'sci-fi': ['fantasy', 'action', 'adventure'],
  thriller: ['crime', 'mystery', 'horror', 'action', 'film-noir'],
  war: ['drama', 'action'],
  western: ['adventure', 'action'],
};

/** Languages by family and region; a neighbouring group is the next best thing. */
const LANGUAGE_GROUPS: readonly (readonly string[])[] = [
  ['hi', 'ta', 'te', 'ml', 'kn', 'bn', 'mr', 'pa', 'ur', 'gu', 'si', 'ne'], // 0 South Asia
  ['fa', 'ps', 'ar', 'he', 'tr', 'ku', 'hy', 'az'], // 1 West Asia
  ['ja', 'ko', 'zh', 'cn'], // 2 East Asia
  ['th', 'id', 'vi', 'tl', 'ms', 'km'], // 3 South-East Asia
  ['fr', 'es', 'it', 'pt', 'ro', 'ca'], // 4 Romance
  ['de', 'nl', 'af', 'lb'], // 5 Germanic
  ['sv', 'da', 'no', 'nb', 'nn', 'is', 'fi'], // 6 Nordic
  ['ru', 'pl', 'cs', 'sk', 'uk', 'sr', 'hr', 'bs', 'bg', 'sl', 'mk'], // 7 Slavic
  ['el', 'hu', 'et', 'lv', 'lt', 'sq'], // 8 rest of Europe
  ['en'], // 9
];
const NEIGHBOURS: Record<number, readonly number[]> = {
  0: [1, 3],
  1: [0, 8],
  2: [3],
  3: [2, 0],
  4: [5, 8],
  5: [4, 6],
  6: [5],
  7: [8, 5],
  8: [4, 7, 1],
  9: [],
};
const GROUP_OF = new Map<string, number>(LANGUAGE_GROUPS.flatMap((langs, g) => langs.map((l) => [l, g] as const)));

/** Nearness levels: a film that misses a wish can still come close to it. */
export const NEAR = { close: 0.75, near: 0.5, fair: 0.25, faint: 0.1, none: 0 } as const;

/** How near a film with these genres comes to a wish for any of `wanted` (lower case). */
export function genreNearness(wanted: readonly string[], genres: readonly string[]): number {
  for (const w of wanted) for (const g of genres) if (RELATED_GENRES[w]?.includes(g)) return NEAR.near;
  return NEAR.none;
}

/** How near a film in language `lang` comes to a wish for `wanted` (ISO 639-1). */
export function languageNearness(wanted: string, lang: string | null): number {
  if (!lang) return NEAR.none;
  const a = GROUP_OF.get(wanted);
  const b = GROUP_OF.get(lang);
  if (a !== undefined && b !== undefined) {
    if (a === b) return NEAR.near;
    if (NEIGHBOURS[a]?.includes(b)) return NEAR.fair;
  }
  // any film not in English is nearer to a foreign-language wish than an English one
  return wanted !== 'en' && lang !== 'en' ? NEAR.faint : NEAR.none;
}

/** Distance outside [from, to] in steps: a few years off is close, a decade off is fair. */
export function yearNearness(year: number, from: number, to: number): number {
  if (year === 0) return NEAR.none;
  const d = year < from ? from - year : year > to ? year - to : 0;
  if (d <= 3) return NEAR.close;
  if (d <= 7) return NEAR.near;
  if (d <= 12) return NEAR.fair;
  return NEAR.none;
}

/** Minutes outside [min, max]: ten minutes over is close, half an hour is fair. */
export function runtimeNearness(runtime: number, min: number, max: number): number {
  if (runtime < 0) return NEAR.none;
  const d = runtime < min ? min - runtime : runtime > max ? runtime - max : 0;
  if (d <= 10) return NEAR.close;
  if (d <= 20) return NEAR.near;
  if (d <= 30) return NEAR.fair;
  return NEAR.none;
}

/** A wish that may be relaxed: met or not, and how near a film that misses it comes. */
export interface Wish {
  test(item: number): boolean;
  near?: ((item: number) => number) | undefined;
  /** Weight of this kind of wish against the others (default 1). */
  importance?: number | undefined;
}

/**
 * One tier per film that is eligible: films meeting more wishes are in higher tiers; among
 * films meeting as many, the ones meeting the narrower wishes and coming nearer to the others
 * are higher. Tiers are small integers (0 = meets nothing and is near nothing), so a caller can
 * add `tier * step` to its ranking score and keep the score's order inside a tier.
 */
export function relaxationTiers(wishes: readonly Wish[], nItems: number, eligible: (item: number) => boolean): Int32Array {
  const tiers = new Int32Array(nItems);
  if (wishes.length === 0) return tiers;
  // a wish's weight: how much it narrows the eligible films (ln of the share that meets it)
  const passes = new Int32Array(wishes.length);
  let total = 0;
  const met = new Uint8Array(nItems * wishes.length);
  for (let i = 0; i < nItems; i++) {
    if (!eligible(i)) continue;
    total++;
    for (let f = 0; f < wishes.length; f++) {
      if (wishes[f]!.test(i)) {
        met[i * wishes.length + f] = 1;
        passes[f]!++;
      }
    }
  }
  const weights = Array.from(passes, (p, f) => (wishes[f]!.importance ?? 1) * Math.max(0.1, Math.log(Math.max(1, total) / Math.max(1, p))));
  const keys = new Float64Array(nItems).fill(-1);
  for (let i = 0; i < nItems; i++) {
    if (!eligible(i)) continue;
    let count = 0;
    let closeness = 0;
    for (let f = 0; f < wishes.length; f++) {
      if (met[i * wishes.length + f]) {
        count++;
        closeness += weights[f]!;
      } else {
        closeness += weights[f]! * (wishes[f]!.near?.(i) ?? 0);
      }
    }
    // how many wishes first; then how specific the met ones are and how near the rest come
    keys[i] = count * 1000 + Math.round(closeness * 100) / 100;
  }
  const distinct = [...new Set(keys)].filter((k) => k > 0).sort((a, b) => a - b);
  const rank = new Map(distinct.map((k, r) => [k, r + 1]));
  for (let i = 0; i < nItems; i++) tiers[i] = keys[i]! > 0 ? rank.get(keys[i]!)! : 0;
  return tiers;
}
