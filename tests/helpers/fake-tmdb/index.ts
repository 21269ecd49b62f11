/**
 * A small fake TMDB v3 on 127.0.0.1 for the enrichment tests: `/3/movie/{id}` with
 * `append_to_response=credits,keywords`, an API key check, films that are missing (404),
 * rate-limited (429 with Retry-After) or failing (500) a given number of times. Every request is
 * recorded, so tests can count what a resumed run asked.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeFilm {
  id: number;
  runtime?: number | null;
  original_language?: string;
  poster_path?: string | null;
  overview?: string;
  directors?: string[];
  cast?: string[];
  keywords?: string[];
}

export interface FakeTmdbRequest {
  path: string;
  id: number;
  append: string | null;
  auth: string | null;
  status: number;
}

export class FakeTmdb {
  readonly requests: FakeTmdbRequest[] = [];
  private server: Server | undefined;
  /** Answers to give before the real one: 429 or 500, in order, per TMDB id. */
  private readonly trouble = new Map<number, number[]>();
  private readonly films = new Map<number, FakeFilm>();
  apiUrl = '';

  constructor(readonly apiKey: string) {}

  add(...films: FakeFilm[]): this {
    for (const f of films) this.films.set(f.id, f);
    return this;
  }

  /** The next `statuses` answers for this id, before it answers normally. */
  failNext(id: number, ...statuses: number[]): this {
    this.trouble.set(id, [...(this.trouble.get(id) ?? []), ...statuses]);
    return this;
  }

  requestsFor(id: number): FakeTmdbRequest[] {
    return this.requests.filter((r) => r.id === id);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const m = /^\/3\/movie\/(\d+)$/.exec(url.pathname);
      const id = m ? Number(m[1]) : 0;
      const auth = url.searchParams.get('api_key') ?? req.headers.authorization ?? null;
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        this.requests.push({ path: url.pathname, id, append: url.searchParams.get('append_to_response'), auth, status });
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
      };
      if (auth !== this.apiKey && auth !== `Bearer ${this.apiKey}`) return send(401, { status_code: 7, status_message: 'Invalid API key' });
      if (!m) return send(404, { status_code: 34 });
      const next = this.trouble.get(id)?.shift();
      if (next === 429) return send(429, { status_code: 25 }, { 'retry-after': '0.05' });
      if (next) return send(next, { status_code: 11 }, { 'retry-after': '0.05' });
      const film = this.films.get(id);
      if (!film) return send(404, { status_code: 34, status_message: 'The resource you requested could not be found.' });
      send(200, {
        id: film.id,
        runtime: film.runtime ?? null,
        original_language: film.original_language ?? 'en',
        poster_path: film.poster_path ?? null,
        overview: film.overview ?? '',
        vote_average: 7.1,
        credits: {
          cast: (film.cast ?? []).map((name, order) => ({ name, order, character: 'someone' })).reverse(),
          crew: [
            ...(film.directors ?? []).map((name) => ({ name, job: 'Director' })),
            { name: 'A Composer', job: 'Original Music Composer' },
          ],
        },
        keywords: { keywords: (film.keywords ?? []).map((name, i) => ({ id: i, name })) },
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.apiUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/3`;
    return this;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
    await closed;
  }
}
