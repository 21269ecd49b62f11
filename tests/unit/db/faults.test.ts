import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { faultHandlers, isConnectionError, isDriverFault, onDriverFault, postgresDriverPatched } from '../../../src/db/faults.js';

function coded(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

/** The exact shape of porsager/postgres#1154: a TypeError thrown from the driver's timer callback. */
function nullSocketTypeError(): TypeError {
  const e = new TypeError("Cannot read properties of null (reading 'write')");
  e.stack = `${e.message}\n    at Immediate.nextWrite (file:///app/node_modules/postgres/src/connection.js:255:22)\n    at process.processImmediate (node:internal/timers:485:21)`;
  return e;
}

function recorder() {
  const lines: { level: number; msg: string }[] = [];
  const log = pino({ level: 'trace' }, { write: (s: string) => void lines.push(JSON.parse(s) as { level: number; msg: string }) });
  const exits: number[] = [];
  return { lines, exits, ...faultHandlers(log, (code) => exits.push(code)) };
}

describe('database faults', () => {
  it('knows a connection error, also wrapped by the query layer', () => {
    for (const code of ['CONNECTION_CLOSED', 'CONNECT_TIMEOUT', 'ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '08006']) {
      expect(isConnectionError(coded(code))).toBe(true);
    }
    expect(
      isConnectionError(
        new Error('Failed query: insert ...', { cause: coded('57P01', 'terminating connection due to administrator command') }),
      ),
    ).toBe(true);
    // A query that is wrong is not the database being away.
    expect(isConnectionError(coded('23505', 'duplicate key'))).toBe(false);
    expect(isConnectionError(coded('22P02'))).toBe(false);
    expect(isConnectionError(new TypeError('x is undefined'))).toBe(false);
    expect(isConnectionError(null)).toBe(false);
  });

  it('recognises the driver null-socket TypeError, and nothing else of its kind', () => {
    expect(isDriverFault(nullSocketTypeError())).toBe(true);
    const ours = new TypeError("Cannot read properties of null (reading 'write')");
    expect(isDriverFault(ours)).toBe(false);
  });

  it('survives a driver fault (logged, pools rebuilt) and still ends the process on a real bug', () => {
    const r = recorder();
    let rebuilt = 0;
    const stop = onDriverFault(() => rebuilt++);
    try {
      r.onException(nullSocketTypeError(), 'uncaughtException');
      r.onRejection(coded('CONNECTION_CLOSED'));
      expect(r.exits).toEqual([]);
      expect(rebuilt).toBe(1);
      expect(r.lines.map((l) => [l.level, l.msg])).toEqual([
        [40, 'database driver fault survived; rebuilding the connection pool'],
        [40, 'unhandled database connection error survived'],
      ]);
      r.onException(new TypeError('a bug of ours'), 'uncaughtException');
      r.onRejection(new Error('another bug'));
      expect(r.exits).toEqual([1, 1]);
      expect(r.lines.slice(2).map((l) => l.level)).toEqual([60, 60]);
    } finally {
      stop();
    }
  });

  it('the installed postgres.js carries the patch that npm ci applies', () => {
    expect(postgresDriverPatched()).toBe(true);
  });
});
