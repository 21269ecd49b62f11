/**
 * One chat turn as data: what `reelmate chat --json` prints for each message and what the
 * dialogue tests score. The intent and the effective request come from the bot itself.
 */
import { preferencesJson } from '../nlp/cli.js';
import type { PreferenceCatalog } from '../nlp/types.js';
import type { LanguageTools } from './ports.js';
import { routeMessage } from './route.js';
import type { BotHandler, InboundMessage, Reply } from './types.js';

export interface ChatTurn {
  /** The command the message was taken as ("recommend", "rate", "why", ...). */
  intent: string;
  /** The effective request (the `reelmate parse --json` shape), or null when the turn is not a recommendation. */
  request: Record<string, unknown> | null;
  /** The movie cards shown, in order. */
  movies: { movieId: number; title: string }[];
  text: string;
}

export interface ChatDeps {
  bot: BotHandler;
  catalog: PreferenceCatalog;
  language: LanguageTools;
}

export function turnOf(reply: Reply, intent: string, request: Record<string, unknown> | null): ChatTurn {
  const movies = (reply.cards ?? []).flatMap((c) => (c.kind === 'movie' && c.movie ? [{ movieId: c.movie.movieId, title: c.title }] : []));
  return { intent, request, movies, text: reply.text ?? '' };
}

export async function chatTurn(deps: ChatDeps, message: InboundMessage): Promise<{ turn: ChatTurn; reply: Reply }> {
  const reply = await deps.bot.onMessage(message);
  // The bot does not say what it took the message as: route it the same way it does.
  const route = routeMessage(message, (t) => deps.language.detectIntent(t));
  const intent = route.command?.name ?? 'unknown';
  const request =
    reply.status === 'recommended' && route.command
      ? preferencesJson(deps.language.parsePreferences(String(route.args.query ?? route.args.text ?? ''), deps.catalog))
      : null;
  return { turn: turnOf(reply, intent, request), reply };
}
