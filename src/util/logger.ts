import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { configValue } from '../config.js';

export type { Logger };

export interface LoggerOptions {
  /** Human-readable lines instead of JSON (default: when stderr is a terminal). */
  pretty?: boolean | undefined;
  /** Where to write (default stderr). */
  stream?: NodeJS.WritableStream | undefined;
  /** Called for every error (and fatal) line as well, e.g. to show recent errors on the admin dashboard. */
  onError?: ((e: { at: Date; message: string; detail?: string | undefined }) => void) | undefined;
}

/** A pino hook that hands error lines to `onError` and logs them as usual. */
function errorHook(onError: NonNullable<LoggerOptions['onError']>): pino.LoggerOptions['hooks'] {
  return {
    logMethod(args, method, level) {
      if (level >= 50) {
        const [first, second] = args as unknown[];
        const message = typeof first === 'string' ? first : typeof second === 'string' ? second : 'error';
        const err = typeof first === 'object' && first !== null ? (first as { err?: unknown }).err : undefined;
        try {
          onError({ at: new Date(), message, detail: err instanceof Error ? `${err.name}: ${err.message}` : undefined });
        } catch {
          // never let the dashboard's ring break logging
        }
      }
      return method.apply(this, args as Parameters<typeof method>);
    },
  };
}

/** Is stderr a person's terminal (not a pipe, a file, CI or a test run)? */
export function humanTerminal(stream: { isTTY?: boolean } = process.stderr): boolean {
  return stream.isTTY === true && !configValue('CI') && !configValue('VITEST');
}

/**
 * Logs to stderr, so CLI output on stdout stays clean for pipes and --json: JSON lines for
 * machines, or, on a terminal, one readable line each ("12:00:01 model published version=3").
 * The pretty printer runs on this thread, synchronously: a log line is never lost on exit.
 */
export function createLogger(level: string = configValue('LOG_LEVEL'), name = 'reelmate', opts: LoggerOptions = {}): Logger {
  const stream = opts.stream ?? process.stderr;
  const human = opts.pretty ?? humanTerminal(process.stderr);
  // pino reads `hooks` when the key is there, even undefined: add it only when asked for
  const base = opts.onError ? { name, level, hooks: errorHook(opts.onError) } : { name, level };
  if (!human) return pino(base, opts.stream ? (stream as pino.DestinationStream) : pino.destination(2));
  return pino(
    base,
    pretty({
      destination: stream,
      sync: true,
      colorize: opts.stream === undefined && process.stderr.isTTY === true,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,name,phase,seconds',
      singleLine: true,
    }),
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
