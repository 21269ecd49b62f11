/**
 * `--download` against a local HTTP server that serves a zip built here by hand (stored
 * deflate entries, CRC32 from node:zlib), laid out like the GroupLens one: ml-latest-small/*.csv.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadMovieLens } from '../../src/catalog/download.js';
import { importMovieLens, inspectMovieLensDir } from '../../src/catalog/import/index.js';
import { openTestDatabase } from '../helpers/db.js';

/** A minimal zip (PKWARE APPNOTE 4.3): local headers + deflated data, central directory, end record. */
function buildZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const raw = Buffer.from(content, 'utf8');
    const data = deflateRawSync(raw);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

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
    expect(existsSync(path.join(scratch, 'other'))).toBe(false);
  });
});
