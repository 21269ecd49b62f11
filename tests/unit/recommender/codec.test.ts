import { describe, expect, it } from 'vitest';
import { decodeModel, encodeModel, f32, f64, i32 } from '../../../src/recommender/codec.js';

describe('model codec', () => {
  it('round-trips typed arrays and meta, also from an unaligned copy', () => {
    const bytes = encodeModel({
      name: 'x',
      meta: { params: { k: 3 }, mu: 3.25 },
      arrays: { a: Float32Array.of(1.5, -2), b: Int32Array.of(7, 8, 9), c: Float64Array.of(Math.PI), d: Uint8Array.of(1, 2, 3) },
    });
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const p = decodeModel(shifted.subarray(3), 'x');
    expect(p.meta).toEqual({ params: { k: 3 }, mu: 3.25 });
    expect(Array.from(f32(p, 'a'))).toEqual([1.5, -2]);
    expect(Array.from(i32(p, 'b'))).toEqual([7, 8, 9]);
    expect(f64(p, 'c')[0]).toBe(Math.PI);
    expect(Array.from(p.arrays.d!)).toEqual([1, 2, 3]);
    expect(() => decodeModel(bytes, 'y')).toThrow(/expected "y"/);
    expect(() => decodeModel(new Uint8Array(4))).toThrow();
  });
});
