/**
 * Discord end to end through the real Bot: real discord.js, the fake Discord, the seeded
 * MovieLens database (both engines), the real recommendation service and catalogue. Only the
 * language tools are a small stand-in (a few mood words), so these tests do not depend on
 * the NLP parser's details.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reactionPayloadsFrom, repositorySettingsStore, startDiscord, type DiscordAdapter } from '../../adapters/discord/index.js';
import { EPHEMERAL_FLAG } from '../../adapters/discord/limits.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { createBot, type Bot } from '../../src/bot/bot.js';
import type { LanguageTools } from '../../src/core/ports.js';
import { createRepositories } from '../../src/db/repositories/index.js';
import { SettingsRepository } from '../../src/db/repositories/settings.js';
import { emptyPreferences } from '../../src/nlp/types.js';
import { createRecommendationService, type RecommendationService } from '../../src/recommender/service.js';
import { testEngines, type TestDatabase } from '../helpers/db.js';
import { FakeDiscord, snowflake, type ApiMessage, type FakeUser } from '../helpers/fake-discord/index.js';
import { openSeededTestDatabase, SEEDED_SETUP_TIMEOUT_MS } from '../helpers/seeded.js';

const MOODS: Record<string, string> = { scary: 'Horror', funny: 'Comedy', action: 'Action', animated: 'Animation' };
const language: LanguageTools = {
  parsePreferences(text) {
    const p = emptyPreferences();
    for (const w of text.toLowerCase().split(/[^a-z]+/)) if (MOODS[w]) p.genres.include.push(MOODS[w]!);
    return p;
  },
  describePreferences: (p) => p.genres.include.join(' · ').toLowerCase(),
  detectIntent: (text) =>
    /\b(watch|movie|something|tonight)\b/i.test(text) ? { command: 'recommend', args: {} } : { command: null, args: {} },
};

type Row = { components: { custom_id: string; label: string }[] };
const buttons = (m: ApiMessage) => (m.components as Row[]).flatMap((r) => r.components).filter((c) => !c.custom_id.startsWith('menu:'));

describe.skipIf(!process.env.MOVIELENS_DIR).each(testEngines())('Discord through the real Bot on %s (seeded)', (engine) => {
  let database: TestDatabase;
  let service: RecommendationService;
  let bot: Bot;
  let fake: FakeDiscord;
  let adapter: DiscordAdapter;
  const ana: FakeUser = { id: snowflake(), username: 'ana', globalName: 'Ana' };
  const bo: FakeUser = { id: snowflake(), username: 'bo', globalName: 'Bo' };
  // Cy is in the voice channel before the bot connects (GUILD_CREATE); the others join after.
  const cy: FakeUser = { id: snowflake(), username: 'cy', globalName: 'Cy' };
  const di: FakeUser = { id: snowflake(), username: 'di', globalName: 'Di' };
  const jukebox: FakeUser = { id: snowflake(), username: 'jukebox', bot: true };
  const eve: FakeUser = { id: snowflake(), username: 'eve', globalName: 'Eve' };
  const fay: FakeUser = { id: snowflake(), username: 'fay', globalName: 'Fay' };
  const couch = snowflake();
  const guild = {
    id: snowflake(),
    name: 'Movie Night',
    channels: [{ id: snowflake(), name: 'general' }],
    voiceChannels: [{ id: couch, name: 'Couch' }],
  };

  async function ratingOf(user: FakeUser, movieId: number): Promise<number | undefined> {
    const rows = await database.rows<{ rating: number }>(sql`
      SELECT r.rating FROM ratings r JOIN users u ON u.id = r.user_id
      WHERE u.platform = 'discord' AND u.external_id = ${user.id} AND r.movie_id = ${movieId}`);
    return rows[0]?.rating === undefined ? undefined : Number(rows[0].rating);
  }
  async function eventsOf(user: FakeUser, movieId: number): Promise<string[]> {
    const rows = await database.rows<{ kind: string }>(sql`
      SELECT e.kind FROM rating_events e JOIN users u ON u.id = e.user_id
      WHERE u.platform = 'discord' AND u.external_id = ${user.id} AND e.movie_id = ${movieId} ORDER BY e.id`);
    return rows.map((r) => r.kind);
  }
  const userData = () =>
    database.rows(
      sql`SELECT u.external_id, r.movie_id, r.rating FROM ratings r JOIN users u ON u.id = r.user_id WHERE u.platform = 'discord' ORDER BY 1, 2`,
    );

  beforeAll(async () => {
    database = await openSeededTestDatabase(engine);
    const catalog = new Catalog(await createRepositories(database.db).movies.all());
    service = createRecommendationService(database, { pollMs: 0 });
    await service.ready();
    bot = createBot({ database, engine: service, catalog, language, secret: 'discord-e2e-secret-0123456789', rateLimit: false });
    fake = await FakeDiscord.start({ guilds: [guild], voiceStates: [{ user: cy, channelId: couch }] });
    adapter = await startDiscord({
      token: 'fake-token',
      bot,
      apiUrl: fake.apiUrl,
      messageContent: true,
      settings: repositorySettingsStore(new SettingsRepository(database.db), 0),
      reactions: reactionPayloadsFrom(bot.codec),
    });
  }, SEEDED_SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await adapter?.stop();
    await fake?.close();
    await service?.close();
    await database?.dispose();
  });

  let card: ApiMessage;
  let secondCard: ApiMessage;
  let movieId = 0;

  it('/recommend "something scary for tonight" posts public movie cards with signed buttons', async () => {
    const id = fake.command(ana, 'recommend', [{ name: 'query', type: 3, value: 'something scary for tonight' }]);
    await fake.waitFor(() => fake.messagesFor(id).filter((m) => m.embeds.length).length >= 3, 20_000, 'cards');
    expect(fake.ackDelay(id)).toBeLessThan(3000);
    const cards = fake.messagesFor(id).filter((m) => m.embeds.length);
    for (const m of cards) {
      expect(m.flags & EPHEMERAL_FLAG).toBe(0);
      const embed = m.embeds[0] as { title: string; fields?: { name: string; value: string }[] };
      expect(embed.title).toMatch(/\(\d{4}\)$/);
      expect(embed.fields?.find((f) => f.name === 'Genres')?.value).toContain('Horror');
      const names = (embed.fields ?? []).map((f) => f.name);
      expect(new Set(names).size).toBe(names.length);
      const ids = buttons(m).map((b) => b.custom_id);
      expect(ids.length).toBeGreaterThanOrEqual(6);
      for (const cid of ids) expect(bot.codec.decode(cid).ok, `${cid} ${JSON.stringify(m.components)}`).toBe(true);
    }
    card = cards[0]!;
    secondCard = cards[1]!;
    const decoded = bot.codec.decode(buttons(card)[0]!.custom_id);
    if (!decoded.ok || !('movieId' in decoded.value)) throw new Error('no movie on the first button');
    movieId = Number(decoded.value.movieId);
    // Stars first, then Seen / Not interested / Watchlist / More like this / Why as buttons.
    expect(buttons(card).length).toBe(10);
  });

  it('a second user clicking 4★ stores their rating, the card shows it, they get a private confirmation', async () => {
    const four = buttons(card).find((b) => bot.codec.decode(b.custom_id).ok && /4/.test(b.label))!;
    const id = fake.click(bo, card.id, four.custom_id);
    await fake.waitFor(() => fake.callsFor(id).length >= 3, 10_000, 'acknowledgement, update and confirmation');
    expect(await ratingOf(bo, movieId)).toBe(4);
    expect(await ratingOf(ana, movieId)).toBeUndefined();
    const [ack, ...rest] = fake.callsFor(id);
    // Acknowledged before the core ran (deferred update), then the card is edited in place.
    expect((ack!.body as { type: number }).type).toBe(6);
    expect(fake.ackDelay(id)).toBeLessThan(3000);
    expect(rest.find((c) => c.method === 'PATCH')?.messageId).toBe(card.id);
    expect(JSON.stringify(fake.messages.get(card.id)!.embeds)).toMatch(/4/);
    const confirmation = rest.find((c) => c.method === 'POST');
    expect(confirmation?.body).toMatchObject({ flags: EPHEMERAL_FLAG });
  });

  it("two people click the same public card: it shows the channel's facts, each gets their own state privately", async () => {
    const decoded = bot.codec.decode(buttons(secondCard)[0]!.custom_id);
    if (!decoded.ok || !('movieId' in decoded.value)) throw new Error('no movie on the button');
    const other = Number(decoded.value.movieId);
    const star = (m: ApiMessage, n: number) => buttons(m).find((b) => b.label === `${n}★`)!.custom_id;
    // A click is deferred first, then the card is edited and the private note follows: wait
    // for both the edit and the note, whatever order they come in.
    const edited = (id: string) =>
      fake.callsFor(id).some((c) => c.method === 'PATCH' || (c.body as { type?: number } | undefined)?.type === 7);
    const noted = (id: string) => fake.callsFor(id).some((c) => c.method === 'POST' && !c.path.endsWith('/callback'));
    const byEve = fake.click(eve, secondCard.id, star(secondCard, 5));
    await fake.waitFor(() => edited(byEve) && noted(byEve), 10_000, 'Eve: update and note');
    const byFay = fake.click(fay, secondCard.id, star(fake.messages.get(secondCard.id)!, 2));
    await fake.waitFor(() => edited(byFay) && noted(byFay), 10_000, 'Fay: update and note');
    expect(await ratingOf(eve, other)).toBe(5);
    expect(await ratingOf(fay, other)).toBe(2);
    // The card in the channel: the group's facts and the last event, nobody's own stars.
    const shown = fake.messages.get(secondCard.id)!;
    expect(shown.flags & EPHEMERAL_FLAG).toBe(0);
    const embed = JSON.stringify(shown.embeds);
    expect(embed).toContain('rated by 2, avg 3.5★');
    expect(embed).toContain('Fay rated it 2★');
    expect(embed).not.toMatch(/For you|Your rating|because you liked|for Ana|Ana's/i);
    expect(
      (shown.components as { components: { style: number; label: string }[] }[])
        .flatMap((r) => r.components)
        .filter((b) => /★$/.test(b.label) && b.style === 3),
    ).toEqual([]);
    // Each clicker's own state comes to them alone.
    const note = (id: string) =>
      fake.callsFor(id).find((c) => c.method === 'POST' && !c.path.endsWith('/callback'))?.body as
        | { content?: string; flags?: number }
        | undefined;
    expect(note(byEve)).toMatchObject({ flags: EPHEMERAL_FLAG });
    expect(note(byEve)?.content).toMatch(/your rating 5★/);
    expect(note(byFay)).toMatchObject({ flags: EPHEMERAL_FLAG });
    expect(note(byFay)?.content).toMatch(/your rating 2★/);
    expect(note(byFay)?.content).not.toMatch(/5★/);
  });

  it('a tampered custom_id changes nothing and gets a polite private answer', async () => {
    const before = JSON.stringify(await userData());
    const five = buttons(card)[4]!.custom_id;
    const tampered = five.replace(`:${movieId}:`, `:${movieId === 1 ? 2 : 1}:`);
    const id = fake.click(bo, card.id, tampered);
    await fake.waitFor(() => fake.callsFor(id).some((c) => /not valid|older version/.test(JSON.stringify(c.body))), 10_000, 'an answer');
    const bodies = fake.callsFor(id).map((c) => JSON.stringify(c.body));
    expect(bodies.join('\n')).toMatch(/not valid|older version/);
    for (const c of fake.callsFor(id)) {
      const b = c.body as { type?: number; data?: { flags?: number }; flags?: number };
      if (b.type === 4) expect(b.data?.flags).toBe(EPHEMERAL_FLAG);
      else if (c.method === 'POST' && !c.path.endsWith('/callback')) expect(b.flags).toBe(EPHEMERAL_FLAG);
    }
    expect(JSON.stringify(await userData())).toBe(before);
  });

  it('/recommend with NUL, an unpaired surrogate and control characters is cleaned at the edge: cards come, nothing of it is stored', async () => {
    const hostile: FakeUser = { id: snowflake(), username: 'nul', globalName: 'Nul\u0000\u0007Name' };
    const id = fake.command(hostile, 'recommend', [{ name: 'query', type: 3, value: 'funny\u0000 movie \uD800' }]);
    await fake.waitFor(() => fake.messagesFor(id).filter((m) => m.embeds.length).length >= 3, 20_000, 'cards');
    expect(
      fake
        .messagesFor(id)
        .map((m) => m.content ?? '')
        .join('\n'),
    ).not.toMatch(/went wrong/);
    const stored = await database.rows<{ state: unknown; display_name: string | null }>(sql`
      SELECT c.state, u.display_name FROM conversations c JOIN users u ON c.user_key = u.id::text
      WHERE c.platform = 'discord' AND u.external_id = ${hostile.id}`);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.display_name).toBe('NulName');
    const text = JSON.stringify(stored[0]);
    expect(text).toContain('"include":["Comedy"]');
    expect(/[\u0000-\u0008\u000B-\u001F]|\\u0000/.test(text)).toBe(false);
  });

  it('reactions rate and removing them retracts (logged), also on uncached messages', async () => {
    fake.react(ana, card.id, '2️⃣');
    await expect.poll(() => ratingOf(ana, movieId), { timeout: 10_000 }).toBe(2);
    fake.react(ana, card.id, '2️⃣', false);
    await expect.poll(() => ratingOf(ana, movieId), { timeout: 10_000 }).toBeUndefined();
    expect(await eventsOf(ana, movieId)).toEqual(['rate', 'remove']);

    for (const channel of adapter.client.channels.cache.values()) if ('messages' in channel) channel.messages.cache.clear();
    fake.react(ana, card.id, '⭐');
    await expect.poll(() => ratingOf(ana, movieId), { timeout: 10_000 }).toBe(5);
  });

  it('autocomplete finds titles, and /rate takes the chosen one', async () => {
    const id = fake.autocomplete(bo, 'rate', [{ name: 'title', type: 3, value: 'matrix', focused: true }]);
    const call = await fake.waitFor(() => fake.callsFor(id)[0], 10_000, 'choices');
    const choices = (call.body as { data: { choices: { name: string; value: string }[] } }).data.choices;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(fake.ackDelay(id)).toBeLessThan(1000);
    const matrix = choices.find((c) => c.name === 'Matrix, The (1999)');
    expect(matrix).toBeDefined();
    const rate = fake.command(bo, 'rate', [
      { name: 'title', type: 3, value: matrix!.value },
      { name: 'stars', type: 10, value: 4.5 },
    ]);
    await fake.waitFor(() => fake.callsFor(rate).length >= 1, 10_000, 'rated');
    await expect.poll(() => ratingOf(bo, 2571), { timeout: 10_000 }).toBe(4.5);
  });

  it('a watch party: /watchparty start posts a public party card, a click on Join adds the clicker, pick adds vote buttons', async () => {
    const start = fake.command(ana, 'watchparty', [
      { name: 'start', type: 1, options: [{ name: 'constraints', type: 3, value: 'something funny' }] },
    ]);
    await fake.waitFor(() => fake.messagesFor(start).find((m) => m.embeds.length), 20_000, 'the party card');
    const party = fake.messagesFor(start).find((m) => m.embeds.length)!;
    expect(party.flags & EPHEMERAL_FLAG).toBe(0);
    expect((party.embeds[0] as { title: string }).title).toMatch(/Watch party/);
    const join = buttons(party).find((b) => b.label === 'Join')!;
    const click = fake.click(bo, party.id, join.custom_id);
    await fake.waitFor(() => fake.callsFor(click).length >= 1, 10_000, 'join');
    await expect.poll(() => JSON.stringify(fake.messages.get(party.id)!.embeds)).toMatch(/Members \(2\)/);
    const pick = fake.command(ana, 'watchparty', [{ name: 'pick', type: 1 }]);
    await fake.waitFor(() => fake.callsFor(pick).length >= 1, 20_000, 'pick');
    await expect
      .poll(
        () =>
          [...fake.messages.values()].some((m) =>
            buttons(m).some((b) => {
              const d = bot.codec.decode(b.custom_id);
              return d.ok && d.value.kind === 'party_vote';
            }),
          ),
        { timeout: 20_000 },
      )
      .toBe(true);
  });

  it('the host invites their voice channel in one click: every human in it joins once, newcomers are offered the onboarding', async () => {
    const close = fake.command(ana, 'watchparty', [{ name: 'close', type: 1 }]);
    await fake.waitFor(() => fake.callsFor(close).length >= 2, 20_000, 'the earlier party closed');
    for (const u of [ana, bo, di, jukebox]) fake.setVoice(u, couch);
    const voiceOf = (u: FakeUser) => adapter.client.guilds.cache.get(guild.id)?.voiceStates.cache.get(u.id)?.channelId;
    await expect.poll(() => [ana, bo, cy, di, jukebox].map(voiceOf), { timeout: 10_000 }).toEqual(Array(5).fill(couch));

    const start = fake.command(ana, 'watchparty', [{ name: 'start', type: 1 }]);
    const party = await fake.waitFor(() => fake.messagesFor(start).find((m) => m.embeds.length), 20_000, 'the party card');
    // Bo, Cy and Di are with Ana; the jukebox bot does not count.
    const invite = buttons(party).find((b) => b.custom_id.startsWith('voice:'))!;
    expect(invite.label).toBe('Invite my voice channel (3)');
    const join = buttons(party).find((b) => b.label === 'Join')!;
    const boJoin = fake.click(bo, party.id, join.custom_id);
    await fake.waitFor(() => fake.callsFor(boJoin).some((c) => c.method === 'PATCH'), 10_000, 'Bo joined');

    // Only the host may use it: Bo gets a private note and nobody is added.
    const notHost = fake.click(bo, party.id, invite.custom_id);
    await fake.waitFor(() => fake.callsFor(notHost).some((c) => /Only the host/.test(JSON.stringify(c.body))), 10_000, 'the note');
    // A silent deferred update, then nothing but private messages.
    const [noteAck, ...noteCalls] = fake.callsFor(notHost);
    expect(noteAck!.body).toEqual({ type: 6 });
    expect(noteCalls.length).toBeGreaterThan(0);
    expect(
      noteCalls.every((c) => {
        const b = c.body as { type?: number; data?: { flags?: number }; flags?: number };
        return c.method === 'POST' && (b.data?.flags ?? b.flags) === EPHEMERAL_FLAG;
      }),
    ).toBe(true);

    const members = () =>
      database.rows<{ external_id: string }>(sql`
      SELECT u.external_id FROM party_members m JOIN users u ON u.id = m.user_id
      JOIN parties p ON p.id = m.party_id WHERE p.platform = 'discord' AND p.status = 'open' ORDER BY 1`);
    expect((await members()).map((r) => r.external_id).sort()).toEqual([ana.id, bo.id].sort());

    const click = fake.click(ana, party.id, invite.custom_id);
    await fake.waitFor(
      () => fake.callsFor(click).some((c) => /Cy and Di: you have not rated anything yet/.test(JSON.stringify(c.body))),
      20_000,
      'the invite',
    );
    expect((await members()).map((r) => r.external_id).sort()).toEqual([ana.id, bo.id, cy.id, di.id].sort());
    const card = fake.messages.get(party.id)!;
    expect(JSON.stringify(card.embeds)).toMatch(/Members \(4\)/);
    expect(JSON.stringify(card.embeds)).toMatch(/Ana brought in Cy and Di/);
    // Everyone in the voice channel is in the party now: nobody left to invite, no button.
    expect(buttons(card).find((b) => b.custom_id.startsWith('voice:'))).toBeUndefined();
    // Cy and Di never rated anything: the channel gets the quick onboarding for them.
    const offer = fake.callsFor(click).find((c) => /Cy and Di: you have not rated anything yet/.test(JSON.stringify(c.body)));
    expect(offer).toBeDefined();
    expect(
      fake.messagesFor(click).some((m) =>
        buttons(m).some((b) => {
          const d = bot.codec.decode(b.custom_id);
          return d.ok && d.value.kind === 'rate';
        }),
      ),
    ).toBe(true);

    // A second click adds nobody.
    const again = fake.click(ana, party.id, invite.custom_id);
    await fake.waitFor(() => fake.callsFor(again).some((c) => /already in/.test(JSON.stringify(c.body))), 10_000, 'the second invite');
    expect(JSON.stringify(fake.callsFor(again).map((c) => c.body))).toMatch(/already in/);
    expect(await members()).toHaveLength(4);

    // Bo leaves the party but stays in voice: the button is back, for him alone.
    const leave = fake.click(bo, party.id, buttons(fake.messages.get(party.id)!).find((b) => b.label === 'Leave')!.custom_id);
    await fake.waitFor(() => fake.callsFor(leave).some((c) => c.method === 'PATCH'), 10_000, 'Bo left');
    await expect.poll(async () => (await members()).length, { timeout: 10_000 }).toBe(3);
    const before = fake.command(ana, 'watchparty', [{ name: 'status', type: 1 }]);
    const shownBefore = await fake.waitFor(() => fake.messagesFor(before).find((m) => m.embeds.length), 20_000, 'the status card');
    expect(buttons(shownBefore).find((b) => b.custom_id.startsWith('voice:'))?.label).toBe('Invite my voice channel (1)');

    // Leaving the voice channel takes the button away on the next render.
    fake.setVoice(ana, null);
    await expect.poll(() => voiceOf(ana) ?? null, { timeout: 10_000 }).toBeNull();
    const status = fake.command(ana, 'watchparty', [{ name: 'status', type: 1 }]);
    const shown = await fake.waitFor(() => fake.messagesFor(status).find((m) => m.embeds.length), 20_000, 'the status card');
    expect(buttons(shown).some((b) => b.custom_id.startsWith('voice:'))).toBe(false);
  });

  it('profile is private; a server setting makes cards private and is stored', async () => {
    const profile = fake.command(bo, 'profile');
    await fake.waitFor(() => fake.callsFor(profile).length >= 1, 10_000, 'profile');
    const first = fake.callsFor(profile)[0]!.body as { type: number; data?: { flags?: number } };
    expect(first.type === 4 ? first.data?.flags : EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);

    const set = fake.command(ana, 'settings', [{ name: 'public-cards', type: 5, value: false }]);
    // Deferred first; the answer comes once the setting is stored.
    await fake.waitFor(() => fake.callsFor(set)[1], 10_000, 'settings');
    const stored = await database.rows<{ values: unknown }>(
      sql`SELECT "values" FROM settings WHERE platform = 'discord' AND scope_id = ${fake.guild.id}`,
    );
    expect(stored[0]?.values).toEqual({ publicCards: false });
    const id = fake.command(bo, 'recommend', [{ name: 'query', type: 3, value: 'something funny' }]);
    await fake.waitFor(() => fake.messagesFor(id).filter((m) => m.embeds.length).length >= 1, 20_000, 'cards');
    for (const m of fake.messagesFor(id)) expect(m.flags & EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);
  });

  it('/export-me attaches a private JSON file, and /forget-me asks privately, then the button deletes everything', async () => {
    const exp = fake.command(bo, 'export-me');
    const withFile = await fake.waitFor(() => fake.callsFor(exp).find((c) => c.files.length > 0), 10_000, 'the export file');
    const exported = JSON.parse(withFile.files[0]!.content) as unknown;
    expect(JSON.stringify(exported)).toContain('2571');
    // The file comes in the edit of a private deferral: the message carrying it is ephemeral.
    expect(fake.callsFor(exp)[0]!.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL_FLAG } });
    expect(fake.messages.get(withFile.messageId!)!.flags & EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);

    const forget = fake.command(bo, 'forget-me');
    const confirmCard = await fake.waitFor(() => fake.messagesFor(forget).find((m) => m.embeds.length), 10_000, 'the confirmation card');
    expect(confirmCard.flags & EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);
    const yes = buttons(confirmCard).find((b) => /delete/i.test(b.label))!;
    const click = fake.click(bo, confirmCard.id, yes.custom_id);
    await fake.waitFor(() => fake.callsFor(click).length >= 2, 10_000, 'the deletion');
    await expect.poll(() => ratingOf(bo, 2571), { timeout: 10_000 }).toBeUndefined();
    expect(await ratingOf(bo, movieId)).toBeUndefined();
    expect(JSON.stringify(fake.callsFor(click).map((c) => c.body))).toMatch(/deleted your ratings/);
  });
});
