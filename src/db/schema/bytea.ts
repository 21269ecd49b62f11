import { customType } from 'drizzle-orm/pg-core';

/**
 * drizzle has no built-in bytea. Values are copied into a fresh Uint8Array because
 * postgres.js hands back a Buffer that may sit at an unaligned offset in a shared pool,
 * and callers view the bytes as Float32Array.
 */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array | string }>({
  dataType() {
    return 'bytea';
  },
  toDriver(value) {
    return value;
  },
  fromDriver(value) {
    if (typeof value === 'string') {
      // hex text form: \x0a0b...
      const hex = value.startsWith('\\x') ? value.slice(2) : value;
      return Uint8Array.from(Buffer.from(hex, 'hex'));
    }
    return Uint8Array.from(value);
  },
});
