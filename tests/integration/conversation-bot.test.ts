/**
 * Conversation behaviour the dialogue corpus does not cover: references with nothing (or the
 * wrong thing) to point at get a clear answer and change nothing; "why?" alone, "more like
 * that" with no film in focus, "more" after a refinement, "it" after a card click.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot/bot.js';
import type { Reply } from '../../src/core/types.js';
import { testEngines, type TestDatabase } from '../helpers/db.js';
import { openSeededTestDatabase } from '../helpers/seeded.js';
import { action, buildBot, click, movieCards, say, userDataSnapshot, type BotFixture } from './bot-harness.js';

describe.skipIf(!process.env.MOVIELENS_DIR).each(testEngines())('conversations on %s (seeded)', (engine) => {
  let database: TestDatabase;
  let fx: BotFixture;
  let bot: Bot;

  beforeAll(async () => {
    database = await openSeededTestDatabase(engine);
    fx = await buildBot(database);
    bot = fx.bot;
  }, 300_000);
  afterAll(async () => {
    await fx?.engine.close();
    await database?.dispose();
  });

  const ids = (r: Reply) => movieCards(r).map((c) => c.movie!.movieId);

  it('a reference with no list to point at, out of range or off the scale is answered kindly and changes nothing', async () => {
    const before = await userDataSnapshot(database);
    const none = await say(bot, 'kai', 'empty', 'rate the first one 4');
    expect(none.status).toBe('error:bad_input');
    expect(none.text).toMatch(/not shown you a list here lately/);
    await say(bot, 'kai', 'films', 'a comedy from the 90s');
    const after = await userDataSnapshot(database);
    const far = await say(bot, 'kai', 'films', 'why the ninth one?');
    expect(far).toMatchObject({ status: 'error:bad_input', text: 'There were only 5 films on that list.' });
    const offScale = await say(bot, 'kai', 'films', 'rate the first one 7');
    expect(offScale.status).toBe('error:bad_rating');
    expect(await userDataSnapshot(database)).toBe(after);
    expect(before).not.toBe(after); // the request itself was kept in the conversation
  });

  it('"seen it" with several films and none in focus asks which one, with a button each', async () => {
    const list = await say(bot, 'lin', 'films', 'a thriller from the 90s');
    const reply = await say(bot, 'lin', 'films', 'seen it');
    expect(reply.status).toBe('ambiguous_title');
    const choice = reply.cards![0]!;
    expect(choice.actions!.length).toBe(ids(list).length);
    const outcome = await click(bot, 'lin', 'films', choice.actions![1]!.id);
    expect(outcome.reply?.status).toBe('seen');
    expect(outcome.reply?.text).toContain(movieCards(list)[1]!.title);
  });

  it('"why?" alone explains the list in a line each; after a card click it is about that film', async () => {
    const list = await say(bot, 'max', 'films', 'sci-fi from the 80s');
    const all = await say(bot, 'max', 'films', 'why?');
    expect(all.status).toBe('why');
    for (const card of movieCards(list)) expect(all.text).toContain(card.title);
    // a click on a card's Why? puts that film in focus: "add it to my watchlist" means it
    const third = movieCards(list)[2]!;
    await click(bot, 'max', 'films', action(third, 'why').id);
    const added = await say(bot, 'max', 'films', 'add it to my watchlist');
    expect(added.text).toBe(`Added ${third.title} to your watchlist.`);
    expect((await say(bot, 'max', 'films', 'why?')).text).toContain(`Why ${third.title}?`);
  });

  it('"more like that" with no film in focus is more of the same; "more" pages the refined request', async () => {
    const list = await say(bot, 'noa', 'films', 'a western');
    const more = await say(bot, 'noa', 'films', 'more like that');
    expect(more.status).toBe('recommended');
    expect(ids(more).some((id) => ids(list).includes(id))).toBe(false);
    const refined = await say(bot, 'noa', 'films', 'from the 60s');
    expect(refined.text).toMatch(/^Now: western · 1960-1969/);
    const next = await say(bot, 'noa', 'films', 'more');
    expect(next.status).toBe('recommended');
    for (const card of movieCards(next)) {
      expect(card.movie!.genres).toContain('Western');
      expect(card.movie!.year).toBeGreaterThanOrEqual(1960);
      expect(card.movie!.year).toBeLessThanOrEqual(1969);
    }
    expect(ids(next).some((id) => ids(refined).includes(id))).toBe(false);
  });

  it('a conversation is per user and channel: a follow-up elsewhere starts from nothing', async () => {
    await say(bot, 'oli', 'one', 'horror from the 80s');
    const elsewhere = await say(bot, 'oli', 'two', 'something shorter');
    expect(elsewhere.text).toMatch(/^Looking for: under 100 min/);
    const someoneElse = await say(bot, 'pia', 'one', 'something shorter');
    expect(someoneElse.text).toMatch(/^Looking for: under 100 min/);
  });
});
