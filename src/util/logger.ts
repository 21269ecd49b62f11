import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs to stderr, so CLI output on stdout stays clean for pipes and --json. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', name = 'reelmate'): Logger {
  return pino({ name, level }, pino.destination(2));
}

export const silentLogger: Logger = pino({ level: 'silent' });
