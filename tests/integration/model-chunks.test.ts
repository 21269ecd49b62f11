import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CopyBytesReader } from '../../src/db/copy-binary.js';
import { createRepositories, MODEL_CHUNK_BYTES, type Repositories } from '../../src/db/repositories/index.js';
import { openTestDatabase, testEngines, type TestDatabase } from '../helpers/db.js';

/** Bytes whose every position is distinct enough that a chunk out of place or a lost byte shows. */
function pattern(size: number, seed: number): Uint8Array {
  const b = new Uint8Array(size);
  let x = seed >>> 0;
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

const publish = (repos: Repositories, blob: Uint8Array | Uint8Array[]) =>
  repos.models.publish({ algorithm: 'test', params: {}, metrics: {}, blob, ratingsCount: 0 });

describe('binary COPY framing', () => {
  it('parses a one-column stream split at every awkward place', () => {
    const rows = [pattern(3, 5), pattern(0, 6), pattern(1000, 7)];
    const parts: number[] = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];
    for (const r of rows) {
      parts.push(0, 1, (r.length >>> 24) & 255, (r.length >>> 16) & 255, (r.length >>> 8) & 255, r.length & 255, ...r);
    }
    parts.push(0xff, 0xff);
    const all = Uint8Array.from(parts);
    const expected = new Uint8Array(1003);
    expected.set(rows[0]!, 0);
    expected.set(rows[2]!, 3);
    for (const step of [1, 2, 3, 5, 7, 19, 64, all.length]) {
      const into = new Uint8Array(1003);
      const reader = new CopyBytesReader(into);
      for (let o = 0; o < all.length; o += step) reader.feed(all.subarray(o, o + step));
      expect(reader.done).toBe(true);
      expect(reader.written).toBe(1003);
      expect(reader.rows).toBe(3);
      expect(into).toEqual(expected);
    }
  });

  it('refuses more bytes than expected, a NULL and a second column', () => {
    const head = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(() => new CopyBytesReader(new Uint8Array(1)).feed(Uint8Array.from([...head, 0, 1, 0, 0, 0, 2, 9, 9]))).toThrow(/more than/);
    expect(() => new CopyBytesReader(new Uint8Array(1)).feed(Uint8Array.from([...head, 0, 1, 0xff, 0xff, 0xff, 0xff]))).toThrow(/NULL/);
    expect(() => new CopyBytesReader(new Uint8Array(1)).feed(Uint8Array.from([...head, 0, 2]))).toThrow(/1 column/);
    expect(() => new CopyBytesReader(new Uint8Array(1)).feed(Uint8Array.from([1, 2, 3, ...head]))).toThrow(/signature/);
  });
});

describe.each(testEngines())('model chunks on %s', (engine) => {
  let database: TestDatabase;
  let repos: Repositories;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    repos = createRepositories(database.db);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('stores a model in chunks and reads it back byte for byte', async () => {
    const blob = pattern(2 * MODEL_CHUNK_BYTES + 12_345, 11);
    const v = await publish(repos, blob);
    expect(v.sizeBytes).toBe(blob.length);
    expect(v.active).toBe(true);
    const chunks = await database.rows<{ n: number }>(
      // three chunks: two full, one short
      (await import('drizzle-orm')).sql`SELECT count(*)::int AS n FROM model_chunks WHERE version_id = ${v.id}`,
    );
    expect(chunks[0]!.n).toBe(3);
    const back = await repos.models.load(v.id);
    expect(back!.blob.length).toBe(blob.length);
    expect(Buffer.compare(back!.blob, blob)).toBe(0);
  });

  it('keeps one active version, stores an empty model, and keeps the chunks of the newest two only', async () => {
    const a = await publish(repos, pattern(10, 1));
    const b = await publish(repos, [pattern(3, 2), pattern(4, 3)]);
    const c = await publish(repos, new Uint8Array(0));
    expect((await repos.models.activeInfo())?.id).toBe(c.id);
    expect((await repos.models.info(a.id))?.active).toBe(false);
    expect((await repos.models.load(c.id))!.blob.length).toBe(0);
    expect(Array.from((await repos.models.load(b.id))!.blob)).toEqual([...pattern(3, 2), ...pattern(4, 3)]);
    // a's chunks are gone: reading it now says so rather than returning short bytes
    await expect(repos.models.load(a.id)).rejects.toThrow(/hold 0 of 10 bytes/);
  });

  it('leaves every connection usable after reading, whatever the size (more reads than the pool has connections)', async () => {
    // postgres.js once left a connection's socket paused after a COPY that fit one packet
    for (const size of [20_000, 30_000, 70_000]) {
      const v = await publish(repos, pattern(size, size));
      for (let k = 0; k < 12; k++) expect((await repos.models.load(v.id))!.blob.length).toBe(size);
    }
    expect(await repos.models.count()).toBeGreaterThan(3);
  });
});

// postgres.js sends bytea as hex text: one value past 256 MiB cannot even become a string.
// Chunks travel by binary COPY, so size is no limit (the server only: PGlite's memory in a test fork is not worth it).
describe.skipIf(!testEngines().includes('postgres'))('a model larger than 256 MiB on the server', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase('postgres');
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('publishes and loads 300 MiB', async () => {
    const repos = createRepositories(database.db);
    const size = 300 * 2 ** 20;
    const blob = new Uint8Array(size);
    // cheap to build, and every 4-byte word differs from its neighbours and from other chunks'
    const words = new Uint32Array(blob.buffer);
    for (let i = 0; i < words.length; i++) words[i] = Math.imul(i, 2654435761) >>> 0;
    const v = await publish(repos, blob);
    expect(v.sizeBytes).toBe(size);
    const into = new Uint8Array(new SharedArrayBuffer(size));
    await repos.models.readInto(v, into);
    expect(Buffer.compare(into, blob)).toBe(0);
  }, 180_000);
});
