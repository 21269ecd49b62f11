/**
 * A PostgreSQL server restarted under load must never end the process. A child process runs
 * the real Database (postgres.js, drizzle transactions) with the process-level fault policy
 * against a server of this test's own, with transactions in flight; the test then stops the
 * server fast, immediately, and kills its postmaster, each time waiting on sync points (a
 * transaction in flight, a connection error seen, the server up again, a transaction that
 * succeeds) rather than on time. Unpatched postgres.js 3.4.9 throws its null-socket TypeError
 * (porsager/postgres#1154, #1208) from the rollback of an interrupted transaction here.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgServer, pgServerUnavailable } from '../helpers/pg-server.js';

const unavailable = pgServerUnavailable();

interface Line {
  event?: string;
  connection?: boolean;
  level?: number;
  msg?: string;
}

describe.skipIf(unavailable !== undefined)('a database restart under load', () => {
  let server: PgServer;
  let child: ChildProcessWithoutNullStreams;
  const lines: Line[] = [];
  const waiters: (() => void)[] = [];
  let exit: Promise<number | null>;

  /** Resolves with the index of the first line after `from` that matches. */
  function waitFor(from: number, what: string, match: (l: Line) => boolean): Promise<number> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const i = lines.findIndex((l, n) => n >= from && match(l));
        if (i >= 0) resolve(i);
        return i >= 0;
      };
      if (check()) return;
      // A safety net for a broken run, not a timing assertion.
      const timer = setTimeout(() => reject(new Error(`no ${what} within 90 s; last lines: ${JSON.stringify(lines.slice(-5))}`)), 90_000);
      waiters.push(() => {
        if (check()) clearTimeout(timer);
      });
    });
  }

  beforeAll(async () => {
    server = await PgServer.create();
    child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/restart-load-child.ts'], {
      env: { ...process.env, DATABASE_URL: server.url, LOG_LEVEL: 'warn' },
    });
    exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.stderr.on('data', (d: Buffer) => lines.push({ msg: `stderr: ${d.toString()}` }));
    createInterface({ input: child.stdout }).on('line', (text) => {
      try {
        lines.push(JSON.parse(text) as Line);
      } catch {
        lines.push({ msg: text });
      }
      for (const w of [...waiters]) w();
    });
    await waitFor(0, 'ready', (l) => l.event === 'ready');
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await server?.dispose();
  });

  const faults = [
    ['pg_ctl stop -m fast', () => server.stop('fast')],
    ['pg_ctl stop -m immediate', () => server.stop('immediate')],
    ['kill -9 of the postmaster', () => server.killPostmaster()],
    ['pg_ctl stop -m fast, again', () => server.stop('fast')],
  ] as const;

  for (const [name, fault] of faults) {
    it(`survives ${name} with transactions in flight, and the pool recovers`, async () => {
      const mark = lines.length;
      await waitFor(mark, 'transaction in flight', (l) => l.event === 'inflight');
      const faultAt = lines.length;
      await fault();
      await waitFor(faultAt, 'connection error', (l) => l.event === 'error' && l.connection === true);
      await server.start();
      const upAt = lines.length;
      await waitFor(upAt, 'a transaction after the restart', (l) => l.event === 'ok');
      expect(child.exitCode).toBeNull();
    });
  }

  it('stops cleanly; no fatal error and no error other than connection errors on the way', async () => {
    child.stdin.write('stop\n');
    expect(await exit).toBe(0);
    expect(lines.filter((l) => (l.level ?? 0) >= 60)).toEqual([]);
    expect(lines.filter((l) => l.event === 'error' && l.connection !== true)).toEqual([]);
    expect(lines.filter((l) => l.msg?.startsWith('stderr:'))).toEqual([]);
  });
});
