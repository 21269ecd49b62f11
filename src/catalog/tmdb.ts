/**
 * A small TMDB v3 client for enrichment: one film's details with its credits and keywords in
 * one request (`/movie/{id}?append_to_response=credits,keywords`), through a rate limiter
 * (bottleneck: a few requests at once, spaced to stay under TMDB's limit) that retries a
 * rate-limited (429) or failing (5xx, network) request a few times, waiting as TMDB asks.
 * The answer is checked with zod; only what the catalogue keeps is returned.
 */
import Bottleneck from 'bottleneck';
import { z } from 'zod';
import type { EnrichedFacts } from '../db/repositories/movies.js';

export const TMDB_API_URL = 'https://api.themoviedb.org/3';

export interface TmdbMovie extends EnrichedFacts {
  tmdbId: number;
}

export type TmdbResult = { kind: 'ok'; movie: TmdbMovie } | { kind: 'not_found' } | { kind: 'failed'; reason: string };

/** The lead actors a card and the content model use (TMDB lists cast in billing order). */
export const CAST_KEPT = 10;
const KEYWORDS_KEPT = 30;

const named = z.object({ name: z.string().trim().min(1).max(200) }).loose();
const answerSchema = z
  .object({
    id: z.number().int().positive(),
    runtime: z.number().int().min(0).max(2000).nullish(),
    original_language: z.string().trim().min(2).max(8).nullish(),
    poster_path: z.string().max(200).nullish(),
    overview: z.string().max(10_000).nullish(),
    credits: z
      .object({
        cast: z.array(named.extend({ order: z.number().nullish() })).default([]),
        crew: z.array(named.extend({ job: z.string().nullish() })).default([]),
      })
      .loose()
      .optional(),
    keywords: z
      .object({ keywords: z.array(named).default([]) })
      .loose()
      .optional(),
  })
  .loose();

export interface TmdbClientOptions {
  /** A v3 API key, or a v4 read access token (a JWT, sent as a bearer token). */
  apiKey: string;
  /** The API root; a local fake in tests. */
  baseUrl?: string | undefined;
  /** Requests per second at most (TMDB allows about 50; the default stays well under). */
  perSecond?: number | undefined;
  /** Requests in flight at once. */
  concurrency?: number | undefined;
  /** Attempts after the first for 429, 5xx and network errors. */
  retries?: number | undefined;
  /** Longest wait before a retry, whatever Retry-After says. */
  maxRetryWaitMs?: number | undefined;
  fetch?: typeof fetch | undefined;
}

class Retryable extends Error {
  constructor(
    message: string,
    readonly waitMs: number,
  ) {
    super(message);
  }
}

/** Pure: a TMDB answer as the catalogue keeps it. */
export function toTmdbMovie(raw: unknown): TmdbMovie | undefined {
  const parsed = answerSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const a = parsed.data;
  const cast = [...(a.credits?.cast ?? [])].sort((x, y) => (x.order ?? 1e9) - (y.order ?? 1e9)).map((c) => c.name);
  const directors = (a.credits?.crew ?? []).filter((c) => c.job === 'Director').map((c) => c.name);
  const unique = (xs: string[]) => [...new Set(xs)];
  const poster = a.poster_path && /^\/[A-Za-z0-9_-]{1,64}\.(jpg|jpeg|png|webp)$/.test(a.poster_path) ? a.poster_path : null;
  return {
    tmdbId: a.id,
    directors: unique(directors),
    cast: unique(cast).slice(0, CAST_KEPT),
    keywords: unique((a.keywords?.keywords ?? []).map((k) => k.name.toLowerCase())).slice(0, KEYWORDS_KEPT),
    runtime: a.runtime && a.runtime > 0 ? a.runtime : null,
    originalLanguage: a.original_language?.toLowerCase() ?? null,
    posterPath: poster,
    overview: a.overview?.trim() ? a.overview.trim() : null,
  };
}

export class TmdbClient {
  private readonly limiter: Bottleneck;
  private readonly base: string;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: TmdbClientOptions) {
    this.base = (options.baseUrl ?? TMDB_API_URL).replace(/\/+$/, '');
    this.fetchFn = options.fetch ?? fetch;
    const perSecond = options.perSecond ?? 20;
    this.limiter = new Bottleneck({ maxConcurrent: options.concurrency ?? 4, minTime: Math.ceil(1000 / perSecond) });
    const retries = options.retries ?? 3;
    const maxWait = options.maxRetryWaitMs ?? 10_000;
    // Bottleneck re-runs a failed job after the returned delay; undefined gives up.
    this.limiter.on('failed', (error: unknown, info: { retryCount: number }) => {
      if (error instanceof Retryable && info.retryCount < retries) return Math.min(error.waitMs, maxWait);
      return undefined;
    });
  }

  /** One film: ok, not_found (TMDB has no such id) or failed (try again later). Never throws. */
  async movie(tmdbId: number): Promise<TmdbResult> {
    try {
      return await this.limiter.schedule(() => this.fetchMovie(tmdbId));
    } catch (e) {
      return { kind: 'failed', reason: (e as Error).message };
    }
  }

  /** Wait for requests in flight and stop. */
  async stop(): Promise<void> {
    await this.limiter.stop({ dropWaitingJobs: false });
  }

  private async fetchMovie(tmdbId: number): Promise<TmdbResult> {
    const url = new URL(`${this.base}/movie/${tmdbId}`);
    url.searchParams.set('append_to_response', 'credits,keywords');
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.apiKey.startsWith('eyJ')) headers.authorization = `Bearer ${this.options.apiKey}`;
    else url.searchParams.set('api_key', this.options.apiKey);
    let res: Response;
    try {
      res = await this.fetchFn(url, { headers, signal: AbortSignal.timeout(30_000) });
    } catch (e) {
      throw new Retryable(`network: ${(e as Error).message}`, 1000);
    }
    if (res.status === 404) {
      await res.body?.cancel();
      return { kind: 'not_found' };
    }
    if (res.status === 429 || res.status >= 500) {
      await res.body?.cancel();
      const after = Number(res.headers.get('retry-after'));
      throw new Retryable(`HTTP ${res.status}`, Number.isFinite(after) && after > 0 ? after * 1000 : 1000);
    }
    if (!res.ok) {
      await res.body?.cancel();
      // 401: a wrong key. Nothing a retry mends; the caller reports it.
      return { kind: 'failed', reason: `HTTP ${res.status}` };
    }
    const movie = toTmdbMovie(await res.json().catch(() => undefined));
    return movie ? { kind: 'ok', movie } : { kind: 'failed', reason: 'unexpected answer' };
  }
}
