/**
 * Model chunks in and out by binary COPY on either engine (see copy-binary.ts for why).
 * PGlite: COPY through its in-memory /dev/blob device, a batch of chunks per statement (each
 * statement holds the main thread for its batch only). postgres.js: COPY ... FROM STDIN /
 * TO STDOUT streams, written with back-pressure and parsed as the bytes arrive.
 */
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import type { Db } from './client.js';
import { copyRowsOfChunks, CopyBytesReader } from './copy-binary.js';

/** Chunks per PGlite COPY statement: 4 MiB each, so 32 MiB at a time. */
const PGLITE_BATCH = 8;

interface PgliteClient {
  query(sql: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ blob?: Blob; rows: unknown[] }>;
}
interface PostgresJsClient {
  unsafe(sql: string): { readable(): Promise<Readable>; writable(): Promise<Writable> };
}

export interface ModelChunksStore {
  /** Write the pieces as chunks 0..n-1 of a version. */
  write(versionId: number, pieces: readonly Uint8Array[]): Promise<void>;
  /** Read a version's chunks in order into `into`; returns the bytes read. */
  read(versionId: number, into: Uint8Array): Promise<number>;
}

function clientOf(db: Db): PgliteClient | PostgresJsClient {
  // drizzle keeps the driver's client on the handle; only COPY needs it
  const client = (db as unknown as { $client?: unknown }).$client;
  if (!client) throw new Error('model chunks: the database handle has no driver client');
  return client as PgliteClient | PostgresJsClient;
}

const isPostgresJs = (c: PgliteClient | PostgresJsClient): c is PostgresJsClient => typeof (c as PostgresJsClient).unsafe === 'function';

/** Version ids go into COPY statements as literals (COPY takes no parameters). */
function idLiteral(versionId: number): string {
  if (!Number.isSafeInteger(versionId) || versionId < 0) throw new Error(`bad model version id ${versionId}`);
  return String(versionId);
}

export function modelChunksStore(db: Db): ModelChunksStore {
  const client = clientOf(db);
  return isPostgresJs(client) ? postgresJsStore(client) : pgliteStore(client);
}

function pgliteStore(client: PgliteClient): ModelChunksStore {
  return {
    async write(versionId, pieces) {
      for (let first = 0; first < pieces.length; first += PGLITE_BATCH) {
        const batch = pieces.slice(first, first + PGLITE_BATCH);
        const blob = new Blob([...copyRowsOfChunks(versionId, first, batch)] as Uint8Array<ArrayBuffer>[]);
        await client.query(`COPY model_chunks (version_id, seq, data) FROM '/dev/blob' WITH (FORMAT binary)`, [], { blob });
      }
    },
    async read(versionId, into) {
      const id = idLiteral(versionId);
      const reader = new CopyBytesReader(into);
      for (let first = 0; ; first += PGLITE_BATCH) {
        const before = reader.rows;
        const res = await client.query(
          `COPY (SELECT data FROM model_chunks WHERE version_id = ${id} AND seq >= ${first} AND seq < ${first + PGLITE_BATCH} ORDER BY seq) TO '/dev/blob' WITH (FORMAT binary)`,
        );
        const part = new CopyBytesReader(into.subarray(reader.written));
        if (res.blob) part.feed(new Uint8Array(await res.blob.arrayBuffer()));
        if (!part.done) throw new Error(`model ${versionId}: COPY of chunks ${first}.. ended early`);
        reader.written += part.written;
        reader.rows += part.rows;
        if (reader.rows - before < PGLITE_BATCH) return reader.written;
      }
    },
  };
}

function postgresJsStore(client: PostgresJsClient): ModelChunksStore {
  return {
    async write(versionId, pieces) {
      const stream = await client.unsafe('COPY model_chunks (version_id, seq, data) FROM STDIN WITH (FORMAT binary)').writable();
      const finished = new Promise<void>((resolve, reject) => {
        stream.once('finish', resolve);
        stream.once('error', reject);
      });
      finished.catch(() => {}); // awaited below; a failed write also surfaces there
      for (const piece of copyRowsOfChunks(versionId, 0, pieces)) {
        // events.once drops its listeners when it settles (a listener per wait would pile up)
        if (!stream.write(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength))) await once(stream, 'drain');
      }
      stream.end();
      await finished;
    },
    async read(versionId, into) {
      const id = idLiteral(versionId);
      const reader = new CopyBytesReader(into);
      const stream = await client
        .unsafe(`COPY (SELECT data FROM model_chunks WHERE version_id = ${id} ORDER BY seq) TO STDOUT WITH (FORMAT binary)`)
        .readable();
      // postgres.js 3.4 pauses the connection's socket whenever a push into this stream returns
      // false (more buffered than its high-water mark) and resumes it from the stream's read().
      // When the rest of the COPY (CopyDone, ReadyForQuery) came in the same packet, the stream
      // has ended before anyone reads it, read() is never called again, and the connection
      // hangs for every later query. Reading in flowing mode and calling read() once at the
      // end resumes it (a no-op when it was not paused).
      const resume = () => (stream as unknown as { _read(n: number): void })._read(0);
      await new Promise<void>((resolve, reject) => {
        stream.on('data', (piece: Uint8Array) => {
          try {
            reader.feed(piece);
          } catch (e) {
            stream.destroy(e as Error);
          }
        });
        stream.once('end', resolve);
        stream.once('error', reject);
      }).finally(resume);
      if (!reader.done) throw new Error(`model ${versionId}: COPY of its chunks ended early`);
      return reader.written;
    },
  };
}
