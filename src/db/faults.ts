/**
 * Database faults: which errors mean "the connection or the server went away" (answer 503 /
 * "try again", never 500), and the process-level policy that keeps such an error from ending
 * the process when it escapes every try/catch (a driver callback, an unawaited promise),
 * while every other uncaught error still ends it as Node would.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Logger } from '../util/logger.js';

/** postgres.js connection error codes, Node socket codes. */
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTCONN',
]);

/**
 * SQLSTATEs of a server that is shutting down, starting up or crashed: class 08 (connection
 * exception), 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now.
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03';
}

/** The error and its causes (drizzle wraps driver errors in DrizzleQueryError). */
function* chain(e: unknown): Generator<unknown> {
  let current = e;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/** True when the error says the database connection or server is gone, not that a query is wrong. */
export function isConnectionError(e: unknown): boolean {
  for (const x of chain(e)) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || isUnavailableSqlState(code))) return true;
  }
  return false;
}

const DRIVER_FRAME = /[\\/]node_modules[\\/]postgres[\\/]/;

/**
 * An error that escaped from inside the PostgreSQL driver (the porsager/postgres#1154 null
 * socket TypeError, thrown from a timer callback) or a connection error nobody awaited.
 */
export function isDriverFault(e: unknown): boolean {
  if (isConnectionError(e)) return true;
  return e instanceof Error && typeof e.stack === 'string' && DRIVER_FRAME.test(e.stack.split('\n').slice(0, 4).join('\n'));
}

const rebuilders = new Set<() => void>();

/** Called on every driver fault the policy catches; open server pools rebuild themselves here. */
export function onDriverFault(rebuild: () => void): () => void {
  rebuilders.add(rebuild);
  return () => rebuilders.delete(rebuild);
}

/** Tell every open pool that its driver misbehaved (the policy does it; tests may too). */
export function reportDriverFault(): void {
  for (const rebuild of [...rebuilders]) {
    try {
      rebuild();
    } catch {
      // A pool that cannot rebuild now tries again on the next fault.
    }
  }
}

/**
 * Whether the installed postgres.js carries the guard from patches/ (applied by `npm ci`
 * through patch-package): without it a restart can throw from a driver timer.
 */
export function postgresDriverPatched(): boolean {
  try {
    const cjsIndex = createRequire(import.meta.url).resolve('postgres');
    const root = path.resolve(path.dirname(cjsIndex), '..', '..');
    return ['src', 'cjs/src'].every((dir) => readFileSync(path.join(root, dir, 'connection.js'), 'utf8').includes('reelmate patch'));
  } catch {
    return false;
  }
}

export interface FaultPolicyOptions {
  /** How the process ends on a real bug (default process.exit). */
  exit?: (code: number) => void;
}

/** The policy's two handlers, apart from process wiring (tests call them directly). */
export function faultHandlers(
  log: Logger,
  exit: (code: number) => void,
): {
  onException: (err: Error, origin: string) => void;
  onRejection: (reason: unknown) => void;
} {
  return {
    onException: (err, origin) => {
      if (isDriverFault(err)) {
        log.warn({ err, origin }, 'database driver fault survived; rebuilding the connection pool');
        reportDriverFault();
        return;
      }
      log.fatal({ err, origin }, 'uncaught exception');
      exit(1);
    },
    onRejection: (reason) => {
      if (isDriverFault(reason)) {
        log.warn({ err: reason }, 'unhandled database connection error survived');
        return;
      }
      log.fatal({ err: reason }, 'unhandled promise rejection');
      exit(1);
    },
  };
}

/**
 * Install the process-level policy. A driver or connection fault is logged and the pools are
 * rebuilt; anything else is logged as fatal and ends the process with code 1, as it would
 * without the policy. Returns a function that removes it.
 */
export function installFaultPolicy(log: Logger, opts: FaultPolicyOptions = {}): () => void {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  if (!postgresDriverPatched()) {
    log.warn(
      'postgres.js is missing its patch (run `npm ci`, or `npx patch-package`): a database restart may throw from the driver; this policy keeps the process alive',
    );
  }
  const { onException, onRejection } = faultHandlers(log, exit);
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
