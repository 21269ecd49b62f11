/**
 * A transcript harness for the bot: "say X as user U in channel C, expect reply Y", and
 * "click this button as U". Bots run over a seeded database on either engine with the real
 * recommendation service and catalogue.
 */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { createBot, type Bot, type BotDeps } from '../../src/bot/bot.js';
import type { LanguageTools } from '../../src/core/ports.js';
import type { ActionOutcome, Card, CardAction, Reply } from '../../src/core/types.js';
import type { Database } from '../../src/db/client.js';
import { createRepositories } from '../../src/db/repositories/index.js';
import { describePreferences, parsePreferences } from '../../src/nlp/index.js';
import { detectIntent } from '../../src/features/index.js';
import { createRecommendationService, type RecommendationService } from '../../src/recommender/service.js';

export const TEST_SECRET = 'transcript-test-secret-0123456789';

/** The real language tools (src/nlp), as main.ts wires them. */
export const language: LanguageTools = { parsePreferences, describePreferences, detectIntent };

export interface BotFixture {
  bot: Bot;
  engine: RecommendationService;
  catalog: Catalog;
}

export async function buildBot(database: Database, overrides: Partial<BotDeps> = {}): Promise<BotFixture> {
  const repos = createRepositories(database.db);
  const catalog = new Catalog(await repos.movies.all());
  const engine = createRecommendationService(database, { pollMs: 0 });
  await engine.ready();
  const bot = createBot({ database, engine, catalog, language, secret: TEST_SECRET, rateLimit: false, ...overrides });
  return { bot, engine, catalog };
}

export function say(bot: Bot, user: string, channel: string, text: string, requestId?: string): Promise<Reply> {
  return bot.onMessage({ actor: { platform: 'playground', externalId: user, displayName: user }, channelId: channel, text, requestId });
}

export function click(bot: Bot, user: string, channel: string, payload: string): Promise<ActionOutcome> {
  return bot.onAction({ actor: { platform: 'playground', externalId: user, displayName: user }, channelId: channel, payload });
}

export interface Step {
  as: string;
  in: string;
  say: string;
  /** Expected status ("rated", "error:unknown_title", ...). */
  status: string;
  /** Text the reply must contain (string) or match (RegExp). */
  text?: string | RegExp;
  cards?: number | { min: number };
}

/** Run a transcript; returns every reply for further checks. */
export async function runTranscript(bot: Bot, steps: readonly Step[]): Promise<Reply[]> {
  const replies: Reply[] = [];
  for (const step of steps) {
    const reply = await say(bot, step.as, step.in, step.say);
    const where = `${step.as}@${step.in}: "${step.say}" -> ${reply.status}: ${reply.text ?? ''}`;
    expect(reply.status, where).toBe(step.status);
    if (typeof step.text === 'string') expect(reply.text ?? '', where).toContain(step.text);
    else if (step.text) expect(reply.text ?? '', where).toMatch(step.text);
    const movieCards = (reply.cards ?? []).filter((c) => c.kind === 'movie').length;
    if (typeof step.cards === 'number') expect(movieCards, where).toBe(step.cards);
    else if (step.cards) expect(movieCards, where).toBeGreaterThanOrEqual(step.cards.min);
    replies.push(reply);
  }
  return replies;
}

export function movieCards(reply: Reply | undefined): Card[] {
  return (reply?.cards ?? []).filter((c) => c.kind === 'movie');
}

export function action(card: Card | undefined, kind: CardAction['kind'], value?: number): CardAction {
  const found = card?.actions?.find((a) => a.kind === kind && (value === undefined || a.value === value));
  if (!found) throw new Error(`no ${kind} action on card ${card?.title}`);
  return found;
}

/** Everything users can change, as one comparable value. */
export async function userDataSnapshot(database: Database): Promise<string> {
  const parts = await Promise.all([
    database.rows(
      sql`SELECT user_id, movie_id, rating FROM ratings WHERE user_id IN (SELECT id FROM users WHERE platform <> 'movielens') ORDER BY 1, 2`,
    ),
    database.rows(sql`SELECT count(*)::int AS n, coalesce(max(id), 0)::bigint AS last FROM rating_events`),
    database.rows(sql`SELECT user_id, movie_id, kind FROM marks ORDER BY 1, 2, 3`),
    database.rows(sql`SELECT user_id, movie_id FROM watchlist ORDER BY 1, 2`),
    database.rows(sql`SELECT platform, external_id, ratings_version FROM users WHERE platform <> 'movielens' ORDER BY 1, 2`),
    database.rows(sql`SELECT platform, user_key, channel_key, state::text FROM conversations ORDER BY 1, 2, 3`),
  ]);
  return JSON.stringify(parts);
}

export async function ratingOf(database: Database, externalId: string, movieId: number): Promise<number | undefined> {
  const rows = await database.rows<{ rating: number }>(sql`
    SELECT r.rating FROM ratings r JOIN users u ON u.id = r.user_id
    WHERE u.platform = 'playground' AND u.external_id = ${externalId} AND r.movie_id = ${movieId}`);
  return rows[0]?.rating;
}

/** A tiny catalogue with known answers, and a few community ratings so a model can train. */
export async function seedSmall(database: Database): Promise<void> {
  await database.db.execute(sql`
    INSERT INTO movies (id, title, display_title, year, genres, tmdb_id, imdb_id, runtime, directors)
    VALUES (1, 'Toy Story (1995)', 'Toy Story', 1995, ARRAY['Adventure','Animation','Children','Comedy'], 862, '0114709', 81, ARRAY['John Lasseter']),
           (6, 'Heat (1995)', 'Heat', 1995, ARRAY['Action','Crime','Thriller'], 949, '0113277', 170, ARRAY['Michael Mann']),
           (1214, 'Alien (1979)', 'Alien', 1979, ARRAY['Horror','Sci-Fi'], 348, '0078748', 117, ARRAY['Ridley Scott']),
           (2571, 'Matrix, The (1999)', 'The Matrix', 1999, ARRAY['Action','Sci-Fi','Thriller'], 603, '0133093', 136, NULL),
           (296, 'Pulp Fiction (1994)', 'Pulp Fiction', 1994, ARRAY['Comedy','Crime','Drama','Thriller'], 680, '0110912', 154, NULL),
           (103372, 'Heat, The (2013)', 'The Heat', 2013, ARRAY['Action','Comedy','Crime'], NULL, NULL, NULL, NULL),
           (1411, 'Hamlet (1996)', 'Hamlet', 1996, ARRAY['Drama'], NULL, NULL, NULL, NULL),
           (1941, 'Hamlet (1948)', 'Hamlet', 1948, ARRAY['Drama'], NULL, NULL, NULL, NULL)`);
  const repos = createRepositories(database.db);
  const movies = [1, 6, 1214, 2571, 296, 103372];
  for (let u = 1; u <= 8; u++) {
    const user = await repos.users.ensure({ platform: 'movielens', externalId: String(u) });
    for (const [i, m] of movies.entries()) {
      if ((u + i) % 3 === 0) continue;
      await repos.ratings.rate({ userId: user.id, movieId: m, rating: ((u * 7 + i * 3) % 9) / 2 + 0.5, source: 'movielens' });
    }
  }
}
