/**
 * A small self-describing container for fitted models: a JSON header (name, params, any
 * small state) followed by named typed arrays, 8-byte aligned (nested models too, so every
 * section of a model is aligned wherever the outer one starts aligned). Decoding copies each
 * array, so the bytes may come from anywhere (e.g. a postgres.js Buffer at an odd offset),
 * except from a SharedArrayBuffer: that is the serving loader's (model chunks are read into
 * one, once), never reused for anything else, and the worker threads that serve a model all
 * view it instead of holding a copy each. Serving never writes into a loaded model's arrays.
 */

export type ModelArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export interface ModelPayload {
  /** Algorithm name; load() checks it so a model is never restored into the wrong class. */
  name: string;
  /** JSON-friendly state (params, scalars). */
  meta: Record<string, unknown>;
  arrays: Record<string, ModelArray>;
}

const MAGIC = 0x314d4d52; // "RMM1" little-endian
type ArrayKind = 'f32' | 'f64' | 'i32' | 'u8';

interface Section {
  key: string;
  kind: ArrayKind;
  offset: number;
  length: number;
}

function kindOf(a: ModelArray): ArrayKind {
  if (a instanceof Float32Array) return 'f32';
  if (a instanceof Float64Array) return 'f64';
  if (a instanceof Int32Array) return 'i32';
  return 'u8';
}

const align8 = (n: number) => (n + 7) & ~7;

export function encodeModel(payload: ModelPayload): Uint8Array {
  const sections: Section[] = [];
  let offset = 0;
  for (const [key, a] of Object.entries(payload.arrays)) {
    sections.push({ key, kind: kindOf(a), offset, length: a.length });
    offset = align8(offset + a.byteLength);
  }
  const header = new TextEncoder().encode(JSON.stringify({ name: payload.name, meta: payload.meta, sections }));
  const dataStart = align8(8 + header.length);
  const out = new Uint8Array(dataStart + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, header.length, true);
  out.set(header, 8);
  for (const s of sections) {
    const a = payload.arrays[s.key]!;
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), dataStart + s.offset);
  }
  return out;
}

/** Throws on corrupt bytes or a name mismatch: both are bugs (or tampering), not user errors. */
export function decodeModel(bytes: Uint8Array, expectedName?: string): ModelPayload {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 8 || view.getUint32(0, true) !== MAGIC) throw new Error('not a Reelmate model');
  const headerLen = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLen))) as {
    name: string;
    meta: Record<string, unknown>;
    sections: Section[];
  };
  if (expectedName !== undefined && header.name !== expectedName) {
    throw new Error(`model is "${header.name}", expected "${expectedName}"`);
  }
  const dataStart = align8(8 + headerLen);
  const arrays: Record<string, ModelArray> = {};
  for (const s of header.sections) {
    const start = dataStart + s.offset;
    const width = s.kind === 'f64' ? 8 : s.kind === 'u8' ? 1 : 4;
    const at = bytes.byteOffset + start;
    const shared = bytes.buffer instanceof SharedArrayBuffer && at % width === 0;
    const b = shared ? bytes.subarray(start, start + s.length * width) : bytes.slice(start, start + s.length * width); // else a fresh, aligned buffer
    arrays[s.key] =
      s.kind === 'f32'
        ? new Float32Array(b.buffer, b.byteOffset, s.length)
        : s.kind === 'f64'
          ? new Float64Array(b.buffer, b.byteOffset, s.length)
          : s.kind === 'i32'
            ? new Int32Array(b.buffer, b.byteOffset, s.length)
            : b;
  }
  return { name: header.name, meta: header.meta, arrays };
}

/** Typed accessors for decode results (a missing or mistyped section is a bug). */
export function f32(p: ModelPayload, key: string): Float32Array {
  const a = p.arrays[key];
  if (!(a instanceof Float32Array)) throw new Error(`model section ${key} missing or not f32`);
  return a;
}
export function f64(p: ModelPayload, key: string): Float64Array {
  const a = p.arrays[key];
  if (!(a instanceof Float64Array)) throw new Error(`model section ${key} missing or not f64`);
  return a;
}
export function i32(p: ModelPayload, key: string): Int32Array {
  const a = p.arrays[key];
  if (!(a instanceof Int32Array)) throw new Error(`model section ${key} missing or not i32`);
  return a;
}
export function num(p: ModelPayload, key: string): number {
  const v = p.meta[key];
  if (typeof v !== 'number') throw new Error(`model field ${key} missing or not a number`);
  return v;
}
