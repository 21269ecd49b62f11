/**
 * The Discord adapter's connection: heartbeats, op 7 reconnects and dropped connections resume,
 * the Message Content fallback, and acknowledgements that never wait on a slow dependency.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscord, type DiscordAdapter } from '../../adapters/discord/index.js';
import { EPHEMERAL_FLAG } from '../../adapters/discord/limits.js';
import { SLASH_HELP } from '../../adapters/discord/send.js';
import { FakeDiscord } from '../helpers/fake-discord/index.js';
import { ScriptedBot, ana, bo } from '../helpers/fake-discord/scripted-bot.js';

describe('Discord adapter gateway connection', () => {
  let fake: FakeDiscord;
  let adapter: DiscordAdapter;
  const bot = new ScriptedBot();
  const errors: unknown[] = [];

  beforeAll(async () => {
    fake = await FakeDiscord.start({ heartbeatMs: 1000 });
    adapter = await startDiscord({ token: 'fake-token', bot, apiUrl: fake.apiUrl });
    adapter.client.on('error', (e) => errors.push(e));
  });
  afterAll(async () => {
    await adapter?.stop();
    await fake?.close();
  });

  it('connects with the intents it needs, heartbeats and gets ACKs', async () => {
    const intents = Number(fake.gateway.identifies[0]?.intents);
    expect(intents & (1 << 0)).toBeTruthy(); // Guilds
    expect(intents & (1 << 10)).toBeTruthy(); // GuildMessageReactions
    expect(intents & (1 << 15)).toBeTruthy(); // MessageContent
    expect(fake.gateway.identifies[0]).toMatchObject({
      token: 'fake-token',
      shard: [0, 1],
      presence: { activities: [{ name: '/recommend', type: 2 }] },
    });
    // Heartbeat interval 1 s in the fake; discord.js jitters the first one.
    await expect.poll(() => fake.gateway.heartbeats, { timeout: 3000 }).toBeGreaterThan(0);
    await expect.poll(() => adapter.client.ws.ping, { timeout: 3000 }).toBeGreaterThanOrEqual(0);
  });

  it('op 7 reconnect resumes the session and the bot keeps serving', async () => {
    const connections = fake.gateway.connections;
    fake.gateway.requestReconnect();
    await expect.poll(() => fake.gateway.resumes.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(fake.gateway.resumes[0]!.session_id).toBe('session-1');
    expect(fake.gateway.connections).toBe(connections + 1);
    expect(fake.gateway.identifies).toHaveLength(1);
    const id = fake.command(bo, 'profile');
    const call = await fake.waitFor(() => fake.callsFor(id)[1], 8000, 'an answer after resume');
    expect(fake.callsFor(id)[0]!.body).toMatchObject({ type: 5 });
    expect(call).toMatchObject({ method: 'PATCH', body: { content: 'Profile of Bo: 3 ratings' } });
  });

  it('resumes on its own after the connection drops', async () => {
    const resumes = fake.gateway.resumes.length;
    fake.gateway.dropConnections();
    await expect.poll(() => fake.gateway.resumes.length, { timeout: 15_000 }).toBeGreaterThan(resumes);
    const id = fake.command(bo, 'profile');
    await fake.waitFor(() => fake.callsFor(id)[0], 8000, 'an answer after the drop');
    expect(errors).toEqual([]);
  });
});

describe('Discord adapter when the portal has not enabled the Message Content intent', () => {
  let fake: FakeDiscord;
  let adapter: DiscordAdapter;
  const bot = new ScriptedBot();

  beforeAll(async () => {
    fake = await FakeDiscord.start({ allowedIntents: 0x7fffff & ~(1 << 15) });
    adapter = await startDiscord({ token: 'fake-token', bot, apiUrl: fake.apiUrl, messageContent: true });
  });
  afterAll(async () => {
    await adapter?.stop();
    await fake?.close();
  });

  it('connects without it, and answers a content-less mention with how to use slash commands', async () => {
    expect(fake.gateway.identifies).toHaveLength(2);
    expect(Number(fake.gateway.identifies[1]!.intents) & (1 << 15)).toBe(0);
    const before = fake.calls.length;
    fake.say(ana, '', { mentionBot: true, stripContent: true });
    const help = await fake.waitFor(
      () =>
        fake.calls.slice(before).find((c) => c.method === 'POST' && (c.body as { content?: string } | undefined)?.content === SLASH_HELP),
      5000,
      'slash help',
    );
    expect(help.path).toBe(`/api/v10/channels/${fake.channelId}/messages`);
    expect(bot.messages).toHaveLength(0);
    const id = fake.command(ana, 'recommend', [{ name: 'query', type: 3, value: 'anything' }]);
    await fake.waitFor(() => fake.messagesFor(id).length >= 3, 5000, 'slash commands still work');
  });
});

describe('Discord adapter with a slow settings store', () => {
  let fake: FakeDiscord;
  let adapter: DiscordAdapter;
  const bot = new ScriptedBot();
  const slowSettings = {
    get: async () => {
      await new Promise((r) => setTimeout(r, 2000));
      return { publicCards: true };
    },
    set: async () => {
      await new Promise((r) => setTimeout(r, 2000));
      return { publicCards: false };
    },
  };

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    adapter = await startDiscord({ token: 'fake-token', bot, apiUrl: fake.apiUrl, messageContent: false, settings: slowSettings });
  });
  afterAll(async () => {
    await adapter?.stop();
    await fake?.close();
  });

  it('still acknowledges well within 3 s (deferring in public), then answers', async () => {
    const id = fake.command(ana, 'recommend', [{ name: 'query', type: 3, value: 'anything' }]);
    const ack = await fake.waitFor(() => fake.callsFor(id)[0], 3000, 'an acknowledgement');
    expect(ack.body).toMatchObject({ type: 5, data: { flags: 0 } });
    // type 5 = deferred: the adapter answered before the slow work, as Discord's 3 s rule needs
    await fake.waitFor(() => fake.messagesFor(id).length >= 3 && fake.callsFor(id).length >= 4, 5000, 'the cards');
    expect(fake.messagesFor(id)[0]!.content).toBe('Picks for "anything"');

    const set = fake.command(ana, 'settings', [{ name: 'public-cards', type: 5, value: false }]);
    const setAck = await fake.waitFor(() => fake.callsFor(set)[0], 3000, 'an acknowledgement');
    expect(setAck.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL_FLAG } });
    const edit = await fake.waitFor(() => fake.callsFor(set)[1], 5000, 'the answer');
    expect((edit.body as { content: string }).content).toMatch(/private/);
  });
});

describe('Discord adapter with a core that never answers', () => {
  let fake: FakeDiscord;
  let adapter: DiscordAdapter;
  const bot = new ScriptedBot();
  bot.onMessage = () => new Promise(() => {}); // hangs for ever

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    adapter = await startDiscord({ token: 'fake-token', bot, apiUrl: fake.apiUrl, messageContent: false, giveUpAfterMs: 600 });
  });
  afterAll(async () => {
    await adapter?.stop();
    await fake?.close();
  });

  it('defers at once, then replaces the "thinking" with the friendly error', async () => {
    const id = fake.command(ana, 'profile');
    await fake.waitFor(() => fake.callsFor(id).length >= 2, 5000, 'the error');
    const [ack, edit] = fake.callsFor(id);
    expect(ack!.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL_FLAG } });
    expect(edit).toMatchObject({ method: 'PATCH', body: { content: expect.stringMatching(/^Sorry, something went wrong/) } });
  });

  it('a mention whose core call hangs gets the friendly error in the channel too', async () => {
    const before = fake.calls.length;
    fake.say(ana, 'something for tonight', { mentionBot: true });
    const post = await fake.waitFor(
      () => fake.calls.slice(before).find((c) => c.method === 'POST' && c.path === `/api/v10/channels/${fake.channelId}/messages`),
      5000,
      'the friendly error',
    );
    expect((post.body as { content: string }).content).toMatch(/^Sorry, something went wrong/);
  });
});

describe('Discord adapter running a subset of shards', () => {
  it('identifies as the shard it was given, so processes can split a large bot', async () => {
    const fake = await FakeDiscord.start();
    const adapter = await startDiscord({
      token: 'fake-token',
      bot: new ScriptedBot(),
      apiUrl: fake.apiUrl,
      messageContent: false,
      shards: { ids: [1], count: 2 },
    });
    try {
      expect(fake.gateway.identifies.map((d) => d.shard)).toEqual([[1, 2]]);
    } finally {
      await adapter.stop();
      await fake.close();
    }
  });
});
