/** Building replies: the one place a BotError becomes what the user reads. */
import type { BotError, BotErrorCode } from '../util/result.js';
import type { Reply } from './types.js';

export function errorReply(error: BotError): Reply {
  return { text: error.message, ephemeral: true, status: `error:${error.code}` };
}

export function fail(code: BotErrorCode, message: string): Reply {
  return errorReply({ code, message });
}

/**
 * Friendly words for failures that are not the user's doing: the one table, for the bot and for
 * every adapter's error sink (they say these words, never their own).
 */
export const FRIENDLY = {
  slow: 'My database is slow to answer right now (it may be restarting). If you do not see the change in a minute, please try again.',
  db_unavailable: 'I cannot reach my database right now, so nothing was changed. Please try again in a minute.',
  internal: 'Something went wrong on my side, and nothing was changed. Please try again.',
  rate_limited: 'Whoa, that is a lot at once. Give me a few seconds and try again.',
  bad_action: 'That button is not valid any more. Ask me again for fresh suggestions.',
  /** An adapter failed around the bot (delivering, a platform error): it cannot say whether anything changed. */
  exception: 'Sorry, something went wrong on my side. Please try again in a moment.',
} as const;

export type FriendlyCode = keyof typeof FRIENDLY;

/** The words for a failure code; any code without words of its own is an `exception`. */
export function friendlyText(code: string = 'exception'): string {
  return Object.hasOwn(FRIENDLY, code) ? FRIENDLY[code as FriendlyCode] : FRIENDLY.exception;
}
