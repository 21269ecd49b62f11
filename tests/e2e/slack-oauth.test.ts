/**
 * Many workspaces: the OAuth install flow stores each installation in PostgreSQL, requests are
 * authorized with that workspace's own bot token, and the same user id in two workspaces is two
 * different people.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack, type SlackHandle } from '../../adapters/slack/index.js';
import { createRepositories, type Repositories } from '../../src/db/repositories/index.js';
import { SlackInstallationsRepository } from '../../src/db/repositories/slack-installations.js';
import { openTestDatabase, testEngines, type TestDatabase } from '../helpers/db.js';
import {
  asJson,
  eventCallback,
  postSigned,
  seedStandInMovies,
  slashCommand,
  StandInBot,
  startFakeSlack,
  type FakeSlack,
} from '../helpers/fake-slack/index.js';

const SECRET = 'oauth-signing-secret-0123456789';

describe.each(testEngines())('Slack OAuth install on %s', (engine) => {
  let fake: FakeSlack;
  let database: TestDatabase;
  let repos: Repositories;
  let installs: SlackInstallationsRepository;
  let bot: StandInBot;
  let slack: SlackHandle;
  let base: string;

  /** What a browser does: open the install page, follow Slack's consent, land on the redirect. */
  async function install(team: string, opts: { tamperState?: boolean } = {}): Promise<Response> {
    const start = await fetch(`${base}/slack/install`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const location = new URL(start.headers.get('location')!);
    expect(location.searchParams.get('client_id')).toBe('cid-123');
    expect(location.searchParams.get('scope')).toContain('commands');
    const state = location.searchParams.get('state')!;
    const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
    const code = `code-${team}`;
    fake.oauthCodes.set(code, team);
    const sentState = opts.tamperState ? `${state.slice(0, -4)}AAAA` : state;
    return fetch(`${base}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(sentState)}`, {
      headers: { cookie },
      redirect: 'manual',
    });
  }

  beforeAll(async () => {
    fake = await startFakeSlack();
    database = await openTestDatabase(engine);
    repos = createRepositories(database.db);
    installs = new SlackInstallationsRepository(database.db);
    await seedStandInMovies(database);
    bot = new StandInBot(database);
    slack = await startSlack({
      bot,
      database,
      mode: 'http',
      signingSecret: SECRET,
      clientId: 'cid-123',
      clientSecret: 'csecret-456',
      stateSecret: 'state-secret-789',
      apiUrl: fake.apiUrl,
      port: 0,
      host: '127.0.0.1',
    });
    base = `http://127.0.0.1:${slack.port}`;
  });

  afterAll(async () => {
    await slack?.stop();
    await fake?.close();
    await database?.dispose();
  });

  it('stores the installation after the OAuth redirect', async () => {
    const done = await install('T2');
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Thank you');
    const exchange = fake.callsOf('oauth.v2.access').at(-1)!;
    expect(exchange.args).toMatchObject({ code: 'code-T2', client_id: 'cid-123' });
    const stored = await installs.find({ teamId: 'T2' });
    expect(stored).toMatchObject({ id: 'T2', teamId: 'T2' });
    expect(stored!.installation).toMatchObject({ team: { id: 'T2' }, bot: { token: 'xoxb-T2-token', userId: 'UBOT', id: 'BBOT' } });
  });

  it('refuses a redirect whose state does not match the browser cookie', async () => {
    const before = await installs.count();
    const done = await install('T4', { tamperState: true });
    expect(done.status).toBeGreaterThanOrEqual(400);
    expect(await installs.count()).toBe(before);
    expect(await installs.find({ teamId: 'T4' })).toBeUndefined();
  });

  it("keeps a second workspace's users separate and answers each with its own token", async () => {
    expect((await install('T3')).status).toBe(200);
    expect(await installs.count()).toBe(2);
    const r2 = await postSigned(
      `${base}/slack/events`,
      slashCommand({ team: 'T2', user: 'U1', text: 'rate Heat 4', responseUrl: fake.responseUrl('t2') }),
      { secret: SECRET },
    );
    const r3 = await postSigned(
      `${base}/slack/events`,
      slashCommand({ team: 'T3', user: 'U1', text: 'rate Heat 2', responseUrl: fake.responseUrl('t3') }),
      { secret: SECRET },
    );
    expect([r2.status, r3.status]).toEqual([200, 200]);
    await fake.waitFor(() => fake.responsesTo('t2').length > 0 && fake.responsesTo('t3').length > 0);
    const u2 = await repos.users.find({ platform: 'slack', externalId: 'T2:U1' });
    const u3 = await repos.users.find({ platform: 'slack', externalId: 'T3:U1' });
    expect(u2 && u3 && u2.id !== u3.id).toBe(true);
    expect(await repos.ratings.get(u2!.id, 6)).toBe(4);
    expect(await repos.ratings.get(u3!.id, 6)).toBe(2);

    const before = fake.callsOf('views.publish').length;
    await postSigned(
      `${base}/slack/events`,
      asJson(
        eventCallback({ team: 'T3', eventId: 'EvT3Home', event: { type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home' } }),
      ),
      { secret: SECRET },
    );
    const publish = await fake.waitFor(() => fake.callsOf('views.publish')[before]);
    expect(publish.token).toBe('xoxb-T3-token');
    expect(JSON.stringify(publish.args.view)).toContain('Profile of T3:U1: 1 ratings');
  });

  /** Sync point: a command from the installed workspace T2 answered after the one under test. */
  async function installedAnswers(id: string): Promise<void> {
    await postSigned(
      `${base}/slack/events`,
      slashCommand({ team: 'T2', user: 'USYNC', text: 'profile', responseUrl: fake.responseUrl(id) }),
      { secret: SECRET },
    );
    await fake.waitFor(() => fake.responsesTo(id).length > 0);
  }

  it('forgets a workspace that uninstalls the app, and ignores it afterwards', async () => {
    expect(await installs.find({ teamId: 'T3' })).toBeDefined();
    const res = await postSigned(
      `${base}/slack/events`,
      asJson(eventCallback({ team: 'T3', eventId: 'EvUninstall', event: { type: 'app_uninstalled' } })),
      { secret: SECRET },
    );
    expect(res.status).toBe(200);
    const until = Date.now() + 10_000;
    while ((await installs.find({ teamId: 'T3' })) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(await installs.find({ teamId: 'T3' })).toBeUndefined();
    expect(await installs.find({ teamId: 'T2' })).toBeDefined();
    // Counted in the command's channel only: an earlier Home refresh may still be landing.
    const inChannel = (team: string) => bot.messages.filter((m) => m.channelId === `${team}:C1`).length;
    const before = inChannel('T3');
    await postSigned(
      `${base}/slack/events`,
      slashCommand({ team: 'T3', user: 'U1', text: 'profile', responseUrl: fake.responseUrl('t3-gone') }),
      { secret: SECRET },
    );
    await installedAnswers('t3-sync');
    expect(inChannel('T3')).toBe(before);
    expect(fake.responsesTo('t3-gone')).toHaveLength(0);
    // The people of that workspace keep their own data.
    expect(await repos.users.find({ platform: 'slack', externalId: 'T3:U1' })).toBeDefined();
  });

  it('ignores requests from a workspace that never installed the app', async () => {
    await postSigned(
      `${base}/slack/events`,
      slashCommand({ team: 'T9', user: 'U1', text: 'rate Heat 5', responseUrl: fake.responseUrl('t9') }),
      { secret: SECRET },
    );
    await installedAnswers('t9-sync');
    expect(bot.messages.some((m) => m.actor.externalId.startsWith('T9:'))).toBe(false);
    expect(await repos.users.find({ platform: 'slack', externalId: 'T9:U1' })).toBeUndefined();
  });
});
