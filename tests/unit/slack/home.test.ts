import { describe, expect, it } from 'vitest';
import { HomeRefresher } from '../../../adapters/slack/home.js';
import type { WebClient } from '../../../adapters/slack/deliver.js';
import type { BotHandler, Card, InboundMessage } from '../../../src/core/types.js';
import { renderHome } from '../../../adapters/slack/views.js';

function recordingClient(): {
  client: WebClient;
  published: { user_id: string; view: { blocks: { block_id?: string }[] }; hash?: string }[];
} {
  const published: { user_id: string; view: { blocks: { block_id?: string }[] }; hash?: string }[] = [];
  const client = { views: { publish: async (args: (typeof published)[number]) => void published.push(args) } } as unknown as WebClient;
  return { client, published };
}

function recordingBot(): { bot: BotHandler; asked: InboundMessage[] } {
  const asked: InboundMessage[] = [];
  const bot: BotHandler = {
    onMessage: async (m) => {
      asked.push(m);
      return { text: `${m.command?.name} for ${m.actor.externalId}` };
    },
    onAction: async () => ({}),
    autocomplete: async () => [],
  };
  return { bot, asked };
}

const card = (title: string, footer?: string): Card => ({
  kind: 'movie',
  title,
  footer,
  actions: [{ id: `r:${title}:4`, kind: 'rate', label: '4★', value: 4 }],
});

describe('Home refresher', () => {
  it('rebuilds the tab once per burst of clicks, with the three core questions', async () => {
    const { bot, asked } = recordingBot();
    const { client, published } = recordingClient();
    const home = new HomeRefresher(bot, { delayMs: 20 });
    for (let i = 0; i < 5; i++) home.refreshSoon(client, 'T1', 'U1');
    home.refreshSoon(client, 'T1', 'U2');
    await new Promise((r) => setTimeout(r, 200));
    expect(published.map((p) => p.user_id).sort()).toEqual(['U1', 'U2']);
    expect(asked.filter((m) => m.actor.externalId === 'T1:U1').map((m) => m.command?.name)).toEqual(['profile', 'recommend', 'watchlist']);
    expect(asked.every((m) => m.text === '' && m.channelId === 'T1:home')).toBe(true);
    home.stop();
  });

  it('updates only the clicked card of the tab at once', async () => {
    const { bot } = recordingBot();
    const { client, published } = recordingClient();
    const home = new HomeRefresher(bot);
    const view = renderHome({ profile: { text: 'p' }, picks: { cards: [card('A'), card('B')] }, watchlist: { cards: [card('B')] } });
    const clicked = view.blocks.find((b) => b.block_id?.startsWith('h1.a.'))!.block_id;
    expect(await home.updateCard(client, 'U1', { blocks: view.blocks, hash: 'H1' }, clicked, card('B', 'You rated it 4★'))).toBe(true);
    const [update] = published;
    expect(update!.hash).toBe('H1');
    const text = (prefix: string) => JSON.stringify(update!.view.blocks.filter((b) => b.block_id?.startsWith(prefix)));
    expect(text('h1.')).toContain('You rated it 4★');
    expect(text('h0.')).not.toContain('You rated');
    expect(text('w0.')).not.toContain('You rated');
    expect(await home.updateCard(client, 'U1', { blocks: view.blocks }, 'nope', card('B'))).toBe(false);
    home.stop();
  });

  it('cancels pending rebuilds on stop', async () => {
    const { bot } = recordingBot();
    const { client, published } = recordingClient();
    const home = new HomeRefresher(bot, { delayMs: 20 });
    home.refreshSoon(client, 'T1', 'U1');
    home.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect(published).toHaveLength(0);
  });
});
