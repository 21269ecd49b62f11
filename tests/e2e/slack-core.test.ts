import { sql } from 'drizzle-orm';
/**
 * Slack through the real core: real Bolt against the fake Slack, the real Bot with the
 * recommendation service over the seeded MovieLens database, signed action payloads and all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack, type SlackHandle } from '../../adapters/slack/index.js';
import type { Bot } from '../../src/core/bot.js';
import { createRepositories, type Repositories } from '../../src/db/repositories/index.js';
import { testEngines, type TestDatabase } from '../helpers/db.js';
import { openSeededTestDatabase } from '../helpers/seeded.js';
import { buildBot, type BotFixture } from '../integration/bot-harness.js';
import {
  asBlocks,
  asInteractive,
  asJson,
  blockActionsPayload,
  eventCallback,
  postSigned,
  slashCommand,
  starButton,
  startFakeSlack,
  viewSubmissionPayload,
  type FakeSlack,
} from '../helpers/fake-slack/index.js';

const SECRET = 'core-signing-secret-0123456789';

describe.skipIf(!process.env.MOVIELENS_DIR).each(testEngines())('Slack with the real core on %s (seeded)', (engine) => {
  let fake: FakeSlack;
  let database: TestDatabase;
  let repos: Repositories;
  let fx: BotFixture;
  let bot: Bot;
  let slack: SlackHandle;
  let events: string;

  const post = (body: Parameters<typeof postSigned>[1], opts: Partial<Parameters<typeof postSigned>[2]> = {}) => postSigned(events, body, { secret: SECRET, ...opts });

  async function userId(externalId: string): Promise<number | undefined> {
    return (await repos.users.find({ platform: 'slack', externalId }))?.id;
  }

  beforeAll(async () => {
    fake = await startFakeSlack();
    database = await openSeededTestDatabase(engine);
    repos = createRepositories(database.db);
    fx = await buildBot(database);
    bot = fx.bot;
    slack = await startSlack({ bot, database, mode: 'http', signingSecret: SECRET, botToken: 'xoxb-T1-test', apiUrl: fake.apiUrl, port: 0, host: '127.0.0.1' });
    events = `http://127.0.0.1:${slack.port}/slack/events`;
  });

  afterAll(async () => {
    await slack?.stop();
    await fx?.engine.close();
    await fake?.close();
    await database?.dispose();
  });

  it('recommends from natural language, and a second user click rates for that user and updates the card', async () => {
    await post(slashCommand({ team: 'T1', user: 'UANA', userName: 'ana', text: 'something funny to watch', responseUrl: fake.responseUrl('nl') }));
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

    await post(asInteractive(blockActionsPayload({ team: 'T1', user: 'UBEN', action: click.action, responseUrl: fake.responseUrl('click'), message: { ts: '1700000000.9', blocks } })));
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

  it('rates by subcommand once, however often Slack redelivers the mention', async () => {
    const mention = asJson(eventCallback({ team: 'T1', eventId: 'EvCoreRetry', event: { type: 'app_mention', user: 'UCAT', channel: 'C1', text: '<@UBOT> rate Heat 4.5' } }));
    await post(mention);
    await post(mention, { retryNum: 1 });
    const posted = await fake.waitFor(() => [...fake.callsOf('chat.postEphemeral'), ...fake.callsOf('chat.postMessage')].find((c) => c.args.user === 'UCAT' || c.args.channel === 'C1'), 30_000);
    expect(String(posted.args.text)).toContain('Heat (1995)');
    await new Promise((r) => setTimeout(r, 300));
    const cat = await userId('T1:UCAT');
    expect(await repos.ratings.get(cat!, 6)).toBe(4.5);
    expect(await repos.ratings.events(cat!)).toHaveLength(1);
  });

  it('publishes the App Home with the taste profile and top picks', async () => {
    await post(slashCommand({ team: 'T1', user: 'UDAN', text: 'rate The Matrix 5', responseUrl: fake.responseUrl('dan-rate') }));
    await fake.waitFor(() => fake.responsesTo('dan-rate').length > 0, 30_000);
    await post(asJson(eventCallback({ team: 'T1', eventId: 'EvCoreHome', event: { type: 'app_home_opened', user: 'UDAN', channel: 'D1', tab: 'home' } })));
    const publish = await fake.waitFor(() => fake.callsOf('views.publish').find((c) => c.args.user_id === 'UDAN'), 30_000);
    const view = publish.args.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Your taste profile');
    expect(text).toContain('Matrix');
    expect(asBlocks(view.blocks).some((b) => b.type === 'actions' && b.block_id?.startsWith('h0.'))).toBe(true);
  });

  it('onboards in one modal and stores every chosen rating', async () => {
    await post(slashCommand({ team: 'T1', user: 'UEVE', text: 'onboard', responseUrl: fake.responseUrl('eve'), triggerId: 'trig-eve' }));
    const open = await fake.waitFor(() => fake.callsOf('views.open').find((c) => c.args.trigger_id === 'trig-eve'), 30_000);
    const view = open.args.view as { callback_id: string; private_metadata: string; blocks: { type: string; block_id: string; element?: { action_id: string; options: { value: string }[] } }[] };
    const inputs = view.blocks.filter((b) => b.type === 'input');
    expect(inputs).toHaveLength(10);
    const values: Record<string, Record<string, unknown>> = {};
    for (const b of inputs) values[b.block_id] = { [b.element!.action_id]: { type: 'static_select', selected_option: b.element!.options[0] } };
    await post(asInteractive(viewSubmissionPayload({ team: 'T1', user: 'UEVE', view: { callback_id: view.callback_id, private_metadata: view.private_metadata, type: 'modal' }, values })));
    const [done] = await fake.waitFor(() => fake.responsesTo('eve').length > 0 && fake.responsesTo('eve'), 30_000);
    expect(done!.body.text).toBe('Saved 10 of 10 ratings. Try `/reelmate recommend` now.');
    const eve = await userId('T1:UEVE');
    const stored = await repos.ratings.forUser(eve!);
    expect(stored).toHaveLength(10);
    expect(stored.every((r) => r.rating === 5)).toBe(true);
  });

  it('starts a watch party from its modal, posting the party card to the channel', async () => {
    await post(slashCommand({ team: 'T1', user: 'UFAY', channel: 'C7', text: 'watch-party start', responseUrl: fake.responseUrl('fay'), triggerId: 'trig-fay' }));
    const open = await fake.waitFor(() => fake.callsOf('views.open').find((c) => c.args.trigger_id === 'trig-fay'), 30_000);
    const view = open.args.view as { callback_id: string; private_metadata: string; blocks: { block_id: string }[] };
    expect(view.callback_id).toBe('reelmate_party');
    expect(view.private_metadata.length).toBeLessThan(3000);
    const values = {
      'p.constraints': { value: { type: 'plain_text_input', value: 'comedy, under 2 hours' } },
      'p.mode': { value: { type: 'static_select', selected_option: { value: 'ranked' } } },
    };
    await post(asInteractive(viewSubmissionPayload({ team: 'T1', user: 'UFAY', view: { callback_id: view.callback_id, private_metadata: view.private_metadata, type: 'modal' }, values })));
    const [card] = await fake.waitFor(() => fake.responsesTo('fay').length > 0 && fake.responsesTo('fay'), 30_000);
    expect(card!.body.response_type).toBe('in_channel');
    expect(JSON.stringify(card!.body.blocks).toLowerCase()).toContain('comedy');
    const parties = await database.rows<{ status: string; voting_mode: string; channel_key: string }>(
      sql`SELECT status, voting_mode, channel_key FROM parties WHERE channel_key = 'T1:C7'`,
    );
    expect(parties).toEqual([{ status: 'open', voting_mode: 'ranked', channel_key: 'T1:C7' }]);
  });
});
