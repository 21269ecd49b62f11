/**
 * The bot core end to end on ml-latest-small (PGlite, real recommender and parser): how long
 * each kind of message and card click takes, and the pure pieces (payload codec, playground
 * rendering) per operation. Adapters must answer within 3 s; these are the core's share.
 */
import { performance } from 'node:perf_hooks';
import { buildPlaygroundApp } from '../adapters/playground/index.js';
import { renderReply } from '../adapters/playground/render.js';
import { ActionCodec } from '../src/features/index.js';
import type { Reply } from '../src/core/types.js';
import { openSeededTestDatabase } from '../tests/helpers/seeded.js';
import { buildBot, say } from '../tests/integration/bot-harness.js';
import { percentile, type BenchTable } from './table.js';

async function timed(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  await fn(-1); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  return samples.sort((a, b) => a - b);
}

function perOpMicros(n: number, fn: (i: number) => unknown): number {
  for (let i = 0; i < Math.min(n, 1000); i++) fn(i);
  const t = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  return ((performance.now() - t) * 1000) / n;
}

export async function run(): Promise<BenchTable[]> {
  const started = performance.now();
  const database = await openSeededTestDatabase('pglite');
  const fx = await buildBot(database);
  const setupSeconds = (performance.now() - started) / 1000;
  const { bot } = fx;
  const N = 30;
  const rows: (string | number)[][] = [];
  const add = (label: string, s: number[]) => rows.push([label, s.length, percentile(s, 50), percentile(s, 95), s[s.length - 1]!]);

  add('help', await timed(N, () => say(bot, 'bench', 'c', 'help')));
  add('recommend (free text)', await timed(N, (i) => say(bot, `rec${i}`, 'c', 'something funny from the 90s under 2 hours')));
  add('recommend, rated user', await timed(N, () => say(bot, 'bench', 'c', 'recommend')));
  add('more', await timed(N, () => say(bot, 'bench', 'c', 'more')));
  add('search (typo)', await timed(N, () => say(bot, 'bench', 'c', 'search godfater')));
  add('rate command', await timed(N, (i) => say(bot, 'bench', 'c', `rate toy story ${(i % 9) / 2 + 1}`)));
  add('similar', await timed(N, () => say(bot, 'bench', 'c', 'similar alien 1979')));
  add('profile', await timed(N, () => say(bot, 'bench', 'c', 'profile')));
  const recs = await say(bot, 'clicker', 'c', 'recommend');
  const ids = (recs.cards ?? []).flatMap((c) => (c.movie ? [c.movie.movieId] : []));
  add(
    'card click: rate (+ updated card)',
    await timed(N, (i) =>
      bot.onAction({
        actor: { platform: 'playground', externalId: 'clicker' },
        channelId: 'c',
        payload: bot.codec.encode({ kind: 'rate', movieId: ids[Math.abs(i) % ids.length]!, stars: ((Math.abs(i) % 9) + 1) / 2 }),
      }),
    ),
  );
  const app = buildPlaygroundApp({ bot });
  add(
    'playground POST /api/message (recommend)',
    await timed(N, async () =>
      app.request('/api/message', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: 'web', channel: 'c', text: 'recommend a thriller' }),
      }),
    ),
  );

  const codec = new ActionCodec('bench secret for the core codec');
  const payload = codec.encode({ kind: 'rate', movieId: 2571, stars: 4.5 });
  const reply: Reply = await say(bot, 'bench', 'c', 'recommend');
  const micro: (string | number)[][] = [
    ['codec encode (rate)', perOpMicros(20_000, (i) => codec.encode({ kind: 'rate', movieId: 1 + (i % 1000), stars: 4 }))],
    ['codec decode + verify (rate)', perOpMicros(20_000, () => codec.decode(payload))],
    ['playground renderReply (5 cards)', perOpMicros(5_000, () => renderReply(reply, { user: 'bench' }))],
  ];

  await fx.engine.close();
  await database.dispose();
  return [
    {
      title: 'Bot core: message and click latency (ms), ml-latest-small on PGlite',
      columns: ['request', 'n', 'p50', 'p95', 'max'],
      rows,
      notes: [
        `setup (seeded database clone + model) ${setupSeconds.toFixed(1)} s`,
        'one process; PGlite runs on the main thread, so these include all database time',
      ],
    },
    { title: 'Bot core: pure pieces (µs per operation)', columns: ['operation', 'µs/op'], rows: micro },
  ];
}
