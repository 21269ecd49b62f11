/**
 * The Discord adapter end to end: real discord.js against the fake Discord on 127.0.0.1,
 * with a small scripted BotHandler (the core's own behaviour is tested through the real Bot
 * in discord-bot.test.ts; gateway resilience in discord-gateway.test.ts).
 */
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { register as registerCli } from '../../adapters/discord/cli.js';
import { reactionPayloadsFrom, startDiscord, type DiscordAdapter } from '../../adapters/discord/index.js';
import { EPHEMERAL_FLAG } from '../../adapters/discord/limits.js';
import { registerCommands } from '../../adapters/discord/register.js';
import { SLASH_HELP } from '../../adapters/discord/send.js';
import { memorySettingsStore } from '../../adapters/discord/settings.js';
import { FakeDiscord, snowflake, type ApiMessage } from '../helpers/fake-discord/index.js';
import { ScriptedBot, ana, bo, card, codec } from '../helpers/fake-discord/scripted-bot.js';

describe('Discord adapter against a fake Discord', () => {
  let fake: FakeDiscord;
  let adapter: DiscordAdapter;
  const bot = new ScriptedBot();
  const errors: unknown[] = [];

  beforeAll(async () => {
    fake = await FakeDiscord.start({ heartbeatMs: 1000 });
    adapter = await startDiscord({
      token: 'fake-token',
      bot,
      apiUrl: fake.apiUrl,
      messageContent: true,
      settings: memorySettingsStore(),
      reactions: reactionPayloadsFrom(codec),
    });
    adapter.client.on('error', (e) => errors.push(e));
  });
  afterAll(async () => {
    await adapter?.stop();
    await fake?.close();
  });

  const original = (interactionId: string) => fake.waitFor(() => fake.messagesFor(interactionId)[0], 5000, 'an answer');

  it('registers every slash command in a guild through REST', async () => {
    const result = await registerCommands({ token: 'fake-token', apiUrl: fake.apiUrl, guildId: fake.guild.id });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ applicationId: fake.applicationId, scope: 'guild' });
    const put = fake.calls.find(
      (c) => c.method === 'PUT' && c.path === `/api/v10/applications/${fake.applicationId}/guilds/${fake.guild.id}/commands`,
    );
    expect(put).toBeDefined();
    const names = (fake.commands.get(fake.guild.id) ?? []).map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'recommend',
        'rate',
        'similar',
        'search',
        'watchlist',
        'seen',
        'profile',
        'why',
        'onboard',
        'forget-me',
        'export-me',
        'help',
        'settings',
      ]),
    );
    const bad = await registerCommands({ token: 'fake-token', apiUrl: fake.apiUrl, guildId: 'not-an-id' });
    expect(bad.ok).toBe(false);
  });

  it('`reelmate discord register --guild` registers through DISCORD_API_URL and says global takes up to an hour', async () => {
    const saved = { token: process.env.DISCORD_TOKEN, api: process.env.DISCORD_API_URL, app: process.env.DISCORD_APPLICATION_ID };
    process.env.DISCORD_TOKEN = 'fake-token';
    process.env.DISCORD_API_URL = `${fake.apiUrl}/v10`;
    process.env.DISCORD_APPLICATION_ID = fake.applicationId;
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const run = async (...args: string[]) => {
        const program = new Command().exitOverride();
        registerCli(program);
        await program.parseAsync(['discord', 'register', ...args], { from: 'user' });
      };
      await run('--guild', fake.guild.id);
      expect(log.mock.calls.flat().join('\n')).toMatch(/Registered \d+ commands \(guild\)/);
      await run();
      expect(fake.commands.get('global')?.length).toBeGreaterThan(10);
      expect(log.mock.calls.flat().join('\n')).toMatch(/up to an hour/);
    } finally {
      log.mockRestore();
      for (const [k, v] of [
        ['DISCORD_TOKEN', saved.token],
        ['DISCORD_API_URL', saved.api],
        ['DISCORD_APPLICATION_ID', saved.app],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  let cardMessage: ApiMessage;

  it('/recommend with a natural-language query answers, within 3 s, with public cards and buttons', async () => {
    const id = fake.command(ana, 'recommend', [{ name: 'query', type: 3, value: 'something scary for tonight' }]);
    await fake.waitFor(() => fake.messagesFor(id).length >= 3, 5000, 'three card messages');
    expect(fake.ackDelay(id)).toBeLessThan(3000);
    const inbound = bot.messages.at(-1)!;
    expect(inbound).toMatchObject({
      text: 'something scary for tonight',
      command: { name: 'recommend', args: { query: 'something scary for tonight' } },
      actor: { externalId: ana.id, displayName: 'Ana' },
    });
    const messages = fake.messagesFor(id);
    expect(messages[0]!.content).toBe('Picks for "something scary for tonight"');
    for (const m of messages) {
      expect(m.flags & EPHEMERAL_FLAG).toBe(0);
      expect(m.embeds).toHaveLength(1);
      const rows = m.components as { components: { custom_id: string; label: string }[] }[];
      expect(rows[0]!.components.map((b) => b.label)).toEqual(['1★', '2★', '3★', '4★', '5★']);
      expect(rows[1]!.components.map((b) => b.label)).toEqual(['Seen', 'Not interested', 'Watchlist', 'More like this', 'Why']);
      for (const b of rows.flatMap((r) => r.components)) expect(codec.decode(b.custom_id).ok).toBe(true);
    }
    expect((messages[0]!.embeds[0] as { title: string; url: string }).title).toBe('Heat (1995)');
    cardMessage = messages[0]!;
  });

  it('a click by a second user stores their rating, updates the card and confirms privately', async () => {
    const fourStars = (cardMessage.components as { components: { custom_id: string }[] }[])[0]!.components[3]!.custom_id;
    const id = fake.click(bo, cardMessage.id, fourStars);
    await fake.waitFor(() => fake.callsFor(id).length >= 3, 5000, 'acknowledgement, update and confirmation');
    expect(bot.ratings.get(`${bo.id}:6`)).toBe(4);
    expect(bot.ratings.has(`${ana.id}:6`)).toBe(false);
    const [ack, edit, followUp] = fake.callsFor(id);
    expect(fake.ackDelay(id)).toBeLessThan(3000);
    // DEFERRED_UPDATE_MESSAGE before the core ran, then the card itself is edited in place.
    expect((ack!.body as { type: number }).type).toBe(6);
    expect(edit).toMatchObject({ method: 'PATCH', path: expect.stringMatching(/messages\/@original$/), messageId: cardMessage.id });
    const updated = fake.messages.get(cardMessage.id)!;
    expect((updated.embeds[0] as { footer: { text: string } }).footer.text).toBe('Bo rated it 4★');
    expect(followUp!.method).toBe('POST');
    expect(followUp!.body as { flags: number; content: string }).toMatchObject({ flags: EPHEMERAL_FLAG, content: 'You rated Heat 4★' });
  });

  it('a reply that replaces the original (next page) edits the clicked message in place', async () => {
    const list = fake.command(ana, 'recommend', [{ name: 'query', type: 3, value: 'page me' }]);
    await fake.waitFor(() => fake.messagesFor(list).length >= 3, 5000, 'cards');
    const target = fake.messagesFor(list)[0]!;
    const id = fake.click(ana, target.id, codec.encode({ kind: 'next_page' }));
    const edit = await fake.waitFor(() => fake.callsFor(id)[1], 5000, 'the page');
    expect(fake.callsFor(id)[0]!.body).toMatchObject({ type: 6 });
    expect(edit).toMatchObject({
      method: 'PATCH',
      messageId: target.id,
      body: { content: 'Page 2', embeds: [{ title: 'Jumanji (1995)' }] },
    });
    expect(fake.messages.get(target.id)!.content).toBe('Page 2');
    expect(fake.callsFor(id)).toHaveLength(2);
  });

  it('a choice in the overflow select menu reaches the core as that action', async () => {
    const id = fake.click(bo, cardMessage.id, 'menu:0', [codec.encode({ kind: 'why', movieId: 6 })]);
    const reply = await fake.waitFor(() => fake.callsFor(id)[1], 5000, 'a reply');
    expect(fake.callsFor(id)[0]!.body).toMatchObject({ type: 6 });
    expect(reply).toMatchObject({ method: 'POST', body: { flags: EPHEMERAL_FLAG, content: 'ok why' } });
  });

  it('a tampered custom_id changes nothing and gets a polite ephemeral answer', async () => {
    const good = (cardMessage.components as { components: { custom_id: string }[] }[])[0]!.components[4]!.custom_id;
    const tampered = good.replace(':6:', ':7:');
    const before = new Map(bot.ratings);
    const id = fake.click(bo, cardMessage.id, tampered);
    const reply = await fake.waitFor(() => fake.callsFor(id)[1], 5000, 'a reply');
    expect(fake.callsFor(id)[0]!.body).toMatchObject({ type: 6 });
    expect(reply).toMatchObject({ method: 'POST', body: { flags: EPHEMERAL_FLAG, content: expect.stringMatching(/not valid any more/) } });
    expect(bot.ratings).toEqual(before);
    // The card itself was left alone.
    expect(fake.callsFor(id).filter((c) => c.method === 'PATCH')).toEqual([]);
    // An id that cannot even be parsed is refused at once, before any deferral.
    const oversized = fake.click(bo, cardMessage.id, 'v1:' + 'x'.repeat(120));
    const r2 = await fake.waitFor(() => fake.callsFor(oversized)[0], 5000, 'a reply');
    expect(r2.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL_FLAG } });
  });

  it('reacting 1-5 or ⭐ rates, removing the reaction retracts, also on uncached messages', async () => {
    fake.react(ana, cardMessage.id, '3️⃣');
    await fake
      .waitFor(() => bot.ratings.get(`${ana.id}:6`) === 3 || (fake.notify(), false), 5000, 'a reaction rating')
      .catch(() => undefined);
    await expect.poll(() => bot.ratings.get(`${ana.id}:6`), { timeout: 5000 }).toBe(3);
    // The card shows it (edited through the channel endpoint).
    await expect
      .poll(() => (fake.messages.get(cardMessage.id)!.embeds[0] as { footer?: { text: string } }).footer?.text)
      .toBe('Ana rated it 3★');

    fake.react(ana, cardMessage.id, '3️⃣', false);
    await expect.poll(() => bot.ratings.has(`${ana.id}:6`), { timeout: 5000 }).toBe(false);
    expect(bot.events.filter((e) => e.user === ana.id)).toEqual([
      { user: ana.id, movieId: 6, kind: 'rate', stars: 3 },
      { user: ana.id, movieId: 6, kind: 'remove' },
    ]);

    // A card the client never cached (as after a restart): the reaction arrives as a partial and
    // the card is fetched. (Emptying the client's cache instead raced the card's edit for the
    // removal above: the edit's answer, when it came after the emptying, cached the card again.)
    const uncached = { ...cardMessage, id: snowflake() };
    fake.messages.set(uncached.id, uncached);
    const fetchesBefore = fake.calls.filter((c) => c.method === 'GET' && c.path.endsWith(`/messages/${uncached.id}`)).length;
    fake.react(bo, uncached.id, '⭐');
    await expect.poll(() => bot.ratings.get(`${bo.id}:6`), { timeout: 5000 }).toBe(5);
    expect(fake.calls.filter((c) => c.method === 'GET' && c.path.endsWith(`/messages/${uncached.id}`)).length).toBeGreaterThan(
      fetchesBefore,
    );

    // Two rating reactions, one taken back: the other one stands.
    fake.react(bo, uncached.id, '2️⃣');
    await expect.poll(() => bot.ratings.get(`${bo.id}:6`), { timeout: 5000 }).toBe(2);
    fake.react(bo, uncached.id, '2️⃣', false);
    await expect.poll(() => bot.events.filter((e) => e.user === bo.id).length, { timeout: 5000 }).toBeGreaterThanOrEqual(4);
    expect(bot.ratings.get(`${bo.id}:6`)).toBe(5);
    fake.react(bo, uncached.id, '⭐', false);
    await expect.poll(() => bot.ratings.has(`${bo.id}:6`), { timeout: 5000 }).toBe(false);

    // Reactions that are not ratings, or on messages that are not cards, do nothing. A rating
    // reaction sent after them is the sync point: once it is handled, they were too.
    const events = bot.events.length;
    fake.react(ana, cardMessage.id, '👍');
    const chatter = fake.say(ana, 'hello all');
    fake.messages.set(chatter.id, chatter);
    fake.react(ana, chatter.id, '4️⃣');
    fake.react(ana, cardMessage.id, '3️⃣');
    await expect.poll(() => bot.ratings.get(`${ana.id}:6`), { timeout: 5000 }).toBe(3);
    expect(bot.events.slice(events)).toEqual([{ user: ana.id, movieId: 6, kind: 'rate', stars: 3 }]);
  });

  it('autocomplete answers with at most 25 matching titles, quickly', async () => {
    const id = fake.autocomplete(ana, 'rate', [
      { name: 'title', type: 3, value: 'alien', focused: true },
      { name: 'stars', type: 10, value: 4 },
    ]);
    const call = await fake.waitFor(() => fake.callsFor(id)[0], 5000, 'choices');
    const body = call.body as { type: number; data: { choices: { name: string; value: string }[] } };
    expect(body.type).toBe(8);
    expect(body.data.choices.length).toBe(25);
    expect(body.data.choices[0]).toEqual({ name: 'Alien', value: '1214' });
    for (const c of body.data.choices) expect(c.name.toLowerCase()).toContain('alien');
    expect(fake.ackDelay(id)).toBeLessThan(3000);
  });

  it('personal answers are ephemeral (deferred privately first); files are attached', async () => {
    const id = fake.command(ana, 'profile');
    const call = await fake.waitFor(() => fake.callsFor(id)[1], 5000, 'profile');
    expect(fake.callsFor(id)[0]!.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL_FLAG } });
    expect(call).toMatchObject({ method: 'PATCH', body: { content: 'Profile of Ana: 3 ratings' } });
    expect(fake.messagesFor(id)[0]!.flags & EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);
    const exp = fake.command(ana, 'export-me');
    const call2 = await fake.waitFor(() => fake.callsFor(exp)[1], 5000, 'export');
    expect(call2.files).toEqual([{ name: 'reelmate.json', content: '{"ratings":[]}' }]);
  });

  it('/help answers at once with the help text, privately, without a deferral', async () => {
    const id = fake.command(ana, 'help');
    const call = await fake.waitFor(() => fake.callsFor(id)[0], 5000, 'help');
    expect(call.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL_FLAG, content: 'help text' } });
  });

  it('defers when the core is slow, then edits the answer in', async () => {
    bot.delayMs = 800;
    try {
      const id = fake.command(bo, 'recommend', [{ name: 'query', type: 3, value: 'slow one' }]);
      await fake.waitFor(() => fake.messagesFor(id).length >= 3 && fake.callsFor(id).length >= 4, 5000, 'deferred answer');
      const [ack, edit] = fake.callsFor(id);
      expect((ack!.body as { type: number }).type).toBe(5);
      expect(fake.ackDelay(id)).toBeLessThan(800);
      expect(edit).toMatchObject({ method: 'PATCH', path: expect.stringMatching(/messages\/@original$/) });
      expect(fake.messagesFor(id)[0]!.content).toBe('Picks for "slow one"');
    } finally {
      bot.delayMs = 0;
    }
  });

  it('a handler that throws yields a friendly ephemeral reply and the bot keeps serving', async () => {
    const id = fake.command(ana, 'search', [{ name: 'query', type: 3, value: 'boom' }]);
    await fake.waitFor(() => fake.callsFor(id).length >= 3, 5000, 'error reply');
    const [ack, del, follow] = fake.callsFor(id);
    // Deferred in public (a search is for the channel); the error replaces it privately.
    expect(ack!.body).toMatchObject({ type: 5, data: { flags: 0 } });
    expect(del).toMatchObject({ method: 'DELETE', path: expect.stringMatching(/@original$/) });
    expect(follow!.body).toMatchObject({ flags: EPHEMERAL_FLAG, content: expect.stringMatching(/^Sorry, something went wrong/) });
    const next = fake.command(ana, 'recommend', [{ name: 'query', type: 3, value: 'comedy' }]);
    await fake.waitFor(() => fake.messagesFor(next).length >= 3, 5000, 'the next answer');
    expect(errors).toEqual([]);
  });

  it('answers mentions in the channel', async () => {
    const before = fake.calls.length;
    fake.say(bo, 'something scary for tonight', { mentionBot: true });
    const post = await fake.waitFor(
      () => fake.calls.slice(before).find((c) => c.method === 'POST' && c.path === `/api/v10/channels/${fake.channelId}/messages`),
      5000,
      'a channel reply',
    );
    expect(bot.messages.at(-1)).toMatchObject({ text: 'something scary for tonight', direct: false });
    expect(bot.messages.at(-1)!.command).toBeUndefined();
    expect((post.body as { content: string }).content).toBe('Picks for "something scary for tonight"');
    fake.say(bo, '', { mentionBot: true, stripContent: true });
    const help = await fake.waitFor(
      () =>
        fake.calls.slice(before).find((c) => c.method === 'POST' && (c.body as { content?: string } | undefined)?.content === SLASH_HELP),
      5000,
      'slash help',
    );
    expect(help).toBeDefined();
  });

  it('sends a private answer to a mention by DM, and says so in the channel', async () => {
    const before = fake.calls.length;
    fake.say(bo, 'profile', { mentionBot: true });
    const dm = await fake.waitFor(
      () =>
        fake.calls
          .slice(before)
          .find((c) => c.method === 'POST' && (c.body as { content?: string } | undefined)?.content === 'Profile of Bo: 3 ratings'),
      5000,
      'a DM',
    );
    expect(dm.path).not.toBe(`/api/v10/channels/${fake.channelId}/messages`);
    expect(fake.calls.slice(before).some((c) => c.path === '/api/v10/users/@me/channels')).toBe(true);
    await fake.waitFor(
      () =>
        fake.calls
          .slice(before)
          .find(
            (c) =>
              c.path === `/api/v10/channels/${fake.channelId}/messages` && /direct message/.test((c.body as { content: string }).content),
          ),
      5000,
      'a pointer in the channel',
    );
  });

  it('answers an error to a mention in the channel, not by DM', async () => {
    const before = fake.calls.length;
    fake.say(bo, 'rate nonsense 4', { mentionBot: true });
    const post = await fake.waitFor(
      () =>
        fake.calls
          .slice(before)
          .find((c) => c.method === 'POST' && (c.body as { content?: string } | undefined)?.content === 'I do not know "nonsense".'),
      5000,
      'the error',
    );
    expect(post.path).toBe(`/api/v10/channels/${fake.channelId}/messages`);
    expect(fake.calls.slice(before).some((c) => c.path === '/api/v10/users/@me/channels')).toBe(false);
  });

  it('a slow answer deferred in public that turns out private replaces the public "thinking" with a private one', async () => {
    const id = fake.command(ana, 'recommend', [{ name: 'query', type: 3, value: 'private-late' }]);
    await fake.waitFor(() => fake.callsFor(id).length >= 3, 5000, 'the private answer');
    const [ack, del, follow] = fake.callsFor(id);
    expect(ack!.body).toMatchObject({ type: 5, data: { flags: 0 } });
    expect(del).toMatchObject({ method: 'DELETE', path: expect.stringMatching(/@original$/) });
    expect(follow!.body).toMatchObject({ flags: EPHEMERAL_FLAG, content: 'Only you can see this' });
  });

  it('a server can make cards private with /settings', async () => {
    const set = fake.command(ana, 'settings', [{ name: 'public-cards', type: 5, value: false }]);
    // Deferred privately first, then the answer: the setting is stored once the answer is in.
    const answer = await fake.waitFor(() => fake.callsFor(set)[1], 5000, 'settings reply');
    expect(fake.callsFor(set)[0]!.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL_FLAG } });
    expect((answer.body as { content: string }).content).toMatch(/private/);
    const id = fake.command(ana, 'recommend', [{ name: 'query', type: 3, value: 'quiet' }]);
    await fake.waitFor(() => fake.messagesFor(id).length >= 3, 5000, 'private cards');
    // The deferral already knew (the setting is in memory), so nothing was ever public.
    expect(fake.callsFor(id)[0]!.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL_FLAG } });
    expect(fake.callsFor(id).some((c) => c.method === 'DELETE')).toBe(false);
    for (const m of fake.messagesFor(id)) expect(m.flags & EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);
    const reset = fake.command(ana, 'settings', [{ name: 'public-cards', type: 5, value: true }]);
    await fake.waitFor(() => fake.callsFor(reset)[1], 5000, 'settings reply');
  });

  it('posts announcements in a channel on its own initiative', async () => {
    const before = fake.calls.length;
    expect(await adapter.post(fake.channelId, { text: 'Time is up: the group picked Heat!', cards: [card(6)], ephemeral: true })).toBe(
      true,
    );
    const posts = fake.calls.slice(before).filter((c) => c.method === 'POST' && c.path === `/api/v10/channels/${fake.channelId}/messages`);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toMatchObject({ content: 'Time is up: the group picked Heat!', embeds: [{ title: 'Heat (1995)' }] });
    expect((posts[0]!.body as { flags?: number }).flags ?? 0).toBe(0);
    expect(await adapter.post('123456789012345678', { text: 'nowhere' })).toBe(false);
  });
});
