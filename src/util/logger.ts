import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { configValue } from '../config.js';

export type { Logger };

export interface LoggerOptions {
  /** Human-readable lines instead of JSON (default: when stderr is a terminal). */
  pretty?: boolean | undefined;
  /** Where to write (default stderr). */
  stream?: NodeJS.WritableStream | undefined;
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
  if (!human) return pino({ name, level }, opts.stream ? (stream as pino.DestinationStream) : pino.destination(2));
  return pino(
    { name, level },
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
