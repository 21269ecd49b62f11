import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildPlaygroundApp } from '../../adapters/playground/index.js';
import type { Bot } from '../../src/bot/bot.js';
import { openTestDatabase, testEngines, type TestDatabase } from '../helpers/db.js';
import { action, buildBot, click, movieCards, say, seedSmall, userDataSnapshot, type BotFixture } from './bot-harness.js';

describe.each(testEngines())('bad input changes nothing, on %s', (engine) => {
  let database: TestDatabase;
  let fx: BotFixture;
  let bot: Bot;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await seedSmall(database);
    fx = await buildBot(database);
    bot = fx.bot;
    // Known users and conversations first, so "unchanged" means really unchanged.
    expect((await say(bot, 'ana', 'c', 'rate toy story 4')).status).toBe('rated');
    expect((await say(bot, 'ana', 'c', 'search alien')).status).toBe('search');
  });
  afterAll(async () => {
    await fx?.engine.close();
    await database?.dispose();
  });

  let before: string;
  beforeEach(async () => {
    before = await userDataSnapshot(database);
  });
  const unchanged = async () => expect(await userDataSnapshot(database)).toBe(before);

  it('cleans NUL, unpaired surrogates and control characters at the edge: "funny\\u0000 movie" recommends, and only clean text is stored', async () => {
    const reply = await say(bot, 'ana', 'c-nul', 'funny\u0000 movie \uD800\u001B[31m');
    expect(reply.status).not.toMatch(/^error/);
    expect(movieCards(reply).length).toBeGreaterThan(0);
    const rows = await database.rows<{ state: unknown }>(sql`SELECT state FROM conversations WHERE channel_key = 'c-nul'`);
    expect(rows).toHaveLength(1);
    // What is kept is the understood request: a comedy, and nothing read into the escape sequence.
    const state = rows[0]!.state as { last?: { request?: { genres: { include: string[] }; runtime: unknown } } };
    expect(state.last?.request?.genres.include).toEqual(['Comedy']);
    expect(state.last?.request?.runtime).toBeNull();
    expect(/[\u0000-\u0008\u000B-\u001F]/.test(JSON.stringify(rows[0]!.state))).toBe(false);
  });

  it('the playground carries hostile text to the real bot, which answers it cleanly', async () => {
    const app = buildPlaygroundApp({ bot });
    const send = (body: unknown) =>
      app.request('/api/message', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    // A name with a NUL is refused by the playground itself, before the bot sees it.
    expect((await send({ user: 'zoe\u0000', channel: 'general', text: 'hello' })).status).toBe(400);
    await unchanged();
    const res = await send({ user: 'zoe', channel: 'general', text: 'funny\u0000 movie \uDC00' });
    expect(res.status).toBe(200);
    const { html } = (await res.json()) as { html: string };
    expect(html).not.toMatch(/went wrong/);
    expect(html).toContain('data-status="recommended"');
    expect(html).toContain('class="card card-movie"');
    const rows = await database.rows<{ state: unknown }>(sql`SELECT state FROM conversations WHERE channel_key = 'general'`);
    expect(JSON.stringify(rows)).toContain('"include":["Comedy"]');
    expect(/[\u0000-\u0008\u000B-\u001F]|\\u0000|\\udc00/i.test(JSON.stringify(rows))).toBe(false);
  });

  it('refuses messages over 500 characters', async () => {
    const reply = await say(bot, 'ana', 'c', `rate heat 1995 4 ${'x'.repeat(500)}`);
    expect(reply).toMatchObject({ status: 'error:bad_input', ephemeral: true });
    expect(reply.text).toContain('under 500 characters');
    await unchanged();
  });

  it.each(['4.3', '7', '0', '-1', '5.5', '2.25', '11/10'])('refuses the off-scale rating %s', async (stars) => {
    const reply = await say(bot, 'ana', 'c', `rate heat 1995 ${stars}`);
    expect(reply.status).toBe('error:bad_rating');
    expect(reply.text).toContain('half stars');
    await unchanged();
  });

  it('asks for stars when there are none', async () => {
    expect((await say(bot, 'ana', 'c', 'rate heat 1995')).status).toBe('error:bad_input');
    await unchanged();
  });

  it.each(['rate qwxyzzy plorf 4', 'similar qwxyzzy plorf', 'why qwxyzzy plorf', 'seen qwxyzzy plorf', 'watchlist add qwxyzzy plorf'])(
    'answers "%s" with an unknown title',
    async (text) => {
      const reply = await say(bot, 'ana', 'c', text);
      expect(reply.status).toBe('error:unknown_title');
      expect(reply.text).toContain('qwxyzzy plorf');
      await unchanged();
    },
  );

  it('asks which one for an ambiguous title and changes nothing yet', async () => {
    const reply = await say(bot, 'ana', 'c', 'rate hamlet 5');
    expect(reply.status).toBe('ambiguous_title');
    expect(reply.cards?.[0]?.actions?.map((a) => a.label).sort()).toEqual(['Hamlet (1948)', 'Hamlet (1996)']);
    await unchanged();
  });

  it('rejects tampered, foreign and malformed payloads', async () => {
    const reply = await say(bot, 'ana', 'c', 'search heat 1995');
    const rate = action(movieCards(reply)[0], 'rate', 4).id;
    before = await userDataSnapshot(database);
    const forged = [
      rate.replace(':4:', ':5:'),
      rate.replace('v1:r:6:', 'v1:r:1:'),
      `${rate.slice(0, -2)}zz`,
      'v1:r:6:4',
      'v1:r:6:4:AAAAAAAA',
      'not a payload',
      '',
      'x'.repeat(150),
    ];
    for (const payload of forged) {
      const outcome = await click(bot, 'ana', 'c', payload);
      expect(outcome.update, payload).toBeUndefined();
      expect(outcome.reply?.status, payload).toBe('error:bad_action');
    }
    await unchanged();
  });

  it('rejects malformed messages and actions without touching the database', async () => {
    const bad = [
      { actor: { platform: 'playground', externalId: '' }, channelId: 'c', text: 'help' },
      { actor: { platform: 'telegram', externalId: 'x' }, channelId: 'c', text: 'help' },
      { actor: { platform: 'playground', externalId: 'x' }, channelId: '', text: 'help' },
      { actor: { platform: 'playground', externalId: 'x' }, channelId: 'c', text: 42 },
    ];
    for (const m of bad) expect((await bot.onMessage(m as never)).status).toBe('error:bad_input');
    expect((await bot.onAction({ actor: { platform: 'playground', externalId: 'x' }, channelId: 'c' } as never)).reply?.status).toBe(
      'error:bad_action',
    );
    await unchanged();
  });

  it('rate-limits a flood per user and changes nothing for refused requests', async () => {
    const limited = await buildBot(database, { rateLimit: { capacity: 3, refillPerSecond: 0.001 } });
    try {
      for (let i = 0; i < 3; i++) expect((await say(limited.bot, 'flood', 'c', 'help')).status).toBe('help');
      before = await userDataSnapshot(database);
      const refused = await say(limited.bot, 'flood', 'c', 'rate pulp fiction 5');
      expect(refused.status).toBe('error:rate_limited');
      await unchanged();
      // Someone else is not affected.
      expect((await say(limited.bot, 'calm', 'c', 'help')).status).toBe('help');
    } finally {
      await limited.engine.close();
    }
  });

  it('applies a replayed delivery once', async () => {
    const card = movieCards(await say(bot, 'ana', 'c', 'search pulp fiction'))[0];
    const payload = action(card, 'rate', 3).id;
    const first = await bot.onAction({
      actor: { platform: 'playground', externalId: 'ana' },
      channelId: 'c',
      payload,
      requestId: 'delivery-1',
    });
    expect(first.reply?.status).toBe('rated');
    const afterFirst = await userDataSnapshot(database);
    await bot.onAction({ actor: { platform: 'playground', externalId: 'ana' }, channelId: 'c', payload, requestId: 'delivery-1' });
    expect(await userDataSnapshot(database)).toBe(afterFirst);
  });

  it('lets confirmations and lists expire without acting on them', async () => {
    let clock = Date.now();
    const timed = await buildBot(database, { now: () => new Date(clock), conversationTtlMs: 60 * 60_000 });
    try {
      expect((await say(timed.bot, 'ana', 'c', 'search pulp fiction')).status).toBe('search');
      const ask = await say(timed.bot, 'ana', 'c', 'forget-me');
      expect(ask.status).toBe('confirm_forget');
      before = await userDataSnapshot(database);
      clock += 6 * 60_000; // the confirmation is good for five minutes
      expect((await click(timed.bot, 'ana', 'c', action(ask.cards?.[0], 'confirm').id)).reply?.status).toBe('error:expired');
      expect((await say(timed.bot, 'ana', 'c', 'forget-me yes')).status).toBe('error:expired');
      await unchanged();
      clock += 2 * 60 * 60_000; // and the conversation itself after its TTL
      expect((await say(timed.bot, 'ana', 'c', 'more')).status).toBe('error:expired');
      await unchanged();
    } finally {
      await timed.engine.close();
    }
  });

  it('says the database is down, kindly, when it is', async () => {
    const other = await openTestDatabase(engine);
    await seedSmall(other);
    const down = await buildBot(other);
    await down.engine.close();
    await other.close();
    try {
      const reply = await say(down.bot, 'ana', 'c', 'rate heat 1995 4');
      expect(reply).toMatchObject({ status: 'error:db_unavailable', ephemeral: true });
      expect(reply.text).toContain('nothing was changed');
      const outcome = await click(down.bot, 'ana', 'c', down.bot.codec.encode({ kind: 'rate', movieId: 6, stars: 4 }));
      expect(outcome.reply?.status).toBe('error:db_unavailable');
    } finally {
      await other.dispose();
    }
  });
});
