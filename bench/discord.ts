/**
 * Discord adapter speed: the pure renderer, and how long real discord.js plus the adapter take
 * to acknowledge interactions (gateway dispatch -> REST callback) against the local fake.
 * Discord's hard limit is 3000 ms from creation; the adapter's own share should be a few ms.
 * Autocomplete runs over the real catalogue (movies.csv) when MOVIELENS_DIR is set.
 */
import { performance } from 'node:perf_hooks';
import { startDiscord } from '../adapters/discord/index.js';
import { renderReply } from '../adapters/discord/render.js';
import { loadCatalogFromFiles } from '../src/catalog/catalog.js';
import { ActionCodec } from '../src/features/index.js';
import type { ActionOutcome, AutocompleteChoice, BotHandler, Card, Reply } from '../src/core/types.js';
import { FakeDiscord, snowflake } from '../tests/helpers/fake-discord/index.js';
import { percentile, type BenchTable } from './table.js';

const codec = new ActionCodec('bench secret for discord payloads');

function movieCard(movieId: number): Card {
  return {
    kind: 'movie',
    title: `Movie ${movieId}`,
    url: `https://www.themoviedb.org/movie/${movieId}`,
    body: 'Because you liked Alien, Aliens and The Thing',
    movie: { movieId, year: 1986, genres: ['Action', 'Horror', 'Sci-Fi'], runtime: 137, directors: ['James Cameron'], predicted: 4.3 },
    actions: [
      ...[1, 2, 3, 4, 5].map((v) => ({
        id: codec.encode({ kind: 'rate', movieId, stars: v }),
        kind: 'rate' as const,
        label: `${v}★`,
        value: v,
        group: 'rating' as const,
      })),
      { id: codec.encode({ kind: 'seen', movieId }), kind: 'seen' as const, label: 'Seen' },
      { id: codec.encode({ kind: 'dismiss', movieId }), kind: 'dismiss' as const, label: 'Not interested' },
      { id: codec.encode({ kind: 'watchlist', movieId }), kind: 'watchlist' as const, label: 'Watchlist' },
      { id: codec.encode({ kind: 'more_like', movieId }), kind: 'more_like' as const, label: 'More like this' },
      { id: codec.encode({ kind: 'why', movieId }), kind: 'why' as const, label: 'Why' },
    ],
  };
}

const REPLY: Reply = { text: 'Five picks for tonight', cards: [1, 2, 3, 4, 5].map(movieCard) };

function renderTable(): BenchTable {
  const n = 20_000;
  for (let i = 0; i < 1000; i++) renderReply(REPLY);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) renderReply(REPLY);
  const perReply = ((performance.now() - t0) * 1000) / n;
  return {
    title: 'Discord renderer (pure)',
    columns: ['input', 'replies', 'µs per reply', 'messages per reply'],
    rows: [['text + 5 movie cards with 10 buttons each', n, perReply, renderReply(REPLY).length]],
  };
}

async function latencyTable(): Promise<BenchTable> {
  const dir = process.env.MOVIELENS_DIR;
  const catalog = dir ? await loadCatalogFromFiles({ movielensDir: dir }) : undefined;
  const bot: BotHandler = {
    onMessage: async () => REPLY,
    onAction: async (a): Promise<ActionOutcome> => ({ update: movieCard(1), reply: { text: `ok ${a.payload.length}`, ephemeral: true } }),
    autocomplete: async (q, limit): Promise<AutocompleteChoice[]> =>
      catalog ? catalog.findTitles(q, limit).map((h) => ({ label: h.title, value: h.title })) : [{ label: q, value: q }],
  };
  const fake = await FakeDiscord.start({ echoMessages: false });
  const adapter = await startDiscord({ token: 'bench', bot, apiUrl: fake.apiUrl, messageContent: false });
  const user = { id: snowflake(), username: 'bench' };
  const queries = ['matrix', 'star wars', 'godfather', 'toy', 'alien', 'heat', 'amelie', 'pulp fic', 'lord of the', 'batman'];
  const rounds = 100;
  const sample = async (start: () => string): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const id = start();
      await fake.waitFor(() => fake.ackDelay(id) !== undefined, 5000, 'ack');
      out.push(fake.ackDelay(id)!);
    }
    return out.sort((a, b) => a - b);
  };
  try {
    const command = await sample(() => fake.command(user, 'recommend', [{ name: 'query', type: 3, value: 'something scary' }]));
    const messageId = fake.messagesFor(fake.command(user, 'recommend', [{ name: 'query', type: 3, value: 'x' }]))[0]?.id;
    await fake.waitFor(() => fake.messages.size > 0, 5000, 'a card');
    const card = messageId ?? [...fake.messages.keys()].at(-1)!;
    const click = await sample(() => fake.click(user, card, codec.encode({ kind: 'rate', movieId: 1, stars: 4 })));
    let q = 0;
    const auto = await sample(() =>
      fake.autocomplete(user, 'rate', [{ name: 'title', type: 3, value: queries[q++ % queries.length], focused: true }]),
    );
    const row = (what: string, s: number[]) => [what, s.length, percentile(s, 50), percentile(s, 95), s.at(-1)!];
    return {
      title: 'Discord interaction acknowledgement (fake Discord on 127.0.0.1, real discord.js)',
      columns: ['interaction', 'n', 'p50 ms', 'p95 ms', 'max ms'],
      rows: [
        row('/recommend -> reply with 5 cards (instant core)', command),
        row('button click -> card update (instant core)', click),
        row(`autocomplete (${catalog ? `catalogue of ${catalog.movies.length} movies` : 'echo, no MOVIELENS_DIR'})`, auto),
      ],
      notes: ['Dispatch on the gateway to the first REST call answering it; Discord allows 3000 ms.'],
    };
  } finally {
    await adapter.stop();
    await fake.close();
  }
}

export async function run(): Promise<BenchTable[]> {
  return [renderTable(), await latencyTable()];
}
