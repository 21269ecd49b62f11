/**
 * Discord's Interactions Endpoint end to end: the fake Discord signs interactions with a
 * generated Ed25519 key pair and POSTs them to the bot's HTTP server; the answers come back
 * through the fake's interaction webhook, rendered exactly as on the gateway.
 */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERACTIONS_PATH, mountDiscordInteractions, type InteractionsEndpoint } from '../../adapters/discord/http/index.js';
import { EPHEMERAL_FLAG } from '../../adapters/discord/limits.js';
import { memorySettingsStore } from '../../adapters/discord/settings.js';
import { startPlayground } from '../../adapters/playground/index.js';
import { FakeDiscord, type ApiMessage } from '../helpers/fake-discord/index.js';
import { ed25519KeyPair, InteractionsPoster } from '../helpers/fake-discord/http-interactions.js';
import { ScriptedBot, ana, bo, codec } from '../helpers/fake-discord/scripted-bot.js';

describe('Discord HTTP interactions against a fake Discord', () => {
  let fake: FakeDiscord;
  let server: { url: string; close(): Promise<void> };
  let endpoint: InteractionsEndpoint;
  let discord: InteractionsPoster;
  const bot = new ScriptedBot();

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    discord = new InteractionsPoster(fake, '');
    const app = new Hono();
    endpoint = mountDiscordInteractions(app, {
      publicKey: discord.publicKeyHex,
      bot,
      apiUrl: fake.apiUrl,
      settings: memorySettingsStore(),
    });
    server = await startPlayground(app, { port: 0, host: '127.0.0.1' });
    discord.endpoint = `${server.url}${INTERACTIONS_PATH}`;
  });
  afterAll(async () => {
    await endpoint?.drain();
    await server?.close();
    await fake?.close();
  });

  it('answers PING with PONG', async () => {
    expect(await discord.ping()).toMatchObject({ status: 200, body: { type: 1 } });
  });

  it('refuses a bad signature with 401 and never reaches the core', async () => {
    const before = bot.messages.length;
    const body = JSON.stringify({ id: '1', application_id: fake.applicationId, type: 2, token: 't', data: { name: 'recommend' } });
    expect((await discord.raw(body, { key: ed25519KeyPair().privateKey })).status).toBe(401);
    expect((await discord.raw(body, { signature: 'ab'.repeat(64) })).status).toBe(401);
    expect((await discord.raw(body, { signature: '' })).status).toBe(401);
    // Signed, then altered on the way.
    const signedPing = JSON.stringify({ id: '2', application_id: fake.applicationId, type: 1, token: 't', version: 1 });
    const good = await discord.raw(signedPing);
    expect(good.status).toBe(200);
    const ts = String(Math.floor(Date.now() / 1000));
    const { sign } = await import('node:crypto');
    const sig = sign(null, Buffer.from(ts + signedPing), discord.privateKey).toString('hex');
    expect((await discord.raw(signedPing.replace('"type":1', '"type":2'), { timestamp: ts, signature: sig })).status).toBe(401);
    expect((await discord.raw(signedPing, { timestamp: String(Number(ts) + 1), signature: sig })).status).toBe(401);
    // Signed but not an interaction: a clear 400, nothing run.
    expect((await discord.raw('{"hello":')).status).toBe(400);
    expect((await discord.raw('{"hello":"world"}')).status).toBe(400);
    expect(bot.messages.length).toBe(before);
  });

  let cardMessage: ApiMessage;

  it('/recommend is deferred in the response, then answered with the same cards through the webhook', async () => {
    const answer = await discord.command(ana, 'recommend', [{ name: 'query', type: 3, value: 'something scary for tonight' }]);
    expect(answer).toMatchObject({ status: 200, body: { type: 5 } });
    const id = answer.id!;
    await fake.waitFor(
      () => fake.messagesFor(id).length >= 3 && fake.messagesFor(id).every((m) => (m.flags & (1 << 7)) === 0),
      15_000,
      'three card messages',
    );
    expect(bot.messages.at(-1)).toMatchObject({
      text: 'something scary for tonight',
      command: { name: 'recommend' },
      actor: { externalId: ana.id, displayName: 'Ana' },
    });
    const messages = fake.messagesFor(id);
    expect(messages[0]!.content).toBe('Picks for "something scary for tonight"');
    const [, edit] = fake.callsFor(id);
    expect(edit).toMatchObject({
      method: 'PATCH',
      path: expect.stringMatching(new RegExp(`/webhooks/${fake.applicationId}/.+/messages/@original$`)),
    });
    for (const m of messages) {
      expect(m.flags & EPHEMERAL_FLAG).toBe(0);
      const rows = m.components as { components: { custom_id: string; label: string }[] }[];
      expect(rows[0]!.components.map((b) => b.label)).toEqual(['1★', '2★', '3★', '4★', '5★']);
      for (const b of rows.flatMap((r) => r.components)) expect(codec.decode(b.custom_id).ok).toBe(true);
    }
    expect((messages[0]!.embeds[0] as { title: string }).title).toBe('Heat (1995)');
    cardMessage = messages[0]!;
  });

  it('a button click is acknowledged with a deferred update, then the card is edited and the clicker told privately', async () => {
    const fourStars = (cardMessage.components as { components: { custom_id: string }[] }[])[0]!.components[3]!.custom_id;
    const answer = await discord.click(bo, cardMessage.id, fourStars);
    expect(answer).toMatchObject({ status: 200, body: { type: 6 } });
    const id = answer.id!;
    await fake.waitFor(() => fake.callsFor(id).length >= 3, 15_000, 'update and confirmation');
    expect(bot.ratings.get(`${bo.id}:6`)).toBe(4);
    const [, edit, followUp] = fake.callsFor(id);
    expect(edit).toMatchObject({ method: 'PATCH', messageId: cardMessage.id });
    expect((fake.messages.get(cardMessage.id)!.embeds[0] as { footer: { text: string } }).footer.text).toBe('Bo rated it 4★');
    expect(followUp).toMatchObject({ method: 'POST', body: { flags: EPHEMERAL_FLAG, content: 'You rated Heat 4★' } });
  });

  it('a next page replaces the clicked message; a tampered button changes nothing', async () => {
    const next = await discord.click(ana, cardMessage.id, codec.encode({ kind: 'next_page' }));
    await fake.waitFor(() => fake.callsFor(next.id!)[1], 15_000, 'the page');
    expect(fake.messages.get(cardMessage.id)!.content).toBe('Page 2');

    const before = new Map(bot.ratings);
    const tampered = codec.encode({ kind: 'rate', movieId: 6, stars: 5 }).replace(':6:', ':7:');
    const bad = await discord.click(bo, cardMessage.id, tampered);
    const reply = await fake.waitFor(() => fake.callsFor(bad.id!)[1], 15_000, 'a reply');
    expect(reply).toMatchObject({ method: 'POST', body: { flags: EPHEMERAL_FLAG, content: expect.stringMatching(/not valid any more/) } });
    expect(bot.ratings).toEqual(before);
    // The voice-channel invite button of a card the gateway process rendered still works here
    // (nobody is brought along: voice states live in the gateway process).
    const voice = await discord.click(bo, cardMessage.id, `voice:${codec.encode({ kind: 'why', movieId: 6 })}`);
    const voiceReply = await fake.waitFor(() => fake.callsFor(voice.id!)[1], 15_000, 'the voice click');
    expect(voiceReply).toMatchObject({ method: 'POST', body: { content: 'ok why' } });
    // An id that cannot be a payload at all is refused in the response itself.
    const oversized = await discord.click(bo, cardMessage.id, 'v1:' + 'x'.repeat(120));
    expect(oversized.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL_FLAG } });
  });

  it('autocomplete is answered in the response with at most 25 choices', async () => {
    const answer = await discord.autocomplete(ana, 'rate', [
      { name: 'title', type: 3, value: 'alien', focused: true },
      { name: 'stars', type: 10, value: 4 },
    ]);
    expect(answer.body.type).toBe(8);
    const choices = answer.body.data!.choices as { name: string; value: string }[];
    expect(choices.length).toBe(25);
    expect(choices[0]).toEqual({ name: 'Alien', value: '1214' });
  });

  it('/help is answered at once; personal commands are deferred privately; files travel as attachments', async () => {
    const help = await discord.command(ana, 'help');
    expect(help.body).toMatchObject({ type: 4, data: { content: 'help text', flags: EPHEMERAL_FLAG } });

    const profile = await discord.command(ana, 'profile');
    expect(profile.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL_FLAG } });
    await fake.waitFor(() => fake.messagesFor(profile.id!)[0]?.content.startsWith('Profile of Ana'), 15_000, 'the profile');

    const exported = await discord.command(ana, 'export-me');
    const message = await fake.waitFor(
      () => fake.messagesFor(exported.id!).find((m) => (m.attachments as unknown[]).length > 0),
      15_000,
      'the export',
    );
    expect(message.attachments).toMatchObject([{ filename: 'reelmate.json' }]);
    expect(message.flags & EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);
  });

  it('a core failure drops the public "thinking" message and tells only the asker', async () => {
    const answer = await discord.command(bo, 'recommend', [{ name: 'query', type: 3, value: 'boom' }]);
    expect(answer.body).toMatchObject({ type: 5 });
    const id = answer.id!;
    await fake.waitFor(() => fake.callsFor(id).some((c) => c.method === 'POST' && c.path.includes('/webhooks/')), 15_000, 'the error');
    expect(fake.callsFor(id).map((c) => c.method)).toEqual(['POST', 'DELETE', 'POST']);
    expect(fake.callsFor(id)[2]!.body).toMatchObject({ flags: EPHEMERAL_FLAG, content: expect.stringMatching(/something went wrong/) });
  });

  it('/settings changes the server setting, and commands outside a server are refused politely', async () => {
    const set = await discord.command(ana, 'settings', [{ name: 'public-cards', type: 5, value: false }]);
    await fake.waitFor(() => fake.messagesFor(set.id!)[0]?.content.includes('**private**'), 15_000, 'the setting');
    const dm = await discord.command(ana, 'settings', [], { guild: false });
    expect(dm.body).toMatchObject({ type: 4, data: { content: expect.stringMatching(/apply to a server/) } });
    // Now private: a recommendation is deferred privately.
    const rec = await discord.command(ana, 'recommend', [{ name: 'query', type: 3, value: 'quiet' }]);
    await fake.waitFor(() => fake.messagesFor(rec.id!).length >= 3, 15_000, 'private cards');
    expect(fake.messagesFor(rec.id!).every((m) => (m.flags & EPHEMERAL_FLAG) !== 0)).toBe(true);
    const unknown = await discord.command(ana, 'nonsense');
    expect(unknown.body).toMatchObject({ type: 4, data: { content: expect.stringMatching(/do not know \/nonsense/) } });
  });
});
