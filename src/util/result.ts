/**
 * Expected failures are values, not exceptions. Each adapter has one error sink that turns
 * a code into a friendly message; `message` here is already friendly and platform-neutral.
 */
export type BotErrorCode =
  | 'bad_input' // malformed or oversized text, bad option
  | 'bad_rating' // off the half-star scale
  | 'unknown_title'
  | 'ambiguous_title'
  | 'unknown_command'
  | 'bad_action' // tampered, stale or malformed button payload
  | 'expired' // conversation state or party expired
  | 'rate_limited'
  | 'not_allowed' // e.g. only the host may pick
  | 'not_found'
  | 'conflict' // e.g. a party already open in this channel
  | 'db_unavailable'
  | 'internal';

export interface BotError {
  code: BotErrorCode;
  message: string;
  /** Extra details for logs, never shown to users. */
  detail?: string;
}

export type Result<T, E = BotError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = (code: BotErrorCode, message: string, detail?: string): Result<never> => ({
  ok: false,
  error: detail === undefined ? { code, message } : { code, message, detail },
});
