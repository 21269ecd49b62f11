/**
 * A child process for the database-restart test: opens the real Database on DATABASE_URL with
 * the process-level fault policy, and keeps transactions in flight (each holds its connection
 * in a short sleep, as a rating write under load does) until told to stop on stdin. Reports
 * every outcome as one JSON line on stdout, so the test waits on events, not on time.
 */
import { createInterface } from 'node:readline';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.js';
import { installFaultPolicy, isConnectionError } from '../../src/db/faults.js';

const emit = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);
// The policy's own lines go to stdout too, as JSON the test can read.
const log = pino({ level: 'warn' }, pino.destination(1));
installFaultPolicy(log);

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is not set');
const database = await openDatabase({ url, migrate: false, maxConnections: 8 });
let stopping = false;

async function worker(n: number): Promise<void> {
  while (!stopping) {
    try {
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`SELECT pg_sleep(0.05)`);
        emit({ event: 'inflight', worker: n });
        await tx.execute(sql`SELECT pg_sleep(0.05)`);
      });
      emit({ event: 'ok', worker: n });
    } catch (e) {
      emit({ event: 'error', worker: n, connection: isConnectionError(e), message: e instanceof Error ? e.message : String(e) });
      // The server is down: wait for the test to say it is back rather than spin.
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

const workers = Array.from({ length: 8 }, (_, i) => worker(i));
emit({ event: 'ready' });
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'stop') return;
  stopping = true;
  void Promise.allSettled(workers)
    .then(() => database.close())
    .then(() => {
      emit({ event: 'stopped' });
      process.exit(0);
    });
});
