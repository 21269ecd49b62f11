/**
 * Loaders for a MovieLens release in CSV form (ratings.csv, movies.csv, optional tags.csv and
 * links.csv) and the optional TMDB enrichment JSONL, into RatingTriples and ItemMeta.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { err, ok, type Result } from '../../util/result.js';
import type { ItemMeta, RatingTriples } from '../types.js';
import { parseRatingsCsv } from './csv.js';

export function loadRatingsCsv(file: string): RatingTriples {
  return parseRatingsCsv(readFileSync(file));
}

const movieRow = z.object({ movieId: z.coerce.number().int(), title: z.string(), genres: z.string() });

/** "Heat (1995)" -> { title: "Heat (1995)", year: 1995 }; titles keep their year, as MovieLens spells them. */
export function yearOfTitle(title: string): number | null {
  const m = /\((\d{4})(?:[-–]\d{0,4})?\)\s*$/.exec(title.trim());
  return m ? Number(m[1]) : null;
}

export function loadMoviesCsv(file: string): Map<number, ItemMeta> {
  const rows = parse(readFileSync(file), { columns: true, skip_empty_lines: true }) as unknown[];
  const out = new Map<number, ItemMeta>();
  for (const raw of rows) {
    const r = movieRow.safeParse(raw);
    if (!r.success) continue;
    const { movieId, title, genres } = r.data;
    out.set(movieId, {
      movieId,
      title: title.trim(),
      year: yearOfTitle(title),
      genres: genres === '(no genres listed)' ? [] : genres.split('|').filter(Boolean),
      tags: [],
      keywords: [],
      directors: [],
      cast: [],
      overview: null,
      runtime: null,
      language: null,
    });
  }
  return out;
}

const tagRow = z.object({ movieId: z.coerce.number().int(), tag: z.string() });

/** movieId -> distinct tags, lower-cased, in first-seen order. */
export function loadTagsCsv(file: string): Map<number, string[]> {
  const rows = parse(readFileSync(file), { columns: true, skip_empty_lines: true, relax_quotes: true }) as unknown[];
  const sets = new Map<number, Set<string>>();
  for (const raw of rows) {
    const r = tagRow.safeParse(raw);
    if (!r.success) continue;
    const tag = r.data.tag.trim().toLowerCase();
    if (!tag) continue;
    let s = sets.get(r.data.movieId);
    if (!s) sets.set(r.data.movieId, (s = new Set()));
    s.add(tag);
  }
  return new Map([...sets].map(([k, v]) => [k, [...v]]));
}

export interface Links {
  imdbId: string | null;
  tmdbId: number | null;
}

export function loadLinksCsv(file: string): Map<number, Links> {
  const rows = parse(readFileSync(file), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const out = new Map<number, Links>();
  for (const r of rows) {
    const movieId = Number(r.movieId);
    if (!Number.isInteger(movieId)) continue;
    const tmdb = Number(r.tmdbId);
    out.set(movieId, { imdbId: r.imdbId || null, tmdbId: r.tmdbId && Number.isInteger(tmdb) ? tmdb : null });
  }
  return out;
}

/** One line of movies_enriched.jsonl (see the dataset's SOURCE.md). */
export const enrichmentLine = z.object({
  movieId: z.number().int(),
  tmdbId: z.number().int().nullish(),
  imdbId: z.string().nullish(),
  title: z.string().nullish(),
  overview: z.string().nullish(),
  directors: z.array(z.string()).default([]),
  cast: z.array(z.string()).default([]),
  keywords: z.array(z.string()).default([]),
  runtime: z.number().int().positive().nullish(),
  original_language: z.string().nullish(),
  release_date: z.string().nullish(),
  vote_average: z.number().nullish(),
  vote_count: z.number().nullish(),
  popularity: z.number().nullish(),
});
export type EnrichmentLine = z.infer<typeof enrichmentLine>;

export function loadEnrichment(file: string): { rows: Map<number, EnrichmentLine>; skipped: number } {
  const rows = new Map<number, EnrichmentLine>();
  let skipped = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    const r = enrichmentLine.safeParse(json);
    if (r.success) rows.set(r.data.movieId, r.data);
    else skipped++;
  }
  return { rows, skipped };
}

/** Adds tags and enrichment to the catalogue entries (in place). */
export function mergeItemMeta(
  movies: Map<number, ItemMeta>,
  tags: Map<number, string[]> | null,
  enrichment: Map<number, EnrichmentLine> | null,
): void {
  for (const [movieId, meta] of movies) {
    const t = tags?.get(movieId);
    if (t) meta.tags = t;
    const e = enrichment?.get(movieId);
    if (!e) continue;
    meta.keywords = e.keywords;
    meta.directors = e.directors;
    meta.cast = e.cast;
    meta.overview = e.overview ?? null;
    meta.runtime = e.runtime ?? null;
    meta.language = e.original_language ?? null;
    if (meta.year === null && e.release_date) {
      const y = Number(e.release_date.slice(0, 4));
      if (Number.isInteger(y)) meta.year = y;
    }
  }
}

export interface MovieLensData {
  ratings: RatingTriples;
  movies: Map<number, ItemMeta>;
  links: Map<number, Links> | null;
  /** Name of the release, from the directory name (e.g. "ml-latest-small"). */
  name: string;
}

/**
 * Loads a MovieLens directory: ratings.csv and movies.csv are required, tags.csv and
 * links.csv are used when present, the enrichment JSONL when a path is given.
 */
export function loadMovieLens(dir: string, opts: { enrichFile?: string | undefined } = {}): Result<MovieLensData> {
  for (const f of ['ratings.csv', 'movies.csv']) {
    if (!existsSync(path.join(dir, f))) return err('not_found', `${f} not found in ${dir}`);
  }
  if (opts.enrichFile && !existsSync(opts.enrichFile)) return err('not_found', `enrichment file ${opts.enrichFile} not found`);
  const ratings = loadRatingsCsv(path.join(dir, 'ratings.csv'));
  const movies = loadMoviesCsv(path.join(dir, 'movies.csv'));
  const tagsFile = path.join(dir, 'tags.csv');
  const linksFile = path.join(dir, 'links.csv');
  const tags = existsSync(tagsFile) ? loadTagsCsv(tagsFile) : null;
  const enrichment = opts.enrichFile ? loadEnrichment(opts.enrichFile).rows : null;
  mergeItemMeta(movies, tags, enrichment);
  return ok({
    ratings,
    movies,
    links: existsSync(linksFile) ? loadLinksCsv(linksFile) : null,
    name: path.basename(path.resolve(dir)),
  });
}
