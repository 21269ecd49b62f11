/**
 * The echo: what the bot understood, in one line
 * ("Looking for: comedy · 1990-1999 · with Tom Hanks · under 120 min · no horror").
 */
import { parseTitle } from './titles.js';
import { MOODS, type Genre } from './lexicon.js';
import type { Preferences } from './types.js';

const SEPARATOR = ' · ';

const GENRE_LABELS: Record<string, string> = {
  'Sci-Fi': 'sci-fi',
  'Film-Noir': 'film noir',
  IMAX: 'IMAX',
  Children: "children's",
};

const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  fr: 'French',
  ko: 'Korean',
  ja: 'Japanese',
  es: 'Spanish',
  de: 'German',
  it: 'Italian',
  zh: 'Chinese',
  cn: 'Cantonese',
  hi: 'Hindi',
  ta: 'Tamil',
  sv: 'Swedish',
  da: 'Danish',
  no: 'Norwegian',
  fi: 'Finnish',
  is: 'Icelandic',
  ru: 'Russian',
  pt: 'Portuguese',
  tr: 'Turkish',
  fa: 'Persian',
  pl: 'Polish',
  nl: 'Dutch',
  th: 'Thai',
  el: 'Greek',
  he: 'Hebrew',
  ar: 'Arabic',
  cs: 'Czech',
  hu: 'Hungarian',
  ro: 'Romanian',
  id: 'Indonesian',
  vi: 'Vietnamese',
};

const QUALITY_LABELS = { highly_rated: 'highly rated', hidden_gem: 'hidden gems', popular: 'popular' } as const;

/** "Matrix, The (1999)" -> "The Matrix (1999)". */
export function readableTitle(title: string): string {
  const t = parseTitle(title);
  return t.year === null ? t.displayTitle : `${t.displayTitle} (${t.year})`;
}

export function genreLabel(genre: string): string {
  return GENRE_LABELS[genre] ?? genre.toLowerCase();
}

export function languageName(code: string): string {
  return LANGUAGE_NAMES[code] ?? code;
}

/** The parts of the echo, in a stable order; empty when nothing was understood. */
export function describeParts(p: Preferences): string[] {
  const parts: string[] = [];
  // a genre a mood implies is said once, by the mood ("for the kids", not "children's · for the kids")
  const implied = new Set(p.moods.flatMap((m) => MOODS[m]?.genres ?? []));
  const genres = p.genres.include.filter((g) => !implied.has(g as Genre));
  if (genres.length) parts.push(genres.map(genreLabel).join(' + '));
  for (const m of p.moods) parts.push(m);
  if (p.similarTo.length) parts.push(`like ${p.similarTo.map((s) => readableTitle(s.title)).join(' or ')}`);
  if (p.years) {
    const { from, to } = p.years;
    if (from !== null && to !== null) parts.push(from === to ? String(from) : `${from}-${to}`);
    else if (from !== null) parts.push(`${from} or later`);
    else if (to !== null) parts.push(`up to ${to}`);
  }
  for (const person of p.people.filter((x) => !x.exclude)) {
    parts.push(person.role === 'director' ? `directed by ${person.name}` : `with ${person.name}`);
  }
  if (p.runtime) {
    const { min, max } = p.runtime;
    if (min !== null && max !== null) parts.push(`${min}-${max} min`);
    else if (max !== null) parts.push(`under ${max} min`);
    else if (min !== null) parts.push(`over ${min} min`);
  }
  if (p.language) parts.push(`in ${languageName(p.language)}`);
  else if (p.foreign) parts.push('not in English');
  if (p.quality) parts.push(QUALITY_LABELS[p.quality]);
  for (const g of p.genres.exclude) parts.push(`no ${genreLabel(g)}`);
  for (const m of p.excludeMoods ?? []) parts.push(`not ${m}`);
  for (const person of p.people.filter((x) => x.exclude)) parts.push(`no ${person.name}`);
  for (const t of p.excludeTitles ?? []) parts.push(`not ${readableTitle(t.title)}`);
  if (p.limit !== null) parts.push(p.limit === 1 ? '1 pick' : `${p.limit} picks`);
  return parts;
}

/** "Looking for: comedy · 1990-1999 · ..."; '' when nothing was understood. */
export function describePreferences(p: Preferences): string {
  const parts = describeParts(p);
  return parts.length ? `Looking for: ${parts.join(SEPARATOR)}` : '';
}

/** True when the parse holds any constraint or hint at all. */
export function hasPreferences(p: Preferences): boolean {
  return describeParts(p).length > 0;
}
