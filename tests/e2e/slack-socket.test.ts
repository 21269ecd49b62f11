/**
 * The same flows over Socket Mode: Bolt opens apps.connections.open with the app-level token,
 * connects to the fake's WebSocket and acks every envelope; replies go through the Web API and
 * response_url as in HTTP mode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack, type SlackHandle } from '../../adapters/slack/index.js';
import { createRepositories, type Repositories } from '../../src/db/repositories/index.js';
import { openTestDatabase, testEngines, type TestDatabase } from '../helpers/db.js';
import {
  asBlocks,
  blockActionsPayload,
  eventCallback,
  seedStandInMovies,
  slashCommandFields,
  StandInBot,
  starButton,
  startFakeSlack,
  viewSubmissionPayload,
  type FakeSlack,
} from '../helpers/fake-slack/index.js';

describe.each(testEngines())('Slack over Socket Mode on %s', (engine) => {
  let fake: FakeSlack;
  let database: TestDatabase;
  let repos: Repositories;
  let bot: StandInBot;
  let slack: SlackHandle;

  async function ratingsOf(externalId: string): Promise<{ movieId: number; rating: number }[]> {
    const user = await repos.users.find({ platform: 'slack', externalId });
    return user ? (await repos.ratings.forUser(user.id)).map((r) => ({ movieId: r.movieId, rating: r.rating })) : [];
  }

  async function ratingEvents(externalId: string): Promise<number> {
    const user = await repos.users.find({ platform: 'slack', externalId });
    return user ? (await repos.ratings.events(user.id)).length : 0;
  }

  beforeAll(async () => {
    fake = await startFakeSlack();
    database = await openTestDatabase(engine);
    repos = createRepositories(database.db);
    await seedStandInMovies(database);
    bot = new StandInBot(database);
    slack = await startSlack({ bot, database, mode: 'socket', appToken: 'xapp-1-test', botToken: 'xoxb-T1-test', apiUrl: fake.apiUrl });
    await fake.waitFor(() => fake.socketConnections > 0, 10_000, 'the Socket Mode connection');
  });

  afterAll(async () => {
    await slack?.stop();
    await fake?.close();
    await database?.dispose();
  });

  it('connects with the app-level token', () => {
    const open = fake.callsOf('apps.connections.open');
    expect(open.length).toBeGreaterThan(0);
    expect(open[0]!.token).toBe('xapp-1-test');
  });

  it('answers a natural-language slash command with cards, and a second user click rates for that user', async () => {
    const ack = await fake.sendEnvelope(
      'slash_commands',
      slashCommandFields({ team: 'T1', user: 'U1', text: 'a tense thriller', responseUrl: fake.responseUrl('s-nl') }),
    );
    expect(ack.envelope_id).toBeTruthy();
    const [reply] = await fake.waitFor(() => fake.responsesTo('s-nl').length > 0 && fake.responsesTo('s-nl'));
    const blocks = asBlocks(reply!.body.blocks);
    expect(reply!.body.text).toBe('Picks for "a tense thriller"');
    expect(blocks.filter((b) => b.type === 'actions')).toHaveLength(3);

    const click = starButton(blocks, 2, 5);
    await fake.sendEnvelope(
      'interactive',
      blockActionsPayload({
        team: 'T1',
        user: 'U2',
        action: click.action,
        responseUrl: fake.responseUrl('s-click'),
        message: { ts: '1700000000.2', blocks },
      }),
    );
    const responses = await fake.waitFor(() => fake.responsesTo('s-click').length >= 2 && fake.responsesTo('s-click'));
    expect(await ratingsOf('T1:U2')).toEqual([{ movieId: 47, rating: 5 }]);
    expect(await ratingsOf('T1:U1')).toEqual([]);
    const update = responses.find((r) => r.body.replace_original === true)!;
    expect(JSON.stringify(asBlocks(update.body.blocks).filter((b) => b.block_id?.startsWith('c2.')))).toContain('u2 rated it 5★');
  });

  it('publishes the App Home with the profile', async () => {
    await fake.sendEnvelope(
      'slash_commands',
      slashCommandFields({ team: 'T1', user: 'U3', text: 'rate Heat 3', responseUrl: fake.responseUrl('s-rate') }),
    );
    await fake.waitFor(() => fake.responsesTo('s-rate').length > 0);
    const before = fake.callsOf('views.publish').length;
    await fake.sendEnvelope(
      'events_api',
      eventCallback({ team: 'T1', eventId: 'EvSockHome', event: { type: 'app_home_opened', user: 'U3', channel: 'D3', tab: 'home' } }),
    );
    const publish = await fake.waitFor(() => fake.callsOf('views.publish')[before]);
    expect(publish.args.user_id).toBe('U3');
    expect(JSON.stringify(publish.args.view)).toContain('Profile of T1:U3: 1 ratings');
  });

  it('stores every rating of the onboarding modal submission', async () => {
    const before = fake.callsOf('views.open').length;
    await fake.sendEnvelope(
      'slash_commands',
      slashCommandFields({ team: 'T1', user: 'U4', text: 'onboard', responseUrl: fake.responseUrl('s-onboard'), triggerId: 'trig-s' }),
    );
    const open = await fake.waitFor(() => fake.callsOf('views.open')[before]);
    const view = open.args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { type: string; block_id: string; element?: { action_id: string; options: { value: string }[] } }[];
    };
    const inputs = view.blocks.filter((b) => b.type === 'input');
    const values: Record<string, Record<string, unknown>> = {};
    for (const b of inputs)
      values[b.block_id] = { [b.element!.action_id]: { type: 'static_select', selected_option: b.element!.options[1] } };
    const ack = await fake.sendEnvelope(
      'interactive',
      viewSubmissionPayload({
        team: 'T1',
        user: 'U4',
        view: { callback_id: view.callback_id, private_metadata: view.private_metadata, type: 'modal' },
        values,
      }),
    );
    // The modal closes on an empty ack (no response_action errors).
    expect(ack.payload ?? {}).toEqual({});
    await fake.waitFor(() => fake.responsesTo('s-onboard').length > 0);
    await fake.waitFor(() => fake.callsOf('views.publish').find((c) => c.args.user_id === 'U4'));
    const stored = await ratingsOf('T1:U4');
    expect(stored).toHaveLength(10);
    expect(new Set(stored.map((r) => r.rating))).toEqual(new Set([4]));
  });

  it('stores one rating event when an envelope is retried', async () => {
    const event = eventCallback({
      team: 'T1',
      eventId: 'EvSockRetry',
      event: { type: 'app_mention', user: 'U5', channel: 'C1', text: '<@UBOT> rate Braveheart 2' },
    });
    await fake.sendEnvelope('events_api', event);
    await fake.sendEnvelope('events_api', event, { retryAttempt: 1 });
    await fake.waitFor(() => fake.callsOf('chat.postEphemeral').some((c) => c.args.user === 'U5'));
    // Sync point: a later direct message answered means the retried envelope was taken in too.
    await fake.sendEnvelope(
      'events_api',
      eventCallback({
        team: 'T1',
        eventId: 'EvSockSync',
        event: { type: 'message', channel_type: 'im', user: 'USYNC', channel: 'DSYNC', text: 'profile' },
      }),
    );
    await fake.waitFor(() => fake.callsOf('chat.postMessage').some((c) => c.args.channel === 'DSYNC'));
    expect(await ratingEvents('T1:U5')).toBe(1);
    expect(fake.callsOf('chat.postEphemeral').filter((c) => c.args.user === 'U5')).toHaveLength(1);
  });
});
