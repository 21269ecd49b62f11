/**
 * An in-memory catalogue built from movie rows: title search, a people index over directors
 * and cast, and the PreferenceCatalog the parser consults. It is built once per process from
 * the database (MoviesRepository.all()) or, for the parse CLI without an imported database,
 * straight from MovieLens movies.csv plus the optional enrichment JSONL.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Movie } from '../db/repositories/movies.js';
import { parseTitle } from '../nlp/titles.js';
import type { PreferenceCatalog } from '../nlp/types.js';
import { warmWords } from '../nlp/words.js';
import { MOVIES_CSV, fileSize, readCsv, readEnrichment, readLines } from './movielens-csv.js';
import { PeopleIndex, type PersonMatch } from './people.js';
import { TitleIndex, type SearchOptions, type TitleMatch } from './search.js';

/** The movie fields the catalogue uses: a database row satisfies it. */
export type CatalogMovie = Pick<Movie, 'id' | 'title' | 'displayTitle' | 'year' | 'genres'> &
  Partial<
    Pick<Movie, 'directors' | 'cast' | 'keywords' | 'runtime' | 'originalLanguage' | 'tmdbVoteCount' | 'tmdbVoteAverage' | 'tmdbPopularity'>
  >;

export interface CatalogOptions {
  /** Popularity per movie (e.g. number of ratings), to rank equally good title matches. */
  popularity?: ReadonlyMap<number, number> | undefined;
}

export class Catalog implements PreferenceCatalog {
  readonly titles: TitleIndex;
  readonly people: PeopleIndex;
  readonly latestYear: number | null;
  private readonly byId: Map<number, CatalogMovie>;

  constructor(
    readonly movies: readonly CatalogMovie[],
    opts: CatalogOptions = {},
  ) {
    this.byId = new Map(movies.map((m) => [m.id, m]));
    this.titles = new TitleIndex(
      movies.map((m) => ({
        movieId: m.id,
        title: m.title,
        displayTitle: m.displayTitle,
        year: m.year ?? null,
        alternates: parseTitle(m.title).alternateTitles,
        popularity: opts.popularity?.get(m.id) ?? m.tmdbVoteCount ?? 0,
      })),
    );
    this.people = new PeopleIndex();
    let latest: number | null = null;
    for (const m of movies) {
      for (const d of m.directors ?? []) this.people.add(d, 'director');
      for (const c of m.cast ?? []) this.people.add(c, 'actor');
      if (m.year !== null && m.year !== undefined && (latest === null || m.year > latest)) latest = m.year;
    }
    this.people.finish();
    this.latestYear = latest;
    // the parser consults this catalogue with the word-frequency table beside it: load that now,
    // at start-up, so the first request does not pay for it
    warmWords();
  }

  get size(): number {
    return this.movies.length;
  }

  get(movieId: number): CatalogMovie | undefined {
    return this.byId.get(movieId);
  }

  /** Ranked title matches with scores (1 = exact); see isConfidentMatch in search.ts. */
  searchTitles(query: string, opts?: SearchOptions): TitleMatch[] {
    return this.titles.search(query, opts);
  }

  searchPeople(phrase: string, opts?: SearchOptions): PersonMatch[] {
    return this.people.search(phrase, opts);
  }

  runtimeOf(movieId: number): number | null {
    return this.byId.get(movieId)?.runtime ?? null;
  }

  findTitles(phrase: string, limit: number, opts?: { fuzzy?: boolean }): { movieId: number; title: string; score: number }[] {
    return this.titles.search(phrase, { limit, fuzzy: opts?.fuzzy }).map((m) => ({ movieId: m.movieId, title: m.title, score: m.score }));
  }

  findPeople(
    phrase: string,
    limit: number,
    opts?: { fuzzy?: boolean },
  ): { name: string; roles: ('actor' | 'director')[]; primaryRole: 'actor' | 'director' | null; score: number; movies: number }[] {
    return this.people
      .search(phrase, { limit, fuzzy: opts?.fuzzy })
      .map((p) => ({ name: p.name, roles: p.roles, primaryRole: p.primaryRole, score: p.score, movies: p.movies }));
  }
}

const MAX_RATINGS_BYTES_FOR_POPULARITY = 32 * 2 ** 20;

export interface CatalogFiles {
  /** A MovieLens folder with movies.csv (ratings.csv, when present, ranks ties by popularity). */
  movielensDir: string;
  /** Optional enrichment JSONL (directors, cast, runtime, language, ...). */
  enrichFile?: string | undefined;
}

/** Build a catalogue from MovieLens CSVs and the enrichment file, without a database. Rows that fail validation are skipped. */
export async function loadCatalogFromFiles(files: CatalogFiles): Promise<Catalog> {
  const movies = new Map<number, CatalogMovie>();
  for await (const chunk of readCsv(path.join(files.movielensDir, 'movies.csv'), MOVIES_CSV)) {
    for (const row of chunk) {
      if (!row.ok) continue;
      const parsed = parseTitle(row.value.title);
      movies.set(row.value.movieId, {
        id: row.value.movieId,
        title: parsed.title,
        displayTitle: parsed.displayTitle,
        year: parsed.year,
        genres: row.value.genres,
      });
    }
  }
  if (files.enrichFile && existsSync(files.enrichFile)) {
    for await (const chunk of readEnrichment(files.enrichFile)) {
      for (const row of chunk) {
        if (!row.ok) continue;
        const m = movies.get(row.value.movieId);
        if (!m) continue;
        const e = row.value;
        Object.assign(m, {
          directors: e.directors,
          cast: e.cast,
          keywords: e.keywords,
          runtime: e.runtime,
          originalLanguage: e.original_language,
          tmdbVoteCount: e.vote_count,
          tmdbVoteAverage: e.vote_average,
          tmdbPopularity: e.popularity,
        });
      }
    }
  }
  const popularity = new Map<number, number>();
  const ratingsFile = path.join(files.movielensDir, 'ratings.csv');
  // Ties are ranked by rating counts when ratings.csv is small enough to count quickly. Only
  // the movieId column is read (validating every rating row here would triple the load time;
  // the importer validates them).
  if (existsSync(ratingsFile) && fileSize(ratingsFile) < MAX_RATINGS_BYTES_FOR_POPULARITY) {
    for await (const lines of readLines(ratingsFile)) {
      for (const { line, text } of lines) {
        if (line === 1) continue;
        const a = text.indexOf(',');
        const b = a < 0 ? -1 : text.indexOf(',', a + 1);
        if (b < 0) continue;
        const id = Number(text.slice(a + 1, b));
        if (Number.isInteger(id) && id > 0) popularity.set(id, (popularity.get(id) ?? 0) + 1);
      }
    }
  }
  return new Catalog([...movies.values()], { popularity });
}
