import { describe, expect, it } from 'vitest';
import { buildPlaygroundApp, startPlayground } from '../../../adapters/playground/index.js';
import { toInboundAction, toInboundMessage } from '../../../adapters/playground/parse.js';
import type { ActionOutcome, BotHandler, InboundAction, InboundMessage, Reply } from '../../../src/core/types.js';

/** A recording stand-in: the playground's job is transport and rendering, not the bot. */
function fakeBot(): BotHandler & { messages: InboundMessage[]; actions: InboundAction[] } {
  const messages: InboundMessage[] = [];
  const actions: InboundAction[] = [];
  return {
    messages,
    actions,
    async onMessage(m): Promise<Reply> {
      messages.push(m);
      return {
        text: `echo: ${m.text}`,
        status: 'echo',
        cards: [{ kind: 'info', title: 'Card', actions: [{ id: 'v1:n:MAC12345', kind: 'next_page', label: 'More' }] }],
      };
    },
    async onAction(a): Promise<ActionOutcome> {
      actions.push(a);
      return {
        update: { kind: 'movie', title: 'Heat (1995)', footer: 'Ana rated it 4★', movie: { movieId: 6 } },
        reply: { text: 'You rated Heat 4★', ephemeral: true, status: 'rated' },
      };
    },
    async autocomplete(q) {
      return [{ label: `${q} (1995)`, value: `${q} (1995)` }];
    },
  };
}

const post = (app: ReturnType<typeof buildPlaygroundApp>, path: string, body: unknown) =>
  app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('playground app', () => {
  it('serves the page with a strict content security policy', async () => {
    const app = buildPlaygroundApp({ bot: fakeBot(), subtitle: () => 'hybrid model v3' });
    const res = await app.request('/');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    const html = await res.text();
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain('hybrid model v3');
  });

  it('turns a chat message into an InboundMessage and renders the reply', async () => {
    const bot = fakeBot();
    const app = buildPlaygroundApp({ bot });
    const res = await post(app, '/api/message', { user: 'Ana', channel: 'Movie-Night', text: 'hello <b>' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { mine: string; html: string; status: string };
    expect(bot.messages).toEqual([
      {
        actor: { platform: 'playground', externalId: 'ana', displayName: 'Ana' },
        channelId: 'movie-night',
        text: 'hello <b>',
        direct: false,
      },
    ]);
    expect(body.status).toBe('echo');
    expect(body.mine).toContain('hello &lt;b&gt;');
    expect(body.html).toContain('echo: hello &lt;b&gt;');
    expect(body.html).toContain('data-payload="v1:n:MAC12345"');
  });

  it('passes button payloads through and returns the updated card and the note', async () => {
    const bot = fakeBot();
    const app = buildPlaygroundApp({ bot });
    const res = await post(app, '/api/action', { user: 'Ben', channel: 'general', payload: 'v1:r:6:4:abcdEFGH' });
    const body = (await res.json()) as { update: string; note: string | null; reply: string | null; status: string };
    expect(bot.actions[0]).toEqual({
      actor: { platform: 'playground', externalId: 'ben', displayName: 'Ben' },
      channelId: 'general',
      payload: 'v1:r:6:4:abcdEFGH',
    });
    expect(body.update).toContain('<footer>Ana rated it 4★</footer>');
    // The private confirmation goes on the card for Ben, not into the log.
    expect(body.note).toContain('only Ben can see this');
    expect(body.note).toContain('data-user="ben"');
    expect(body.reply).toBeNull();
    expect(body.status).toBe('rated');
  });

  it('refuses malformed requests before the bot sees them', async () => {
    const bot = fakeBot();
    const app = buildPlaygroundApp({ bot });
    for (const body of [
      {},
      { user: '', channel: 'c', text: 'x' },
      { user: '<script>', channel: 'c', text: 'x' },
      { user: 'a', channel: 'c', text: 'x'.repeat(5000) },
    ]) {
      expect((await post(app, '/api/message', body)).status).toBe(400);
    }
    expect((await post(app, '/api/action', { user: 'a', channel: 'c', payload: '' })).status).toBe(400);
    const notJson = await app.request('/api/message', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(notJson.status).toBe(400);
    const huge = await post(app, '/api/message', { user: 'a', channel: 'c', text: 'x'.repeat(20_000) });
    expect(huge.status).toBe(413);
    expect(bot.messages).toEqual([]);
    expect(bot.actions).toEqual([]);
  });

  it('refuses requests another web page could forge (not JSON, or cross-site)', async () => {
    const bot = fakeBot();
    const app = buildPlaygroundApp({ bot });
    const body = JSON.stringify({ user: 'ana', channel: 'c', text: 'forget me' });
    const plain = await app.request('/api/message', { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
    expect(plain.status).toBe(403);
    const crossSite = await app.request('/api/message', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      body,
    });
    expect(crossSite.status).toBe(403);
    const opaque = await app.request('/api/message', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'null', host: 'localhost:3000' },
      body,
    });
    expect(opaque.status).toBe(403);
    expect(bot.messages).toEqual([]);
    const sameOrigin = await app.request('http://localhost:3000/api/message', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'sec-fetch-site': 'same-origin',
        origin: 'http://localhost:3000',
        host: 'localhost:3000',
      },
      body,
    });
    expect(sameOrigin.status).toBe(200);
  });

  it('maps names the same way every time', () => {
    expect(toInboundMessage({ user: 'ANA', channel: '#General', text: 'hi' }).actor.externalId).toBe('ana');
    expect(toInboundAction({ user: 'Ana', channel: '#General', payload: 'p' }).channelId).toBe('#general');
  });

  it('listens on a random local port and stops', async () => {
    const server = await startPlayground(buildPlaygroundApp({ bot: fakeBot() }), { port: 0, host: '127.0.0.1' });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${server.url}/api/autocomplete?q=heat`);
      expect(await res.json()).toEqual([{ label: 'heat (1995)', value: 'heat (1995)' }]);
    } finally {
      await server.close();
    }
  });
});
