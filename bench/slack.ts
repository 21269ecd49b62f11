/**
 * Slack adapter speed: the pure Block Kit renderer, and how long real Bolt plus the adapter take
 * to acknowledge requests (Slack's limit: 3 s) and to deliver the answer, against the local fake
 * Slack, in HTTP mode (signed requests) and Socket Mode. The bot is an in-memory stand-in so the
 * figures are the adapter's own; the click path includes the processed_events claim (PGlite).
 */
import { performance } from 'node:perf_hooks';
import { startSlack } from '../adapters/slack/index.js';
import { renderMessage, replaceCard } from '../adapters/slack/render.js';
import { renderHome } from '../adapters/slack/views.js';
import { ActionCodec } from '../src/features/index.js';
import type { ActionOutcome, BotHandler, Card, Reply } from '../src/core/types.js';
import { openDatabase } from '../src/db/client.js';
import {
  asInteractive,
  blockActionsPayload,
  FakeSlack,
  postSigned,
  slashCommand,
  slashCommandFields,
} from '../tests/helpers/fake-slack/index.js';
import { percentile, type BenchTable } from './table.js';

const codec = new ActionCodec('bench secret for slack payloads');
const SECRET = 'bench-signing-secret';

function movieCard(movieId: number, footer?: string): Card {
  return {
    kind: 'movie',
    title: `Movie ${movieId}`,
    url: `https://www.themoviedb.org/movie/${movieId}`,
    body: 'Because you liked Alien, Aliens and The Thing',
    footer,
    fields: [{ label: 'Cast', value: 'Sigourney Weaver, Michael Biehn' }],
    movie: { movieId, year: 1986, genres: ['Action', 'Horror', 'Sci-Fi'], runtime: 137, directors: ['James Cameron'], predicted: 4.3 },
    actions: [
      ...[1, 2, 3, 4, 5].map((v) => ({
        id: codec.encode({ kind: 'rate', movieId, stars: v }),
        kind: 'rate' as const,
        label: `${v}★`,
        value: v,
        group: 'rating' as const,
      })),
      { id: codec.encode({ kind: 'watchlist', movieId }), kind: 'watchlist' as const, label: 'Watchlist' },
      { id: codec.encode({ kind: 'more_like', movieId }), kind: 'more_like' as const, label: 'More like this' },
      { id: codec.encode({ kind: 'why', movieId }), kind: 'why' as const, label: 'Why?' },
      { id: codec.encode({ kind: 'seen', movieId }), kind: 'seen' as const, label: 'Seen it' },
      { id: codec.encode({ kind: 'dismiss', movieId }), kind: 'dismiss' as const, label: 'Not interested' },
    ],
  };
}

const REPLY: Reply = { text: 'Five picks for tonight', cards: [1, 2, 3, 4, 5].map((id) => movieCard(id)) };

function perOp(n: number, fn: () => unknown): number {
  for (let i = 0; i < Math.min(1000, n); i++) fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  return ((performance.now() - t0) * 1000) / n;
}

function renderTable(): BenchTable {
  const message = renderMessage(REPLY);
  const home = {
    profile: { text: 'You like sci-fi and horror' },
    picks: REPLY,
    watchlist: { cards: [6, 7, 8].map((id) => movieCard(id)) },
  };
  const n = 20_000;
  return {
    title: 'Slack renderer (pure)',
    columns: ['operation', 'runs', 'µs per op', 'blocks'],
    rows: [
      ['renderMessage: text + 5 movie cards', n, perOp(n, () => renderMessage(REPLY)), message.blocks.length],
      [
        'replaceCard: one card of 5 after a click',
        n,
        perOp(n, () => replaceCard(message.blocks, 2, movieCard(3, 'Ana rated it 4★'), 'r1')),
        message.blocks.length + 1,
      ],
      ['renderHome: profile + 5 picks + 3 watchlist', n, perOp(n, () => renderHome(home)), renderHome(home).blocks.length],
    ],
  };
}

const summary = (xs: number[]): [number, number, number] => {
  const s = [...xs].sort((a, b) => a - b);
  return [percentile(s, 50), percentile(s, 95), s.at(-1) ?? Number.NaN];
};

async function latencyTable(): Promise<BenchTable> {
  const bot: BotHandler = {
    onMessage: async () => REPLY,
    onAction: async (): Promise<ActionOutcome> => ({
      update: movieCard(1, 'Ana rated it 4★'),
      reply: { text: 'You rated Movie 1 4★', ephemeral: true },
    }),
    autocomplete: async () => [],
  };
  const database = await openDatabase();
  const fake = await new FakeSlack().start();
  const rows: (string | number)[][] = [];
  const n = 150;
  try {
    const http = await startSlack({
      bot,
      database,
      mode: 'http',
      signingSecret: SECRET,
      botToken: 'xoxb-T1-bench',
      apiUrl: fake.apiUrl,
      port: 0,
      host: '127.0.0.1',
    });
    const url = `http://127.0.0.1:${http.port}/slack/events`;
    const blocks = renderMessage(REPLY).blocks;
    const button = blocks.find((b) => b.type === 'actions') as unknown as { elements: Record<string, unknown>[]; block_id: string };
    const ackCmd: number[] = [];
    const doneCmd: number[] = [];
    const ackClick: number[] = [];
    const doneClick: number[] = [];
    for (let i = 0; i < n; i++) {
      const id = `cmd${i}`;
      const t0 = performance.now();
      const res = await postSigned(
        url,
        slashCommand({ team: 'T1', user: 'U1', text: 'something tense', responseUrl: fake.responseUrl(id) }),
        { secret: SECRET },
      );
      ackCmd.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      await fake.waitFor(() => fake.responsesTo(id).length > 0, 10_000);
      doneCmd.push(performance.now() - t0);

      const cid = `click${i}`;
      const t1 = performance.now();
      await postSigned(
        url,
        asInteractive(
          blockActionsPayload({
            team: 'T1',
            user: `U${i}`,
            action: { ...button.elements[3], block_id: button.block_id },
            responseUrl: fake.responseUrl(cid),
            message: { ts: '1.1', blocks },
          }),
        ),
        { secret: SECRET },
      );
      ackClick.push(performance.now() - t1);
      await fake.waitFor(() => fake.responsesTo(cid).length >= 2, 10_000);
      doneClick.push(performance.now() - t1);
    }
    await http.stop();
    rows.push(
      ['HTTP: slash command', 'ack (HTTP 200)', ...summary(ackCmd)],
      ['HTTP: slash command', 'cards at response_url', ...summary(doneCmd)],
    );
    rows.push(
      ['HTTP: star click', 'ack (HTTP 200)', ...summary(ackClick)],
      ['HTTP: star click', 'card updated + note', ...summary(doneClick)],
    );

    const socket = await startSlack({
      bot,
      database,
      mode: 'socket',
      appToken: 'xapp-1-bench',
      botToken: 'xoxb-T1-bench',
      apiUrl: fake.apiUrl,
    });
    await fake.waitFor(() => fake.socketConnections > 0, 10_000);
    const ackSock: number[] = [];
    const doneSock: number[] = [];
    for (let i = 0; i < n; i++) {
      const id = `sock${i}`;
      const t0 = performance.now();
      await fake.sendEnvelope(
        'slash_commands',
        slashCommandFields({ team: 'T1', user: 'U1', text: 'something tense', responseUrl: fake.responseUrl(id) }),
      );
      ackSock.push(performance.now() - t0);
      await fake.waitFor(() => fake.responsesTo(id).length > 0, 10_000);
      doneSock.push(performance.now() - t0);
    }
    await socket.stop();
    rows.push(
      ['Socket Mode: slash command', 'ack (envelope)', ...summary(ackSock)],
      ['Socket Mode: slash command', 'cards at response_url', ...summary(doneSock)],
    );
  } finally {
    await fake.close();
    await database.close();
  }
  return {
    title: `Slack adapter latency against the fake Slack (${n} sequential requests each, ms)`,
    columns: ['request', 'until', 'p50', 'p95', 'max'],
    rows,
    notes: ['Slack requires the ack within 3000 ms; the answer may follow later.'],
  };
}

export async function run(): Promise<BenchTable[]> {
  return [renderTable(), await latencyTable()];
}
