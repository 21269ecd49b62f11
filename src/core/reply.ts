/** Building replies: the one place a BotError becomes what the user reads. */
import type { BotError, BotErrorCode } from '../util/result.js';
import type { Reply } from './types.js';

export function errorReply(error: BotError): Reply {
  return { text: error.message, ephemeral: true, status: `error:${error.code}` };
}

export function fail(code: BotErrorCode, message: string): Reply {
  return errorReply({ code, message });
}

/** Friendly words for failures that are not the user's doing. */
export const FRIENDLY: Record<'db_unavailable' | 'internal' | 'rate_limited' | 'slow', string> = {
  slow: 'My database is slow to answer right now (it may be restarting). If you do not see the change in a minute, please try again.',
  db_unavailable: 'I cannot reach my database right now, so nothing was changed. Please try again in a minute.',
  internal: 'Something went wrong on my side, and nothing was changed. Please try again.',
  rate_limited: 'Whoa, that is a lot at once. Give me a few seconds and try again.',
};
