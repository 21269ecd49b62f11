/**
 * A small stand-in for the core Bot, for adapter tests that must not depend on recommender
 * quality: it stores real ratings through the real repositories (so "stored one rating event"
 * is checked in the database) and answers with movie cards whose payloads it can read back.
 * Every call is recorded.
 */
import { sql } from 'drizzle-orm';
import type { ActionOutcome, AutocompleteChoice, BotHandler, Card, InboundAction, InboundMessage, Reply } from '../../../src/core/types.js';
import type { Database } from '../../../src/db/client.js';
import { createRepositories, type Repositories } from '../../../src/db/repositories/index.js';

export const STAND_IN_MOVIES = [
  { id: 1, title: 'Toy Story', year: 1995, genres: ['Animation', 'Comedy'] },
  { id: 2, title: 'Jumanji', year: 1995, genres: ['Adventure'] },
  { id: 6, title: 'Heat', year: 1995, genres: ['Action', 'Crime'] },
  { id: 32, title: 'Twelve Monkeys', year: 1995, genres: ['Sci-Fi'] },
  { id: 47, title: 'Seven', year: 1995, genres: ['Thriller'] },
  { id: 50, title: 'The Usual Suspects', year: 1995, genres: ['Crime'] },
  { id: 110, title: 'Braveheart', year: 1995, genres: ['War'] },
  { id: 150, title: 'Apollo 13', year: 1995, genres: ['Drama'] },
  { id: 260, title: 'Star Wars', year: 1977, genres: ['Sci-Fi'] },
  { id: 296, title: 'Pulp Fiction', year: 1994, genres: ['Crime'] },
  { id: 318, title: 'The Shawshank Redemption', year: 1994, genres: ['Drama'] },
];

export async function seedStandInMovies(database: Database): Promise<void> {
  for (const m of STAND_IN_MOVIES) {
    await database.db.execute(sql`
      INSERT INTO movies (id, title, display_title, year, genres)
      VALUES (${m.id}, ${`${m.title} (${m.year})`}, ${m.title}, ${m.year}, ${`{${m.genres.join(',')}}`}::text[])
      ON CONFLICT (id) DO NOTHING`);
  }
}

function card(movie: (typeof STAND_IN_MOVIES)[number], footer?: string): Card {
  return {
    kind: 'movie',
    title: movie.title,
    body: 'picked by the stand-in',
    footer,
    movie: { movieId: movie.id, year: movie.year, genres: movie.genres, predicted: 4 },
    actions: [
      ...[1, 2, 3, 4, 5].map((n) => ({
        id: `r:${movie.id}:${n}`,
        kind: 'rate' as const,
        label: `${n}★`,
        value: n,
        group: 'rating' as const,
      })),
      { id: `w:${movie.id}`, kind: 'watchlist' as const, label: 'Watchlist', group: 'menu' as const },
      { id: `y:${movie.id}`, kind: 'why' as const, label: 'Why?', group: 'menu' as const },
    ],
  };
}

export class StandInBot implements BotHandler {
  readonly messages: InboundMessage[] = [];
  readonly actions: InboundAction[] = [];
  private readonly repos: Repositories;
  private gate: Promise<void> | undefined;

  constructor(database: Database) {
    this.repos = createRepositories(database.db);
  }

  /** Make every message wait until the returned function is called (a slow recommender). */
  hold(): () => void {
    let release!: () => void;
    this.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    return () => {
      this.gate = undefined;
      release();
    };
  }

  async onMessage(m: InboundMessage): Promise<Reply> {
    this.messages.push(m);
    await this.gate;
    const user = await this.repos.users.ensure({
      platform: m.actor.platform,
      externalId: m.actor.externalId,
      displayName: m.actor.displayName,
    });
    switch (m.command?.name) {
      case 'rate': {
        const title = String(m.command.args.title ?? '').toLowerCase();
        const movie = STAND_IN_MOVIES.find((x) => x.title.toLowerCase() === title);
        const stars = Number(m.command.args.stars);
        if (!movie) return { text: `I don't know "${title}".`, ephemeral: true, status: 'error:unknown_title' };
        const r = await this.repos.ratings.rate({
          userId: user.id,
          movieId: movie.id,
          rating: stars,
          source: 'slack',
          requestId: m.requestId,
        });
        return { text: `Rated ${movie.title} ${stars}★`, ephemeral: true, status: r.kind === 'replay' ? 'replay' : 'rated' };
      }
      case 'profile': {
        const n = (await this.repos.ratings.forUser(user.id)).length;
        return { text: `Profile of ${m.actor.externalId}: ${n} ratings`, status: 'profile' };
      }
      case 'watchlist': {
        const list = await this.repos.watchlist.list(user.id);
        return {
          text: list.length ? `${list.length} on your watchlist` : 'Your watchlist is empty.',
          cards: list.map((w) => card(STAND_IN_MOVIES.find((x) => x.id === w.movieId)!)),
        };
      }
      case 'export-me': {
        const ratings = await this.repos.ratings.forUser(user.id);
        const content = JSON.stringify({
          user: m.actor.externalId,
          ratings: ratings.map((r) => ({ movieId: r.movieId, rating: r.rating })),
        });
        return {
          text: `Your data: ${ratings.length} ratings.`,
          ephemeral: true,
          attachment: { filename: 'reelmate-export.json', contentType: 'application/json', content },
          status: 'exported',
        };
      }
      case 'onboard':
        return { text: 'Rate the ones you have seen', cards: STAND_IN_MOVIES.slice(0, 10).map((x) => card(x)) };
      case 'recommend':
        return { text: 'Top picks', cards: STAND_IN_MOVIES.slice(0, 3).map((x) => card(x)) };
      default:
        // Free text: "intent detection" is just "recommend three movies".
        return { text: `Picks for "${m.text}"`, cards: STAND_IN_MOVIES.slice(2, 5).map((x) => card(x)), status: 'recommended' };
    }
  }

  async onAction(a: InboundAction): Promise<ActionOutcome> {
    this.actions.push(a);
    const user = await this.repos.users.ensure({
      platform: a.actor.platform,
      externalId: a.actor.externalId,
      displayName: a.actor.displayName,
    });
    const [kind, id, value] = a.payload.split(':');
    const movie = STAND_IN_MOVIES.find((x) => x.id === Number(id));
    if (!movie) return { reply: { text: 'That button is not valid any more.', ephemeral: true, status: 'error:bad_action' } };
    if (kind === 'r') {
      const stars = Number(value);
      await this.repos.ratings.rate({ userId: user.id, movieId: movie.id, rating: stars, source: 'slack', requestId: a.requestId });
      const who = a.actor.displayName ?? a.actor.externalId;
      return {
        update: card(movie, `${who} rated it ${stars}★`),
        reply: { text: `You rated ${movie.title} ${stars}★`, ephemeral: true, status: 'rated' },
      };
    }
    if (kind === 'w') {
      await this.repos.watchlist.add(user.id, movie.id);
      return { reply: { text: `${movie.title} is on your watchlist`, ephemeral: true, status: 'watchlisted' } };
    }
    return { reply: { text: `Because it is ${movie.genres.join(', ')}`, ephemeral: true, status: 'why' } };
  }

  async autocomplete(query: string, limit: number): Promise<AutocompleteChoice[]> {
    return STAND_IN_MOVIES.filter((m) => m.title.toLowerCase().includes(query.toLowerCase()))
      .slice(0, limit)
      .map((m) => ({ label: m.title, value: String(m.id) }));
  }
}
