/**
 * PostgreSQL's binary COPY format, for the one table that holds large values (model chunks):
 * raw bytes on the wire both ways, never a hex string. postgres.js sends and receives bytea as
 * hex text (twice the bytes, and one value past 256 MiB cannot even be a JS string), PGlite
 * pushes a bytea parameter through the same text form at about 4 MB/s; COPY ... (FORMAT binary)
 * runs at memory speed on both. No maintained library writes this framing for postgres.js and
 * PGlite, and it is small: a signature, then per row a field count and length-prefixed fields.
 */

const SIGNATURE = Uint8Array.of(0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00); // PGCOPY\n\377\r\n\0
/** Signature, flags (int32 0), header extension length (int32 0). */
const HEADER = (() => {
  const h = new Uint8Array(SIGNATURE.length + 8);
  h.set(SIGNATURE);
  return h;
})();
const TRAILER = Uint8Array.of(0xff, 0xff); // field count -1

/** One row of (int4, int4, bytea): its prefix (the bytes before the bytea's content). */
function rowPrefix(a: number, b: number, length: number): Uint8Array {
  const p = new Uint8Array(2 + 8 + 8 + 4);
  const v = new DataView(p.buffer);
  v.setInt16(0, 3);
  v.setInt32(2, 4);
  v.setInt32(6, a);
  v.setInt32(10, 4);
  v.setInt32(14, b);
  v.setInt32(18, length);
  return p;
}

/**
 * The pieces of a binary COPY stream of rows (key, seq, bytes) for seq = first, first+1, ...:
 * the chunks are not copied, only framed. Header and trailer are included.
 */
export function* copyRowsOfChunks(key: number, first: number, chunks: readonly Uint8Array[]): Generator<Uint8Array> {
  yield HEADER;
  for (let i = 0; i < chunks.length; i++) {
    yield rowPrefix(key, first + i, chunks[i]!.byteLength);
    yield chunks[i]!;
  }
  yield TRAILER;
}

/**
 * Reads a binary COPY stream of one bytea column (SELECT data ... ORDER BY seq) into `into`,
 * back to back, fed in pieces of any size as they arrive. Throws on anything else: a NULL, a
 * second column, or more bytes than `into` holds.
 */
export class CopyBytesReader {
  private pending = new Uint8Array(0);
  private state: 'header' | 'row' | 'length' | 'data' | 'done' = 'header';
  private remaining = 0;
  /** Bytes written into `into` so far. */
  written = 0;
  rows = 0;

  constructor(private readonly into: Uint8Array) {}

  get done(): boolean {
    return this.state === 'done';
  }

  /** Take `need` bytes from pending + input, or null when they have not all arrived yet. */
  private take(input: Uint8Array, at: { i: number }, need: number): Uint8Array | null {
    const have = this.pending.length + input.length - at.i;
    if (have < need) {
      const keep = new Uint8Array(have);
      keep.set(this.pending);
      keep.set(input.subarray(at.i), this.pending.length);
      this.pending = keep;
      at.i = input.length;
      return null;
    }
    const out = new Uint8Array(need);
    const fromPending = Math.min(need, this.pending.length);
    out.set(this.pending.subarray(0, fromPending));
    out.set(input.subarray(at.i, at.i + need - fromPending), fromPending);
    at.i += need - fromPending;
    this.pending = this.pending.subarray(fromPending);
    return out;
  }

  feed(input: Uint8Array): void {
    const at = { i: 0 };
    while (at.i < input.length || this.pending.length > 0) {
      if (this.state === 'done') {
        if (at.i < input.length || this.pending.length > 0) throw new Error('binary COPY: bytes after the trailer');
        return;
      }
      if (this.state === 'data') {
        if (this.pending.length > 0) {
          // bytes left over from a length read that arrived in the same piece
          const n = Math.min(this.remaining, this.pending.length);
          this.into.set(this.pending.subarray(0, n), this.written);
          this.written += n;
          this.remaining -= n;
          this.pending = this.pending.subarray(n);
          if (this.remaining === 0) this.state = 'row';
          continue;
        }
        const n = Math.min(this.remaining, input.length - at.i);
        this.into.set(input.subarray(at.i, at.i + n), this.written);
        this.written += n;
        this.remaining -= n;
        at.i += n;
        if (this.remaining === 0) this.state = 'row';
        continue;
      }
      if (this.state === 'header') {
        const h = this.take(input, at, HEADER.length);
        if (!h) return;
        for (let k = 0; k < SIGNATURE.length; k++) if (h[k] !== SIGNATURE[k]) throw new Error('binary COPY: bad signature');
        if (new DataView(h.buffer).getInt32(SIGNATURE.length + 4) !== 0)
          throw new Error('binary COPY: header extensions are not supported');
        this.state = 'row';
        continue;
      }
      if (this.state === 'row') {
        const c = this.take(input, at, 2);
        if (!c) return;
        const fields = new DataView(c.buffer).getInt16(0);
        if (fields === -1) {
          this.state = 'done';
          continue;
        }
        if (fields !== 1) throw new Error(`binary COPY: expected 1 column, got ${fields}`);
        this.state = 'length';
        continue;
      }
      const l = this.take(input, at, 4);
      if (!l) return;
      const length = new DataView(l.buffer).getInt32(0);
      if (length < 0) throw new Error('binary COPY: unexpected NULL');
      if (this.written + length > this.into.length) throw new Error(`binary COPY: more than the ${this.into.length} bytes expected`);
      this.rows++;
      this.remaining = length;
      this.state = length === 0 ? 'row' : 'data';
    }
  }
}
