import { sql } from 'drizzle-orm';
/**
 * Slack through the real core: real Bolt against the fake Slack, the real Bot with the
 * recommendation service over the seeded MovieLens database, signed action payloads and all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack, type SlackHandle } from '../../adapters/slack/index.js';
import type { Bot } from '../../src/bot/bot.js';
import { createRepositories, type Repositories } from '../../src/db/repositories/index.js';
import { testEngines, type TestDatabase } from '../helpers/db.js';
import { openSeededTestDatabase, SEEDED_SETUP_TIMEOUT_MS } from '../helpers/seeded.js';
import { buildBot, type BotFixture } from '../integration/bot-harness.js';
import {
  asBlocks,
  asInteractive,
  asJson,
  blockActionsPayload,
  eventCallback,
  postSigned,
  reactionAdded,
  slashCommand,
  starButton,
  startFakeSlack,
  viewSubmissionPayload,
  type FakeSlack,
} from '../helpers/fake-slack/index.js';

const SECRET = 'core-signing-secret-0123456789';
/** The longest a step that does real work (ratings scored afresh) may take on a loaded machine. */
const LOADED_WAIT_MS = 120_000;

describe.skipIf(!process.env.MOVIELENS_DIR).each(testEngines())('Slack with the real core on %s (seeded)', (engine) => {
  let fake: FakeSlack;
  let database: TestDatabase;
  let repos: Repositories;
  let fx: BotFixture;
  let bot: Bot;
  let slack: SlackHandle;
  let events: string;

  const post = (body: Parameters<typeof postSigned>[1], opts: Partial<Parameters<typeof postSigned>[2]> = {}) =>
    postSigned(events, body, { secret: SECRET, ...opts });

  /** The bot's message in a channel that shows a live party card (the one a reaction joins). */
  function cardMessage(channel: string): { ts: string; blocks: unknown } | undefined {
    for (const [ts, m] of fake.messages) {
      if (m.channel === channel && JSON.stringify(m.blocks).includes('react to this message')) return { ts, blocks: m.blocks };
    }
    return undefined;
  }

  /** Another of the bot's messages in a channel (the host's onboarding after the card). */
  function otherMessage(channel: string, notTs: string): string | undefined {
    return [...fake.messages.keys()].find((k) => fake.messages.get(k)!.channel === channel && k !== notTs);
  }

  /** Members of the channel's live party, by external id. */
  async function partyMembers(channelKey: string): Promise<string[]> {
    const rows = await database.rows<{ external_id: string }>(sql`
      SELECT u.external_id FROM party_members m JOIN users u ON u.id = m.user_id JOIN parties p ON p.id = m.party_id
      WHERE p.channel_key = ${channelKey} AND p.status IN ('open', 'voting') ORDER BY m.joined_at, u.external_id`);
    return rows.map((r) => r.external_id);
  }

  async function userId(externalId: string): Promise<number | undefined> {
    return (await repos.users.find({ platform: 'slack', externalId }))?.id;
  }

  beforeAll(async () => {
    fake = await startFakeSlack();
    database = await openSeededTestDatabase(engine);
    repos = createRepositories(database.db);
    fx = await buildBot(database);
    bot = fx.bot;
    slack = await startSlack({
      bot,
      database,
      mode: 'http',
      signingSecret: SECRET,
      botToken: 'xoxb-T1-test',
      apiUrl: fake.apiUrl,
      port: 0,
      host: '127.0.0.1',
    });
    events = `http://127.0.0.1:${slack.port}/slack/events`;
  }, SEEDED_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await slack?.stop();
    await fx?.engine.close();
    await fake?.close();
    await database?.dispose();
  });

  it('recommends from natural language, and a second user click rates for that user and updates the card', async () => {
    await post(
      slashCommand({ team: 'T1', user: 'UANA', userName: 'ana', text: 'something funny to watch', responseUrl: fake.responseUrl('nl') }),
    );
    const [reply] = await fake.waitFor(() => fake.responsesTo('nl').length > 0 && fake.responsesTo('nl'), 30_000);
    const blocks = asBlocks(reply!.body.blocks);
    expect(blocks.length).toBeLessThanOrEqual(50);
    const cards = blocks.filter((b) => b.type === 'actions' && b.block_id?.startsWith('c'));
    expect(cards.length).toBeGreaterThanOrEqual(3);
    // A real, signed payload, and the movie's TMDB/IMDb link in the title.
    const click = starButton(blocks, 0, 4);
    expect(String(click.action.value)).toMatch(/^v1:r:\d+:4:/);
    const movieId = Number(String(click.action.value).split(':')[2]);
    const title = blocks.find((b) => b.block_id?.startsWith('c0.t.'))!;
    expect(title.text!.text).toMatch(/^\*<https:\/\/www\.(themoviedb\.org|imdb\.com)\/[^|]+\|[^>]+>\*/);

    await post(
      asInteractive(
        blockActionsPayload({
          team: 'T1',
          user: 'UBEN',
          action: click.action,
          responseUrl: fake.responseUrl('click'),
          message: { ts: '1700000000.9', blocks },
        }),
      ),
    );
    const responses = await fake.waitFor(() => fake.responsesTo('click').length >= 2 && fake.responsesTo('click'), 30_000);
    const ben = await userId('T1:UBEN');
    expect(await repos.ratings.get(ben!, movieId)).toBe(4);
    const ana = await userId('T1:UANA');
    expect(await repos.ratings.get(ana!, movieId)).toBeUndefined();
    const update = responses.find((r) => r.body.replace_original === true)!;
    expect(JSON.stringify(asBlocks(update.body.blocks).filter((b) => b.block_id?.startsWith('c0.')))).toContain('uben rated it 4★');
    const note = responses.find((r) => r.body.replace_original === false)!;
    expect(note.body.response_type).toBe('ephemeral');
    expect(String(note.body.text)).toContain('4★');
  });

  it('hostile text (NUL, an unpaired surrogate, control characters) is cleaned at the edge: the request works and nothing of it is stored', async () => {
    await post(
      slashCommand({
        team: 'T1',
        user: 'UNUL',
        userName: 'nul\u0000name',
        text: 'funny\u0000 movie \uD800\u0007',
        responseUrl: fake.responseUrl('nul'),
      }),
    );
    const [reply] = await fake.waitFor(() => fake.responsesTo('nul').length > 0 && fake.responsesTo('nul'), 30_000);
    expect(String(reply!.body.text)).not.toMatch(/went wrong/);
    expect(asBlocks(reply!.body.blocks).filter((b) => b.type === 'actions' && b.block_id?.startsWith('c')).length).toBeGreaterThanOrEqual(
      3,
    );
    const stored = await database.rows<{ state: unknown; display_name: string | null }>(sql`
      SELECT c.state, u.display_name FROM conversations c JOIN users u ON c.user_key = u.id::text
      WHERE c.platform = 'slack' AND u.external_id = 'T1:UNUL'`);
    expect(stored).toHaveLength(1);
    const text = JSON.stringify(stored[0]);
    expect(text).toContain('"include":["Comedy"]');
    expect(/[\u0000-\u0008\u000B-\u001F]|\\u0000/.test(text)).toBe(false);
  });

  it("two people click the same card in a channel: it shows the channel's facts, each gets their own state privately", async () => {
    await post(
      slashCommand({
        team: 'T1',
        user: 'UIDA',
        userName: 'ida',
        channel: 'CTWO',
        text: 'search alien',
        responseUrl: fake.responseUrl('two'),
      }),
    );
    const [reply] = await fake.waitFor(() => fake.responsesTo('two').length > 0 && fake.responsesTo('two'), 30_000);
    expect(reply!.body.response_type).toBe('in_channel');
    const blocks = asBlocks(reply!.body.blocks);
    const byGil = starButton(blocks, 0, 5);
    const movieId = Number(String(byGil.action.value).split(':')[2]);
    await post(
      asInteractive(
        blockActionsPayload({
          team: 'T1',
          user: 'UGIL',
          channel: 'CTWO',
          action: byGil.action,
          responseUrl: fake.responseUrl('gil'),
          message: { ts: '1700000001.1', blocks },
        }),
      ),
    );
    const gil = await fake.waitFor(() => fake.responsesTo('gil').length >= 2 && fake.responsesTo('gil'), 30_000);
    const afterGil = asBlocks(gil.find((r) => r.body.replace_original === true)!.body.blocks);
    const byHal = starButton(afterGil, 0, 2);
    await post(
      asInteractive(
        blockActionsPayload({
          team: 'T1',
          user: 'UHAL',
          channel: 'CTWO',
          action: byHal.action,
          responseUrl: fake.responseUrl('hal'),
          message: { ts: '1700000001.1', blocks: afterGil },
        }),
      ),
    );
    const hal = await fake.waitFor(() => fake.responsesTo('hal').length >= 2 && fake.responsesTo('hal'), 30_000);
    expect(await repos.ratings.get((await userId('T1:UGIL'))!, movieId)).toBe(5);
    expect(await repos.ratings.get((await userId('T1:UHAL'))!, movieId)).toBe(2);
    // The message everyone sees: the channel's facts and the last event, nobody's own stars.
    const card = JSON.stringify(
      asBlocks(hal.find((r) => r.body.replace_original === true)!.body.blocks).filter((b) => b.block_id?.startsWith('c0.')),
    );
    expect(card).toContain('rated by 2, avg 3.5★');
    expect(card).toContain('uhal rated it 2★');
    expect(card).not.toMatch(/For you|Your rating|You rated|because you liked/i);
    // Each clicker's own state: ephemeral, to them.
    for (const [responses, own, other] of [
      [gil, '5★', '2★'],
      [hal, '2★', '5★'],
    ] as const) {
      const note = responses.find((r) => r.body.replace_original === false)!;
      expect(note.body.response_type).toBe('ephemeral');
      expect(String(note.body.text)).toContain(`your rating ${own}`);
      expect(String(note.body.text)).not.toContain(`your rating ${other}`);
    }
  });

  it('rates by subcommand once, however often Slack redelivers the mention', async () => {
    const mention = asJson(
      eventCallback({
        team: 'T1',
        eventId: 'EvCoreRetry',
        event: { type: 'app_mention', user: 'UCAT', channel: 'C1', text: '<@UBOT> rate Heat 4.5' },
      }),
    );
    await post(mention);
    await post(mention, { retryNum: 1 });
    const posted = await fake.waitFor(
      () =>
        [...fake.callsOf('chat.postEphemeral'), ...fake.callsOf('chat.postMessage')].find(
          (c) => c.args.user === 'UCAT' || c.args.channel === 'C1',
        ),
      30_000,
    );
    expect(String(posted.args.text)).toContain('Heat (1995)');
    // Sync point: a later direct message answered means the redelivery was taken in too.
    await post(
      asJson(
        eventCallback({
          team: 'T1',
          eventId: 'EvCoreSync',
          event: { type: 'message', channel_type: 'im', user: 'USYNC', channel: 'DSYNC', text: 'help' },
        }),
      ),
    );
    await fake.waitFor(
      () => [...fake.callsOf('chat.postMessage'), ...fake.callsOf('chat.postEphemeral')].some((c) => c.args.channel === 'DSYNC'),
      30_000,
    );
    const cat = await userId('T1:UCAT');
    expect(await repos.ratings.get(cat!, 6)).toBe(4.5);
    expect(await repos.ratings.events(cat!)).toHaveLength(1);
  });

  it('publishes the App Home with the taste profile and top picks', async () => {
    await post(slashCommand({ team: 'T1', user: 'UDAN', text: 'rate The Matrix 5', responseUrl: fake.responseUrl('dan-rate') }));
    await fake.waitFor(() => fake.responsesTo('dan-rate').length > 0, 30_000);
    await post(
      asJson(
        eventCallback({ team: 'T1', eventId: 'EvCoreHome', event: { type: 'app_home_opened', user: 'UDAN', channel: 'D1', tab: 'home' } }),
      ),
    );
    const publish = await fake.waitFor(() => fake.callsOf('views.publish').find((c) => c.args.user_id === 'UDAN'), 30_000);
    const view = publish.args.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Your taste profile');
    expect(text).toContain('Matrix');
    expect(asBlocks(view.blocks).some((b) => b.type === 'actions' && b.block_id?.startsWith('h0.'))).toBe(true);
  });

  // Ten ratings, each scored afresh: on a machine whose cores are taken by others this took
  // over 30 s (two busy processes at a higher priority than the suite), so the waits allow more.
  it(
    'onboards in one modal and stores every chosen rating',
    async () => {
      await post(slashCommand({ team: 'T1', user: 'UEVE', text: 'onboard', responseUrl: fake.responseUrl('eve'), triggerId: 'trig-eve' }));
      const open = await fake.waitFor(() => fake.callsOf('views.open').find((c) => c.args.trigger_id === 'trig-eve'), LOADED_WAIT_MS);
      const view = open.args.view as {
        callback_id: string;
        private_metadata: string;
        blocks: { type: string; block_id: string; element?: { action_id: string; options: { value: string }[] } }[];
      };
      const inputs = view.blocks.filter((b) => b.type === 'input');
      expect(inputs).toHaveLength(10);
      const values: Record<string, Record<string, unknown>> = {};
      for (const b of inputs)
        values[b.block_id] = { [b.element!.action_id]: { type: 'static_select', selected_option: b.element!.options[0] } };
      await post(
        asInteractive(
          viewSubmissionPayload({
            team: 'T1',
            user: 'UEVE',
            view: { callback_id: view.callback_id, private_metadata: view.private_metadata, type: 'modal' },
            values,
          }),
        ),
      );
      const [done] = await fake.waitFor(() => fake.responsesTo('eve').length > 0 && fake.responsesTo('eve'), LOADED_WAIT_MS);
      expect(done!.body.text).toBe('Saved 10 of 10 ratings. Try `/reelmate recommend` now.');
      const eve = await userId('T1:UEVE');
      const stored = await repos.ratings.forUser(eve!);
      expect(stored).toHaveLength(10);
      expect(stored.every((r) => r.rating === 5)).toBe(true);
    },
    2 * LOADED_WAIT_MS + 30_000,
  );

  it('starts a watch party from its modal, posting the party card to the channel', async () => {
    await post(
      slashCommand({
        team: 'T1',
        user: 'UFAY',
        channel: 'C7',
        text: 'watch-party start',
        responseUrl: fake.responseUrl('fay'),
        triggerId: 'trig-fay',
      }),
    );
    const open = await fake.waitFor(() => fake.callsOf('views.open').find((c) => c.args.trigger_id === 'trig-fay'), 30_000);
    const view = open.args.view as { callback_id: string; private_metadata: string; blocks: { block_id: string }[] };
    expect(view.callback_id).toBe('reelmate_party');
    expect(view.private_metadata.length).toBeLessThan(3000);
    const values = {
      'p.constraints': { value: { type: 'plain_text_input', value: 'comedy, under 2 hours' } },
      'p.mode': { value: { type: 'static_select', selected_option: { value: 'ranked' } } },
    };
    await post(
      asInteractive(
        viewSubmissionPayload({
          team: 'T1',
          user: 'UFAY',
          view: { callback_id: view.callback_id, private_metadata: view.private_metadata, type: 'modal' },
          values,
        }),
      ),
    );
    // The announcement and the card go to the channel as one message (a reaction on it joins);
    // Fay never rated anything, so her onboarding follows as a message of its own.
    const card = await fake.waitFor(() => cardMessage('C7'), 30_000, 'the party card');
    expect(JSON.stringify(card.blocks).toLowerCase()).toContain('comedy');
    expect(JSON.stringify(card.blocks)).toContain('is hosting a watch party');
    await fake.waitFor(() => otherMessage('C7', card.ts), 30_000, 'the onboarding');
    expect(JSON.stringify(card.blocks)).toContain('react to this message');
    expect(fake.responsesTo('fay')).toHaveLength(0);
    const parties = await database.rows<{ status: string; voting_mode: string; channel_key: string }>(
      sql`SELECT status, voting_mode, channel_key FROM parties WHERE channel_key = 'T1:C7'`,
    );
    expect(parties).toEqual([{ status: 'open', voting_mode: 'ranked', channel_key: 'T1:C7' }]);
    // Remembered right after the post returns its ts.
    const remembered = () =>
      database.rows<{ message_key: string }>(sql`SELECT message_key FROM party_messages WHERE channel_key = 'T1:C7'`);
    await expect.poll(async () => (await remembered()).map((r) => r.message_key), { timeout: 30_000 }).toEqual([card.ts]);
  });

  it('a reaction on the party card joins the person who reacted, once; bots, other messages and closed parties change nothing', async () => {
    const card = cardMessage('C7')!;
    const welcomes = (user: string, channel = 'C7') =>
      fake.callsOf('chat.postEphemeral').filter((c) => c.args.user === user && c.args.channel === channel);
    const react = (eventId: string, r: Parameters<typeof reactionAdded>[0], opts: { retryNum?: number } = {}) =>
      post(asJson(eventCallback({ team: 'T1', eventId, event: reactionAdded(r) })), opts);

    await react('EvReactGus', { user: 'UGUS', channel: 'C7', ts: card.ts });
    const welcome = await fake.waitFor(() => welcomes('UGUS')[0], 30_000, 'the welcome');
    expect(String(welcome.args.text)).toContain('not rated anything');
    expect(JSON.stringify(welcome.args.blocks)).toContain('rm.rate');
    expect(await partyMembers('T1:C7')).toEqual(['T1:UFAY', 'T1:UGUS']);
    await fake.waitFor(
      () => JSON.stringify(fake.messages.get(card.ts)?.blocks).includes('Members (2)') || undefined,
      30_000,
      'the card update',
    );
    // the card is refreshed in place: the announcement above it stays
    expect(JSON.stringify(fake.messages.get(card.ts)?.blocks)).toContain('is hosting a watch party');
    const updatesOfCard = () => fake.callsOf('chat.update').filter((c) => c.args.ts === card.ts).length;
    expect(updatesOfCard()).toBe(1);

    // Slack redelivers Gus's reaction; the bot itself, another bot and a reaction on a message
    // that is not a party card come in too. Hal's reaction after them is the sync point.
    fake.botUsers.add('UROBOT');
    await react('EvReactGus', { user: 'UGUS', channel: 'C7', ts: card.ts }, { retryNum: 1 });
    await react('EvReactBot', { user: 'UBOT', channel: 'C7', ts: card.ts });
    await react('EvReactRobot', { user: 'UROBOT', channel: 'C7', ts: card.ts });
    const notTheCard = otherMessage('C7', card.ts);
    expect(notTheCard).toBeDefined();
    await react('EvReactText', { user: 'UJO', channel: 'C7', ts: notTheCard! });
    await react('EvReactTheirs', { user: 'UJO', channel: 'C7', ts: card.ts, itemUser: 'USOMEONE' });
    await react('EvReactHal', { user: 'UHAL', channel: 'C7', ts: card.ts });
    await fake.waitFor(() => welcomes('UHAL')[0], 30_000, 'Hal’s welcome');
    expect(await partyMembers('T1:C7')).toEqual(['T1:UFAY', 'T1:UGUS', 'T1:UHAL']);
    expect(welcomes('UGUS')).toHaveLength(1);
    // only the two joins touched the card; the redelivery and the ignored reactions did not
    await fake.waitFor(() => (updatesOfCard() === 2 ? true : undefined), 30_000, 'Hal’s card update');
    expect(JSON.stringify(fake.messages.get(card.ts)?.blocks)).toContain('Members (3)');
    expect(fake.callsOf('chat.postEphemeral').filter((c) => ['UJO', 'UROBOT', 'UBOT'].includes(String(c.args.user)))).toHaveLength(0);

    // Closed: a reaction joins nobody and welcomes nobody.
    await post(
      asJson(
        eventCallback({
          team: 'T1',
          eventId: 'EvCloseC7',
          event: { type: 'app_mention', user: 'UFAY', channel: 'C7', text: '<@UBOT> watchparty close' },
        }),
      ),
    );
    await expect.poll(() => partyMembers('T1:C7'), { timeout: 30_000 }).toEqual([]);
    await react('EvReactLate', { user: 'UIVY', channel: 'C7', ts: card.ts });
    // Sync point: Ivy's reaction on a live party card in another channel.
    await post(
      asJson(
        eventCallback({
          team: 'T1',
          eventId: 'EvStartC8',
          event: { type: 'app_mention', user: 'UKIM', channel: 'C8', text: '<@UBOT> watchparty start' },
        }),
      ),
    );
    const other = await fake.waitFor(() => cardMessage('C8'), 30_000, 'the second party card');
    await expect
      .poll(async () => (await database.rows(sql`SELECT 1 FROM party_messages WHERE message_key = ${other.ts}`)).length, {
        timeout: 30_000,
      })
      .toBe(1);
    await react('EvReactIvy', { user: 'UIVY', channel: 'C8', ts: other.ts });
    await fake.waitFor(() => welcomes('UIVY', 'C8')[0], 30_000, 'Ivy’s welcome in C8');
    expect(welcomes('UIVY')).toHaveLength(0);
    const ivyParties = await database.rows<{ channel_key: string }>(sql`
      SELECT p.channel_key FROM party_members m JOIN users u ON u.id = m.user_id JOIN parties p ON p.id = m.party_id
      WHERE u.external_id = 'T1:UIVY'`);
    expect(ivyParties).toEqual([{ channel_key: 'T1:C8' }]);
  });
  it('without access to the channel the card comes through response_url, and its first click makes reactions on it work', async () => {
    // Dan rated a film earlier, so his start carries no onboarding: the card is the message's one card.
    fake.failOnce.set('chat.postMessage', 'not_in_channel');
    await post(
      slashCommand({ team: 'T1', user: 'UDAN', channel: 'C9', text: 'watch-party start comedy', responseUrl: fake.responseUrl('c9') }),
    );
    const [answer] = await fake.waitFor(() => fake.responsesTo('c9').length > 0 && fake.responsesTo('c9'), 30_000);
    expect(answer!.body.response_type).toBe('in_channel');
    const blocks = asBlocks(answer!.body.blocks);
    expect(JSON.stringify(blocks)).toContain('react to this message');
    const joinBlock = blocks.find((b) => b.type === 'actions' && b.elements?.some((e) => String(e.action_id).startsWith('rm.party_join')))!;
    const join = joinBlock.elements!.find((e) => String(e.action_id).startsWith('rm.party_join'))!;
    const ts = '1700009999.000100';
    await post(
      asInteractive(
        blockActionsPayload({
          team: 'T1',
          user: 'UJAN',
          channel: 'C9',
          action: { ...join, block_id: joinBlock.block_id },
          responseUrl: fake.responseUrl('c9-join'),
          message: { ts, blocks },
        }),
      ),
    );
    await fake.waitFor(() => fake.responsesTo('c9-join').length >= 2, 30_000, 'the join');
    await expect
      .poll(
        async () => (await database.rows(sql`SELECT 1 FROM party_messages WHERE channel_key = 'T1:C9' AND message_key = ${ts}`)).length,
        { timeout: 30_000 },
      )
      .toBe(1);
    fake.messages.set(ts, { channel: 'C9', blocks });
    await post(asJson(eventCallback({ team: 'T1', eventId: 'EvReactKay', event: reactionAdded({ user: 'UKAY', channel: 'C9', ts }) })));
    await fake.waitFor(
      () => fake.callsOf('chat.postEphemeral').find((c) => c.args.user === 'UKAY' && c.args.channel === 'C9'),
      30_000,
      'Kay’s welcome',
    );
    expect(await partyMembers('T1:C9')).toEqual(['T1:UDAN', 'T1:UJAN', 'T1:UKAY']);
  });
});
