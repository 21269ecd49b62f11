/**
 * A scripted BotHandler for the Discord end-to-end tests: ratings in a map and every change
 * logged, payloads signed with the core's codec as the real Bot signs them. Tests that need
 * the core's own behaviour use the real Bot (tests/e2e/discord-bot.test.ts).
 */
import { ActionCodec } from '../../../src/features/index.js';
import type { ActionOutcome, BotHandler, Card, InboundAction, InboundMessage, Reply } from '../../../src/core/types.js';
import { snowflake, type FakeUser } from './payloads.js';

export const codec = new ActionCodec('discord e2e secret, 32 bytes long');
export const MOVIES = new Map([
  [1, 'Toy Story'],
  [2, 'Jumanji'],
  [6, 'Heat'],
  [260, 'Star Wars: Episode IV - A New Hope'],
  [1214, 'Alien'],
]);

export function card(movieId: number, footer?: string, userRating?: number): Card {
  return {
    kind: 'movie',
    title: MOVIES.get(movieId)!,
    url: `https://www.themoviedb.org/movie/${movieId}`,
    body: 'Because you liked Alien',
    footer,
    movie: { movieId, year: 1995, genres: ['Action'], predicted: 4.1, userRating },
    actions: [
      ...[1, 2, 3, 4, 5].map((v) => ({
        id: codec.encode({ kind: 'rate', movieId, stars: v }),
        kind: 'rate' as const,
        label: `${v}★`,
        value: v,
        group: 'rating' as const,
      })),
      { id: codec.encode({ kind: 'seen', movieId }), kind: 'seen' as const, label: 'Seen', group: 'main' as const },
      { id: codec.encode({ kind: 'dismiss', movieId }), kind: 'dismiss' as const, label: 'Not interested', group: 'main' as const },
      { id: codec.encode({ kind: 'watchlist', movieId }), kind: 'watchlist' as const, label: 'Watchlist', group: 'main' as const },
      { id: codec.encode({ kind: 'more_like', movieId }), kind: 'more_like' as const, label: 'More like this', group: 'main' as const },
      { id: codec.encode({ kind: 'why', movieId }), kind: 'why' as const, label: 'Why', group: 'main' as const },
    ],
  };
}

/** A scripted core: ratings in a map, every change logged. */
export class ScriptedBot implements BotHandler {
  ratings = new Map<string, number>();
  events: { user: string; movieId: number; kind: 'rate' | 'remove'; stars?: number }[] = [];
  messages: InboundMessage[] = [];
  delayMs = 0;

  async onMessage(m: InboundMessage): Promise<Reply> {
    this.messages.push(m);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (m.text.includes('boom')) throw new Error('scripted failure');
    if (m.text.includes('private-late')) {
      await new Promise((r) => setTimeout(r, 600));
      return { text: 'Only you can see this', ephemeral: true, status: 'error:not_found' };
    }
    if (m.text.startsWith('rate nonsense')) return { text: 'I do not know "nonsense".', ephemeral: true, status: 'error:unknown_title' };
    const command = m.command?.name ?? (m.text === 'profile' ? 'profile' : 'recommend');
    if (command === 'profile') return { text: `Profile of ${m.actor.displayName}: 3 ratings`, ephemeral: true };
    if (command === 'export-me')
      return {
        text: 'Your data',
        ephemeral: true,
        attachment: { filename: 'reelmate.json', contentType: 'application/json', content: '{"ratings":[]}' },
      };
    return { text: `Picks for "${m.text}"`, cards: [card(6), card(1214), card(260)], status: 'recommended' };
  }

  async onAction(a: InboundAction): Promise<ActionOutcome> {
    const decoded = codec.decode(a.payload);
    if (!decoded.ok) return { reply: { text: decoded.error.message, ephemeral: true, status: 'error:bad_action' } };
    const action = decoded.value;
    const key = `${a.actor.externalId}:${'movieId' in action ? action.movieId : 0}`;
    if (action.kind === 'rate') {
      this.ratings.set(key, action.stars);
      this.events.push({ user: a.actor.externalId, movieId: action.movieId, kind: 'rate', stars: action.stars });
      const title = MOVIES.get(action.movieId)!;
      return {
        update: card(action.movieId, `${a.actor.displayName} rated it ${action.stars}★`, action.stars),
        reply: { text: `You rated ${title} ${action.stars}★`, ephemeral: true, status: 'rated' },
      };
    }
    if (action.kind === 'unrate') {
      this.ratings.delete(key);
      this.events.push({ user: a.actor.externalId, movieId: action.movieId, kind: 'remove' });
      return { update: card(action.movieId, `${a.actor.displayName} removed their rating`) };
    }
    if (action.kind === 'next_page') return { reply: { text: 'Page 2', cards: [card(2)], replaceOriginal: true } };
    return { reply: { text: `ok ${action.kind}`, ephemeral: true } };
  }

  help(): Reply {
    return { text: 'help text', ephemeral: true };
  }

  async autocomplete(query: string, limit: number) {
    const q = query.toLowerCase();
    const all = [...MOVIES].map(([id, title]) => ({ label: title, value: String(id) }));
    // Plenty of noise so the 25 cap matters.
    for (let i = 0; i < 60; i++) all.push({ label: `Alien clone ${i}`, value: String(10_000 + i) });
    return all.filter((c) => c.label.toLowerCase().includes(q)).slice(0, limit + 10);
  }
}

export const ana: FakeUser = { id: snowflake(), username: 'ana', globalName: 'Ana' };
export const bo: FakeUser = { id: snowflake(), username: 'bo', globalName: 'Bo' };
