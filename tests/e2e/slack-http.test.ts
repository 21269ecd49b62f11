/**
 * The Slack adapter in HTTP mode, end to end: real Bolt, signed requests as Slack sends them,
 * a fake Slack Web API on 127.0.0.1, the real database, and a stand-in bot (the real core is
 * exercised in slack-core.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack, type SlackHandle } from '../../adapters/slack/index.js';
import { createRepositories, type Repositories } from '../../src/db/repositories/index.js';
import { openTestDatabase, testEngines, type TestDatabase } from '../helpers/db.js';
import {
  asBlocks,
  asInteractive,
  asJson,
  blockActionsPayload,
  eventCallback,
  overflowChoice,
  postSigned,
  seedStandInMovies,
  slashCommand,
  StandInBot,
  starButton,
  startFakeSlack,
  viewSubmissionPayload,
  type FakeSlack,
} from '../helpers/fake-slack/index.js';

const SECRET = 'test-signing-secret-0123456789';

describe.each(testEngines())('Slack over HTTP on %s', (engine) => {
  let fake: FakeSlack;
  let database: TestDatabase;
  let repos: Repositories;
  let bot: StandInBot;
  let slack: SlackHandle;
  let events: string;

  const post = (body: Parameters<typeof postSigned>[1], opts: Partial<Parameters<typeof postSigned>[2]> = {}) =>
    postSigned(events, body, { secret: SECRET, ...opts });

  async function ratingEvents(externalId: string): Promise<number> {
    const user = await repos.users.find({ platform: 'slack', externalId });
    return user ? (await repos.ratings.events(user.id)).length : 0;
  }

  async function rating(externalId: string, movieId: number): Promise<number | undefined> {
    const user = await repos.users.find({ platform: 'slack', externalId });
    return user ? repos.ratings.get(user.id, movieId) : undefined;
  }

  /**
   * A positive sync point: a DM sent now is answered only after the deliveries sent before it
   * were taken in, so "nothing else happened" is checked after something did.
   */
  let syncs = 0;
  async function settled(): Promise<void> {
    const channel = `DSYNC${++syncs}`;
    await post(
      asJson(
        eventCallback({
          team: 'T1',
          eventId: `EvSync${syncs}`,
          event: { type: 'message', channel_type: 'im', user: 'USYNC', channel, text: 'profile' },
        }),
      ),
    );
    await fake.waitFor(() => fake.callsOf('chat.postMessage').some((c) => c.args.channel === channel), 15_000, 'the sync point');
  }

  beforeAll(async () => {
    fake = await startFakeSlack();
    database = await openTestDatabase(engine);
    repos = createRepositories(database.db);
    await seedStandInMovies(database);
    bot = new StandInBot(database);
    slack = await startSlack({
      bot,
      database,
      mode: 'http',
      signingSecret: SECRET,
      botToken: 'xoxb-T1-test',
      apiUrl: fake.apiUrl,
      port: 0,
      host: '127.0.0.1',
      homeRefreshMs: 50,
    });
    events = `http://127.0.0.1:${slack.port}/slack/events`;
  });

  afterAll(async () => {
    await slack?.stop();
    await fake?.close();
    await database?.dispose();
  });

  it('answers a natural-language slash command with movie cards', async () => {
    const res = await post(
      slashCommand({ team: 'T1', user: 'U1', text: 'something funny from the 90s', responseUrl: fake.responseUrl('nl') }),
    );
    expect(res.status).toBe(200);
    const [reply] = await fake.waitFor(() => fake.responsesTo('nl').length > 0 && fake.responsesTo('nl'));
    expect(reply!.body.response_type).toBe('in_channel');
    expect(reply!.body.text).toBe('Picks for "something funny from the 90s"');
    const blocks = asBlocks(reply!.body.blocks);
    expect(blocks.filter((b) => b.type === 'actions')).toHaveLength(3);
    expect(JSON.stringify(blocks)).toContain('*Heat (1995)*');
    // Free text went to intent detection: no structured command, keyed by workspace.
    expect(bot.messages.at(-1)).toMatchObject({
      text: 'something funny from the 90s',
      command: undefined,
      actor: { externalId: 'T1:U1' },
      channelId: 'T1:C1',
    });
  });

  it('acknowledges before the work is done, and answers through response_url afterwards', async () => {
    const release = bot.hold();
    try {
      const res = await post(slashCommand({ team: 'T1', user: 'U1', text: 'profile', responseUrl: fake.responseUrl('slow') }));
      // The HTTP response (Slack's 3-second ack) came back while the bot was still working.
      expect(res.status).toBe(200);
      expect(bot.messages.at(-1)?.command?.name).toBe('profile');
      expect(fake.responsesTo('slow')).toHaveLength(0);
    } finally {
      release();
    }
    const [reply] = await fake.waitFor(() => fake.responsesTo('slow').length > 0 && fake.responsesTo('slow'));
    expect(reply!.body.text).toBe('Profile of T1:U1: 0 ratings');
  });

  it("stores a second user's click as that user's rating and updates the message", async () => {
    await post(slashCommand({ team: 'T1', user: 'U1', text: 'a heist', responseUrl: fake.responseUrl('cards') }));
    const [cards] = await fake.waitFor(() => fake.responsesTo('cards').length > 0 && fake.responsesTo('cards'));
    const blocks = asBlocks(cards!.body.blocks);
    const click = starButton(blocks, 0, 4);
    const res = await post(
      asInteractive(
        blockActionsPayload({
          team: 'T1',
          user: 'U2',
          action: click.action,
          responseUrl: fake.responseUrl('click'),
          message: { ts: '1700000000.1', blocks },
        }),
      ),
    );
    expect(res.status).toBe(200);
    const responses = await fake.waitFor(() => fake.responsesTo('click').length >= 2 && fake.responsesTo('click'));
    expect(await rating('T1:U2', 6)).toBe(4);
    expect(await rating('T1:U1', 6)).toBeUndefined();
    const update = responses.find((r) => r.body.replace_original === true)!;
    const updated = asBlocks(update.body.blocks);
    // Same message, with the clicked card now carrying its footer line.
    expect(updated).toHaveLength(blocks.length + 1);
    expect(JSON.stringify(updated.filter((b) => b.block_id?.startsWith('c0.')))).toContain('u2 rated it 4★');
    // The other cards are untouched.
    expect(updated.filter((b) => b.block_id?.startsWith('c1.'))).toEqual(blocks.filter((b) => b.block_id?.startsWith('c1.')));
    const confirmation = responses.find((r) => r.body.replace_original === false)!;
    expect(confirmation.body).toMatchObject({ response_type: 'ephemeral', text: 'You rated Heat 4★' });
  });

  it('routes overflow menu choices to the core with the chosen payload', async () => {
    await post(slashCommand({ team: 'T1', user: 'U1', text: 'anything', responseUrl: fake.responseUrl('menu') }));
    const [cards] = await fake.waitFor(() => fake.responsesTo('menu').length > 0 && fake.responsesTo('menu'));
    const action = overflowChoice(asBlocks(cards!.body.blocks), 1, 'Watchlist');
    await post(asInteractive(blockActionsPayload({ team: 'T1', user: 'U3', action, responseUrl: fake.responseUrl('menu-click') })));
    const [reply] = await fake.waitFor(() => fake.responsesTo('menu-click').length > 0 && fake.responsesTo('menu-click'));
    expect(reply!.body.text).toBe('Twelve Monkeys is on your watchlist');
    const user = await repos.users.find({ platform: 'slack', externalId: 'T1:U3' });
    expect((await repos.watchlist.list(user!.id)).map((w) => w.movieId)).toEqual([32]);
  });

  it('publishes the App Home with the profile, and refreshes it after a rating from Home', async () => {
    await post(slashCommand({ team: 'T1', user: 'U4', text: 'rate Heat 4.5', responseUrl: fake.responseUrl('rate-u4') }));
    await fake.waitFor(() => fake.responsesTo('rate-u4').length > 0);
    const before = fake.callsOf('views.publish').length;
    const res = await post(
      asJson(eventCallback({ team: 'T1', eventId: 'EvHome1', event: { type: 'app_home_opened', user: 'U4', channel: 'D4', tab: 'home' } })),
    );
    expect(res.status).toBe(200);
    const publish = await fake.waitFor(() => fake.callsOf('views.publish')[before]);
    expect(publish.args.user_id).toBe('U4');
    expect(publish.token).toBe('xoxb-T1-test');
    const view = publish.args.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    expect(JSON.stringify(view.blocks)).toContain('Profile of T1:U4: 1 ratings');
    // A star on a top pick in Home rates and re-publishes the tab.
    const click = starButton(asBlocks(view.blocks), 0, 3, 'h');
    await post(
      asInteractive(
        blockActionsPayload({ team: 'T1', user: 'U4', action: click.action, view: { id: 'VHOME', type: 'home', blocks: view.blocks } }),
      ),
    );
    // At once: the clicked card shows the rating, the rest of the tab as it was.
    const quick = await fake.waitFor(() => fake.callsOf('views.publish')[before + 1]);
    const quickBlocks = asBlocks((quick.args.view as { blocks: unknown[] }).blocks);
    expect(JSON.stringify(quickBlocks.filter((b) => b.block_id?.startsWith('h0.')))).toContain('u4 rated it 3★');
    expect(JSON.stringify(quickBlocks)).toContain('Profile of T1:U4: 1 ratings');
    // Shortly after: the whole tab rebuilt from the core.
    await fake.waitFor(() =>
      fake
        .callsOf('views.publish')
        .slice(before + 2)
        .find((c) => JSON.stringify(c.args.view).includes('Profile of T1:U4: 2 ratings')),
    );
    expect(await rating('T1:U4', 1)).toBe(3);
    // The rating shows in the refreshed tab, so no DM; "Why?" has nowhere else to go but the DM.
    expect(fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'U4')).toHaveLength(0);
    const why = overflowChoice(asBlocks(view.blocks), 0, 'Why?', 'h');
    await post(
      asInteractive(blockActionsPayload({ team: 'T1', user: 'U4', action: why, view: { id: 'VHOME', type: 'home', blocks: view.blocks } })),
    );
    const dm = await fake.waitFor(() => fake.callsOf('chat.postMessage').find((c) => c.args.channel === 'U4'));
    expect(dm.args.text).toBe('Because it is Animation, Comedy');
  });

  it('opens the onboarding modal and stores every rating of its submission', async () => {
    const before = fake.callsOf('views.open').length;
    await post(
      slashCommand({ team: 'T1', user: 'U5', text: 'onboard', responseUrl: fake.responseUrl('onboard'), triggerId: 'trig-onboard' }),
    );
    const open = await fake.waitFor(() => fake.callsOf('views.open')[before]);
    expect(open.args.trigger_id).toBe('trig-onboard');
    const view = open.args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { type: string; block_id: string; element?: { action_id: string; options: { value: string }[] } }[];
    };
    const inputs = view.blocks.filter((b) => b.type === 'input');
    expect(inputs).toHaveLength(10);
    // Rate seven of the ten: option 0 is 5 stars, option 4 is 1 star.
    const values: Record<string, Record<string, unknown>> = {};
    inputs.slice(0, 7).forEach((b, i) => {
      values[b.block_id] = { [b.element!.action_id]: { type: 'static_select', selected_option: b.element!.options[i % 5] } };
    });
    values[inputs[7]!.block_id] = { [inputs[7]!.element!.action_id]: { type: 'static_select', selected_option: null } };
    const res = await post(
      asInteractive(
        viewSubmissionPayload({
          team: 'T1',
          user: 'U5',
          view: { callback_id: view.callback_id, private_metadata: view.private_metadata, type: 'modal' },
          values,
        }),
      ),
    );
    expect(res.status).toBe(200);
    const [confirmation] = await fake.waitFor(() => fake.responsesTo('onboard').length > 0 && fake.responsesTo('onboard'));
    expect(confirmation!.body.text).toBe('Saved 7 of 7 ratings. Try `/reelmate recommend` now.');
    // The Home tab is refreshed with the new ratings.
    const home = await fake.waitFor(() => fake.callsOf('views.publish').find((c) => c.args.user_id === 'U5'));
    expect(JSON.stringify(home.args.view)).toContain('Profile of T1:U5: 7 ratings');
    const user = await repos.users.find({ platform: 'slack', externalId: 'T1:U5' });
    const stored = await repos.ratings.forUser(user!.id);
    expect(stored.map((r) => [r.movieId, r.rating]).sort((a, b) => a[0]! - b[0]!)).toEqual([
      [1, 5],
      [2, 4],
      [6, 3],
      [32, 2],
      [47, 1],
      [50, 5],
      [110, 4],
    ]);
  });

  it('sends the onboarding cards as a message when the modal cannot be opened', async () => {
    fake.failOnce.set('views.open', 'expired_trigger_id');
    await post(slashCommand({ team: 'T1', user: 'U9', text: 'onboard', responseUrl: fake.responseUrl('onboard-late') }));
    const [reply] = await fake.waitFor(() => fake.responsesTo('onboard-late').length > 0 && fake.responsesTo('onboard-late'));
    expect(reply!.body.text).toBe('Rate the ones you have seen');
    expect(asBlocks(reply!.body.blocks).filter((b) => b.type === 'actions').length).toBeGreaterThan(5);
  });

  it('rejects a bad signature, a stale or future timestamp and an unsigned request with 401 and no side effect', async () => {
    // Only what concerns U6 counts: an earlier test's debounced Home refresh may land meanwhile.
    const callsAboutU6 = () => fake.calls.filter((c) => JSON.stringify(c).includes('U6')).length;
    const callsBefore = callsAboutU6();
    const body = slashCommand({ team: 'T1', user: 'U6', text: 'rate Heat 4', responseUrl: fake.responseUrl('forged') });
    expect((await post(body, { signature: 'v0=' + '0'.repeat(64) })).status).toBe(401);
    expect((await post(body, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await post(body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    // Correctly signed, but from the future: a request captured now and replayed later.
    expect((await post(body, { timestamp: Math.floor(Date.now() / 1000) + 3600 })).status).toBe(401);
    expect((await post(body, { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 })).status).toBe(401);
    expect((await post(body, { signature: null })).status).toBe(401);
    // The health check needs no signature and does nothing.
    expect((await fetch(`http://127.0.0.1:${slack.port}/slack/healthz`)).status).toBe(200);
    const click = asInteractive(
      blockActionsPayload({
        team: 'T1',
        user: 'U6',
        action: { type: 'button', action_id: 'rm.rate.3', value: 'r:6:4', block_id: 'c0.a.0' },
        responseUrl: fake.responseUrl('forged'),
      }),
    );
    expect((await post(click, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(401);
    await settled();
    expect(bot.messages.some((m) => m.actor.externalId === 'T1:U6')).toBe(false);
    expect(bot.actions.some((a) => a.actor.externalId === 'T1:U6')).toBe(false);
    expect(await ratingEvents('T1:U6')).toBe(0);
    expect(await repos.users.find({ platform: 'slack', externalId: 'T1:U6' })).toBeUndefined();
    expect(fake.responsesTo('forged')).toHaveLength(0);
    expect(callsAboutU6()).toBe(callsBefore);
  });

  it('stores one rating event when Slack retries a delivery', async () => {
    const mention = asJson(
      eventCallback({
        team: 'T1',
        eventId: 'EvRetry1',
        event: { type: 'app_mention', user: 'U7', channel: 'C1', text: '<@UBOT> rate Seven 4' },
      }),
    );
    const postsBefore = fake.callsOf('chat.postEphemeral').length;
    expect((await post(mention)).status).toBe(200);
    expect((await post(mention, { retryNum: 1 })).status).toBe(200);
    expect((await post(mention, { retryNum: 2 })).status).toBe(200);
    await fake.waitFor(() => fake.callsOf('chat.postEphemeral').length > postsBefore);
    await settled();
    expect(await ratingEvents('T1:U7')).toBe(1);
    expect(fake.callsOf('chat.postEphemeral').length).toBe(postsBefore + 1);
    expect(bot.messages.filter((m) => m.actor.externalId === 'T1:U7')).toHaveLength(1);

    // The same click delivered twice also rates once.
    const click = asInteractive(
      blockActionsPayload({
        team: 'T1',
        user: 'U7',
        action: { type: 'button', action_id: 'rm.rate.1', value: 'r:2:2', block_id: 'c0.a.0', action_ts: '1700000001.5' },
        responseUrl: fake.responseUrl('twice'),
      }),
    );
    await post(click);
    await post(click, { retryNum: 1 });
    await fake.waitFor(() => fake.responsesTo('twice').length > 0);
    await settled();
    expect(await ratingEvents('T1:U7')).toBe(2);
    expect(await rating('T1:U7', 2)).toBe(2);
  });

  it('sends export-me as a file in a direct message', async () => {
    await post(slashCommand({ team: 'T1', user: 'U4', text: 'export-me', responseUrl: fake.responseUrl('export') }));
    const [reply] = await fake.waitFor(() => fake.responsesTo('export').length > 0 && fake.responsesTo('export'));
    expect(reply!.body).toMatchObject({
      response_type: 'ephemeral',
      text: 'Your data: 2 ratings.\nI sent reelmate-export.json to our direct messages.',
    });
    const [file] = [...fake.uploads.values()];
    expect(file).toMatchObject({ filename: 'reelmate-export.json', channel: 'DU4' });
    expect(JSON.parse(file!.content!)).toEqual({
      user: 'T1:U4',
      ratings: expect.arrayContaining([
        { movieId: 6, rating: 4.5 },
        { movieId: 1, rating: 3 },
      ]),
    });
  });

  it('answers direct messages like the slash command', async () => {
    const before = fake.callsOf('chat.postMessage').length;
    await post(
      asJson(
        eventCallback({
          team: 'T1',
          eventId: 'EvDm1',
          event: { type: 'message', channel_type: 'im', user: 'U8', channel: 'D8', text: 'profile' },
        }),
      ),
    );
    const sent = await fake.waitFor(() => fake.callsOf('chat.postMessage')[before]);
    expect(sent.args).toMatchObject({ channel: 'D8', text: 'Profile of T1:U8: 0 ratings' });
    // The bot's own messages are not answered.
    await post(
      asJson(
        eventCallback({
          team: 'T1',
          eventId: 'EvDm2',
          event: { type: 'message', channel_type: 'im', user: 'UBOT', bot_id: 'BBOT', channel: 'D8', text: 'Profile' },
        }),
      ),
    );
    await settled();
    expect(fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'D8')).toHaveLength(1);
  });
});
