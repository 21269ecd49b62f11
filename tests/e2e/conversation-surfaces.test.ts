/**
 * The same conversation on every surface: "sci-fi from the 80s", then "something shorter"
 * (the request is kept and the new films are shorter than every film shown), then "why the
 * second one?" (the second card of the refined list is explained). Discord through discord.js
 * against the fake Discord (slash commands, the last one `/why title:the second one`), Slack
 * through Bolt against the fake Slack (`/reelmate ...`), the playground over HTTP, and the API
 * with `conversation=`. One bot, one seeded database.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscord, type DiscordAdapter } from '../../adapters/discord/index.js';
import { buildApi, createApiMetrics, DEFAULT_LIMITS } from '../../adapters/api/index.js';
import { buildPlaygroundApp, startPlayground, type RunningPlayground } from '../../adapters/playground/index.js';
import { startSlack, type SlackHandle } from '../../adapters/slack/index.js';
import { ApiKeysRepository } from '../../src/db/repositories/api-keys.js';
import { createRepositories, type Movie, type Repositories } from '../../src/db/repositories/index.js';
import { silentLogger } from '../../src/util/logger.js';
import { ApiClient } from '../helpers/api-client.js';
import { apiRealDeps } from '../helpers/api-fixtures.js';
import { testEngines, type TestDatabase } from '../helpers/db.js';
import { FakeDiscord, snowflake, type ApiMessage } from '../helpers/fake-discord/index.js';
import { postSigned, slashCommand, startFakeSlack, type FakeSlack } from '../helpers/fake-slack/index.js';
import { openSeededTestDatabase } from '../helpers/seeded.js';
import { buildBot, type BotFixture } from '../integration/bot-harness.js';

const SLACK_SECRET = 'surfaces-signing-secret-0123456789';

/** What a surface showed for one turn: the movie ids in order, and the words. */
interface Shown {
  ids: number[];
  text: string;
}

/** Movie ids in the order their signed 1★ buttons appear (one per card). */
function idsOf(serialized: string): number[] {
  return [...serialized.matchAll(/v1:r:(\d+):1:/g)].map((m) => Number(m[1]));
}

describe.skipIf(!process.env.MOVIELENS_DIR).each(testEngines())('one conversation on every surface, %s (seeded)', (engine) => {
  let database: TestDatabase;
  let repos: Repositories;
  let fx: BotFixture;

  beforeAll(async () => {
    database = await openSeededTestDatabase(engine);
    repos = createRepositories(database.db);
    fx = await buildBot(database);
  }, 300_000);
  afterAll(async () => {
    await fx?.engine.close();
    await database?.dispose();
  });

  /** The three checks, whatever the surface. */
  async function expectTheDialogue(turns: [Shown, Shown, Shown]): Promise<void> {
    const [first, second, why] = turns;
    const movies = await repos.movies.byIds([...first.ids, ...second.ids]);
    const facts = (id: number): Movie => movies.get(id)!;
    expect(first.ids.length).toBeGreaterThanOrEqual(3);
    for (const id of [...first.ids, ...second.ids]) {
      expect(facts(id).genres).toContain('Sci-Fi');
      expect(facts(id).year).toBeGreaterThanOrEqual(1980);
      expect(facts(id).year).toBeLessThanOrEqual(1989);
    }
    const shortest = Math.min(...first.ids.map((id) => facts(id).runtime ?? Infinity));
    expect(second.text).toContain(`Now: sci-fi · 1980-1989 · under ${shortest - 1} min`);
    expect(second.ids.length).toBeGreaterThanOrEqual(1);
    for (const id of second.ids) expect(facts(id).runtime).toBeLessThan(shortest);
    const target = second.ids[1] ?? second.ids[0]!;
    expect(why.text).toContain(`Why ${facts(target).displayTitle}`);
  }

  it('Discord: slash commands, the last one pointing at the list', async () => {
    const fake = await FakeDiscord.start({
      guilds: [{ id: snowflake(), name: 'Films', channels: [{ id: snowflake(), name: 'general' }] }],
    });
    let adapter: DiscordAdapter | undefined;
    try {
      adapter = await startDiscord({ token: 'fake-token', bot: fx.bot, apiUrl: fake.apiUrl });
      const user = { id: snowflake(), username: 'dee', globalName: 'Dee' };
      const turn = async (name: string, options: Record<string, unknown>[], list: boolean): Promise<Shown> => {
        const id = fake.command(user, name, options);
        // The bot defers first: the deferred original is an empty message until it is edited.
        const done = (ms: ApiMessage[]) =>
          list ? ms.some((m) => JSON.stringify(m.components).includes('"v1:n:')) : ms.some((m) => m.content !== '' || m.embeds.length > 0);
        await fake.waitFor(() => done(fake.messagesFor(id)), 30_000, `${name} answered`);
        const messages = fake.messagesFor(id);
        const bodies = fake.callsFor(id).map((c) => JSON.stringify(c.body));
        return {
          ids: idsOf(JSON.stringify(messages.map((m) => m.components))),
          text: [...messages.map((m) => m.content), ...bodies].join('\n'),
        };
      };
      const first = await turn('recommend', [{ name: 'query', type: 3, value: 'sci-fi from the 80s' }], true);
      const second = await turn('recommend', [{ name: 'query', type: 3, value: 'something shorter' }], true);
      const why = await turn('why', [{ name: 'title', type: 3, value: 'the second one' }], false);
      await expectTheDialogue([first, second, why]);
    } finally {
      await adapter?.stop();
      await fake.close();
    }
  });

  it('Slack: /reelmate in plain words', async () => {
    const fake: FakeSlack = await startFakeSlack();
    let slack: SlackHandle | undefined;
    try {
      slack = await startSlack({
        bot: fx.bot,
        database,
        mode: 'http',
        signingSecret: SLACK_SECRET,
        botToken: 'xoxb-T1-test',
        apiUrl: fake.apiUrl,
        port: 0,
        host: '127.0.0.1',
      });
      const events = `http://127.0.0.1:${slack.port}/slack/events`;
      let n = 0;
      const turn = async (text: string): Promise<Shown> => {
        const key = `turn${n++}`;
        await postSigned(events, slashCommand({ team: 'T1', user: 'USUE', userName: 'sue', text, responseUrl: fake.responseUrl(key) }), {
          secret: SLACK_SECRET,
        });
        const [reply] = await fake.waitFor(
          () => fake.responsesTo(key).length > 0 && fake.responsesTo(key),
          30_000,
          `an answer to "${text}"`,
        );
        return {
          ids: idsOf(JSON.stringify(reply!.body.blocks ?? [])),
          text: `${String(reply!.body.text ?? '')}\n${JSON.stringify(reply!.body.blocks ?? [])}`,
        };
      };
      await expectTheDialogue([await turn('sci-fi from the 80s'), await turn('something shorter'), await turn('why the second one?')]);
    } finally {
      await slack?.stop();
      await fake.close();
    }
  });

  it('the playground: the chat over its HTTP endpoint', async () => {
    const server: RunningPlayground = await startPlayground(buildPlaygroundApp({ bot: fx.bot }), { port: 0, host: '127.0.0.1' });
    try {
      const turn = async (text: string): Promise<Shown> => {
        const res = await fetch(`${server.url}/api/message`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: server.url },
          body: JSON.stringify({ user: 'Pat', channel: 'sofa', text }),
        });
        expect(res.status).toBe(200);
        const { html } = (await res.json()) as { html: string };
        return {
          ids: [...html.matchAll(/data-movie="(\d+)"/g)].map((m) => Number(m[1])),
          text: html.replace(/<[^>]+>/g, ' ').replace(/&#183;|&middot;/g, '·'),
        };
      };
      await expectTheDialogue([await turn('sci-fi from the 80s'), await turn('something shorter'), await turn('why the second one?')]);
    } finally {
      await server.close();
    }
  });

  it('the API: conversation= keeps the request between calls, without it each call stands alone', async () => {
    const deps = {
      database,
      repos,
      apiKeys: new ApiKeysRepository(database.db),
      ...(await apiRealDeps(database)),
      metrics: createApiMetrics(),
      limits: DEFAULT_LIMITS,
      logger: silentLogger,
      modelReady: () => true,
    };
    const server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: buildApi(deps).fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    try {
      const client = new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      const doc = JSON.stringify(await client.loadDoc());
      const key = (await new ApiKeysRepository(database.db).create('surfaces', ['read', 'write'], { platform: 'api:web' })).key;
      const user = (await client.call('POST', '/v1/users', { key, body: { platform: 'api:web', externalId: 'surfaces' } })).body as {
        id: number;
      };
      const template = '/v1/users/{id}/recommendations';
      type Page = {
        items: { movie: { id: number; title: string } }[];
        understood: string | null;
        request: { runtime: { max: number | null } | null };
        conversation: string | null;
      };
      const ask = async (q: string, conversation?: string): Promise<Page> => {
        const query = `limit=5&q=${encodeURIComponent(q)}${conversation ? `&conversation=${conversation}` : ''}`;
        const res = await client.call('GET', `/v1/users/${user.id}/recommendations?${query}`, { key, template });
        expect(res.status).toBe(200);
        return res.body as Page;
      };
      const first = await ask('sci-fi from the 80s', 'c1');
      const second = await ask('something shorter', 'c1');
      expect(second.conversation).toBe('c1');
      const shown = (p: Page): Shown => ({ ids: p.items.map((i) => i.movie.id), text: p.understood ?? '' });
      // the API has no "why"; its third turn is the explanation a chat user would get, for the second film
      const target = second.items[1] ?? second.items[0]!;
      await expectTheDialogue([shown(first), shown(second), { ids: [], text: `Why ${target.movie.title}` }]);
      // another conversation, or none, starts from scratch: "shorter" alone means the usual short film
      const alone = await ask('something shorter');
      expect(alone.conversation).toBeNull();
      expect(alone.request.runtime?.max).toBe(100);
      expect((await ask('something shorter', 'c2')).request.runtime?.max).toBe(100);
      // the parameter is documented, and checked
      expect(doc).toContain('"name":"conversation"');
      expect(
        (
          await client.call('GET', `/v1/users/${user.id}/recommendations?conversation=${encodeURIComponent('no spaces allowed')}`, {
            key,
            template,
          })
        ).status,
      ).toBe(400);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deps.engine.close();
    }
  });
});
