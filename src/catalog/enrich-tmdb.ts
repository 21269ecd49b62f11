/**
 * `enrich tmdb`: fill directors, cast, keywords, runtime, language, overview and poster paths
 * from TMDB for every film with a TMDB id (MovieLens links.csv has them). Resumable: each
 * film's answer is stored with a status as soon as its batch is done, and a run asks only about
 * films never asked or that failed last time. Idempotent: asking again writes the same facts.
 */
import type { MoviesRepository, TmdbSave } from '../db/repositories/movies.js';
import type { TmdbResult } from './tmdb.js';

export interface EnrichSummary {
  /** Films with a TMDB id that an earlier run already settled (found, or not on TMDB). */
  alreadyDone: number;
  asked: number;
  ok: number;
  notFound: number;
  failed: number;
  /** The first few failures, for the report. */
  failures: { movieId: number; tmdbId: number; reason: string }[];
  /** Set when TMDB refused the key: the run stopped at once. */
  refused?: string | undefined;
}

export interface EnrichOptions {
  /** Ask about every film with a TMDB id, also those already done. */
  again?: boolean | undefined;
  /** At most this many films in this run (the rest next time). */
  limit?: number | undefined;
  /** Films per stored batch. */
  batchSize?: number | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
  now?: (() => Date) | undefined;
}

const FAILURES_KEPT = 10;

export async function enrichFromTmdb(
  movies: Pick<MoviesRepository, 'pendingTmdb' | 'saveTmdb'>,
  tmdb: { movie(tmdbId: number): Promise<TmdbResult> },
  opts: EnrichOptions = {},
): Promise<EnrichSummary> {
  const all = await movies.pendingTmdb(true);
  const pending = opts.again ? all : await movies.pendingTmdb(false);
  const todo = opts.limit !== undefined ? pending.slice(0, opts.limit) : pending;
  const summary: EnrichSummary = { alreadyDone: all.length - pending.length, asked: 0, ok: 0, notFound: 0, failed: 0, failures: [] };
  const size = opts.batchSize ?? 50;
  opts.onProgress?.(0, todo.length);
  for (let start = 0; start < todo.length; start += size) {
    const batch = todo.slice(start, start + size);
    const answers = await Promise.all(batch.map((m) => tmdb.movie(m.tmdbId)));
    const refusal = answers.find((a) => a.kind === 'failed' && /^HTTP 40[13]$/.test(a.reason));
    if (refusal?.kind === 'failed') {
      summary.refused = `TMDB refused the key (${refusal.reason})`;
      return summary;
    }
    const saves: TmdbSave[] = batch.map((m, i) => {
      const a = answers[i]!;
      summary.asked++;
      if (a.kind === 'ok') {
        summary.ok++;
        const { tmdbId: _id, ...facts } = a.movie;
        return { id: m.id, status: 'ok', facts };
      }
      if (a.kind === 'not_found') {
        summary.notFound++;
        return { id: m.id, status: 'not_found' };
      }
      summary.failed++;
      if (summary.failures.length < FAILURES_KEPT) summary.failures.push({ movieId: m.id, tmdbId: m.tmdbId, reason: a.reason });
      return { id: m.id, status: 'failed' };
    });
    await movies.saveTmdb(saves, opts.now?.());
    opts.onProgress?.(Math.min(start + size, todo.length), todo.length);
  }
  return summary;
}

/** The summary as a few lines for the terminal. */
export function formatEnrichSummary(s: EnrichSummary): string {
  const lines = [
    `TMDB: asked about ${s.asked} films (${s.alreadyDone} done before): ${s.ok} enriched, ${s.notFound} not on TMDB, ${s.failed} failed.`,
  ];
  for (const f of s.failures) lines.push(`  movie ${f.movieId} (TMDB ${f.tmdbId}): ${f.reason}`);
  if (s.failed > 0) lines.push('Run it again to retry the failed ones; films already enriched are not asked again.');
  if (s.ok > 0) lines.push('Run `reelmate train` so recommendations use the new facts; restart the bot to show them on cards.');
  if (s.refused) lines.push(`${s.refused}: check TMDB_API_KEY.`);
  return lines.join('\n');
}
