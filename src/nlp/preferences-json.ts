import type { Preferences } from './types.js';

/** The `--json` shape: the contract fields in their documented order, then the optional ones. */
export function preferencesJson(p: Preferences): Record<string, unknown> {
  const out: Record<string, unknown> = {
    genres: { include: p.genres.include, exclude: p.genres.exclude },
    years: p.years,
    people: p.people.map((x) => ({ name: x.name, role: x.role, exclude: x.exclude })),
    runtime: p.runtime,
    language: p.language,
    similarTo: p.similarTo.map((s) => ({ movieId: s.movieId, title: s.title })),
    moods: p.moods,
    limit: p.limit,
  };
  if (p.foreign) out.foreign = true;
  if (p.quality) out.quality = p.quality;
  if (p.keywords?.length) out.keywords = p.keywords;
  if (p.boostGenres?.length) out.boostGenres = p.boostGenres;
  if (p.excludeMoods?.length) out.excludeMoods = p.excludeMoods;
  if (p.excludeKeywords?.length) out.excludeKeywords = p.excludeKeywords;
  return out;
}
