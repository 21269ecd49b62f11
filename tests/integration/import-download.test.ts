/**
 * `--download` against a local HTTP server that serves a zip built by hand (see
 * tests/fixtures/import/zip.ts), laid out like the GroupLens one: ml-latest-small/*.csv.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadMovieLens } from '../../src/catalog/download.js';
import { importMovieLens, inspectMovieLensDir } from '../../src/catalog/import/index.js';
import { openTestDatabase } from '../helpers/db.js';
import { buildZip } from '../fixtures/import/zip.js';

const MOVIES = 'movieId,title,genres\n1,Toy Story (1995),Animation|Comedy\n2,"Matrix, The (1999)",Action|Sci-Fi\n';
const RATINGS = 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,2,5.0,964982704\n2,2,3.5,964982705\n';
const zip = buildZip({
  'ml-latest-small/': '',
  'ml-latest-small/movies.csv': MOVIES,
  'ml-latest-small/ratings.csv': RATINGS,
  'ml-latest-small/tags.csv': 'userId,movieId,tag,timestamp\n3,1,pixar,1445714994\n',
  'ml-latest-small/links.csv': 'movieId,imdbId,tmdbId\n1,0114709,862\n2,0133093,603\n',
  'ml-latest-small/README.txt': 'MovieLens test zip\n',
});

describe('MovieLens download', () => {
  let server: Server;
  let base: string;
  let scratch: string;
  const requests: string[] = [];

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'reelmate-download-'));
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === '/ml-latest-small.zip') {
        res.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.length });
        res.end(zip);
      } else if (req.url === '/garbage.zip') {
        res.writeHead(200, { 'content-type': 'application/zip' });
        res.end('this is not a zip file');
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(scratch, { recursive: true, force: true });
  });

  it('fetches and unpacks the zip into the directory, which then imports', async () => {
    const dir = path.join(scratch, 'data', 'ml-latest-small');
    const progress: [number, number][] = [];
    const r = await downloadMovieLens(dir, { url: `${base}/ml-latest-small.zip`, onBytes: (a, b) => progress.push([a, b]) });
    expect(r).toEqual({ ok: true, value: dir });
    expect(readFileSync(path.join(dir, 'movies.csv'), 'utf8')).toBe(MOVIES);
    expect(readFileSync(path.join(dir, 'ratings.csv'), 'utf8')).toBe(RATINGS);
    expect(progress.at(-1)).toEqual([zip.length, zip.length]);
    expect(inspectMovieLensDir(dir).ok).toBe(true);

    const database = await openTestDatabase('pglite');
    try {
      const s = await importMovieLens(database, { dir });
      expect(s.files.map((f) => [f.step, f.added + f.updated, f.rejected])).toEqual([
        ['movies', 2, 0],
        ['links', 2, 0],
        ['ratings', 3, 0],
        ['tags', 1, 0],
      ]);
      expect(s.users).toEqual({ added: 3, seen: 3 });
    } finally {
      await database.dispose();
    }
  });

  it('refuses to overwrite an existing directory', async () => {
    const dir = path.join(scratch, 'data', 'ml-latest-small');
    const r = await downloadMovieLens(dir, { url: `${base}/ml-latest-small.zip` });
    expect(r).toMatchObject({ ok: false, error: { kind: 'exists' } });
  });

  it('reports HTTP errors, broken zips and unreachable hosts as values and leaves nothing behind', async () => {
    const dir = path.join(scratch, 'other');
    expect(await downloadMovieLens(dir, { url: `${base}/missing.zip` })).toMatchObject({
      ok: false,
      error: { kind: 'http', message: expect.stringContaining('404') },
    });
    expect(await downloadMovieLens(dir, { url: `${base}/garbage.zip` })).toMatchObject({ ok: false, error: { kind: 'zip' } });
    expect(await downloadMovieLens(dir, { url: 'http://127.0.0.1:1/x.zip' })).toMatchObject({ ok: false, error: { kind: 'network' } });
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(scratch).filter((n) => n.startsWith('.movielens-download-'))).toEqual([]);
  });
});
