/**
 * Discord over HTTP (the Interactions Endpoint): signature check alone, and a signed request's
 * round trip to the endpoint's response (Discord's acknowledgement, due within 3000 ms) and to
 * the answer delivered through the fake Discord's webhook. Instant core, so the figures are
 * the adapter's own share.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sign } from 'node:crypto';
import { Hono } from 'hono';
import { INTERACTIONS_PATH, mountDiscordInteractions } from '../adapters/discord/http/index.js';
import { discordPublicKey, verifyDiscordSignature } from '../adapters/discord/http/verify.js';
import { startPlayground } from '../adapters/playground/index.js';
import { ScriptedBot, ana, codec } from '../tests/helpers/fake-discord/scripted-bot.js';
import { ed25519KeyPair, InteractionsPoster } from '../tests/helpers/fake-discord/http-interactions.js';
import { FakeDiscord } from '../tests/helpers/fake-discord/index.js';
import { percentile, type BenchTable } from './table.js';

function verifyRow(): (string | number)[] {
  const { privateKey, publicKeyHex } = ed25519KeyPair();
  const key = discordPublicKey(publicKeyHex);
  const body = JSON.stringify({
    id: '1',
    type: 2,
    token: 'x'.repeat(200),
    data: { name: 'recommend', options: [{ name: 'query', type: 3, value: 'something scary' }] },
  });
  const ts = '1700000000';
  const sig = sign(null, Buffer.from(ts + body), privateKey).toString('hex');
  const n = 5000;
  for (let i = 0; i < 200; i++) verifyDiscordSignature(key, sig, ts, body);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) verifyDiscordSignature(key, sig, ts, body);
  return ['Ed25519 signature check (node:crypto), µs each', n, ((performance.now() - t0) * 1000) / n, '', ''];
}

export async function run(): Promise<BenchTable[]> {
  const fake = await FakeDiscord.start({ echoMessages: false });
  const poster = new InteractionsPoster(fake, '');
  const app = new Hono();
  const bot = new ScriptedBot();
  const endpoint = mountDiscordInteractions(app, { publicKey: poster.publicKeyHex, bot, apiUrl: fake.apiUrl });
  const server = await startPlayground(app, { port: 0, host: '127.0.0.1' });
  poster.endpoint = `${server.url}${INTERACTIONS_PATH}`;
  const rounds = 200;
  const sample = async (send: () => Promise<{ id?: string | undefined }>, answered: (id: string) => boolean) => {
    const ack: number[] = [];
    const done: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      const { id } = await send();
      ack.push(performance.now() - t0);
      await fake.waitFor(() => answered(id!), 10_000, 'the answer');
      done.push(performance.now() - t0);
    }
    return [ack.sort((a, b) => a - b), done.sort((a, b) => a - b)] as const;
  };
  try {
    const [cmdAck, cmdDone] = await sample(
      () => poster.command(ana, 'recommend', [{ name: 'query', type: 3, value: 'something scary' }]),
      (id) => fake.messagesFor(id).length >= 3,
    );
    const first = await poster.command(ana, 'recommend', [{ name: 'query', type: 3, value: 'x' }]);
    const card = await fake.waitFor(() => fake.messagesFor(first.id!)[0], 10_000, 'a card');
    const [clickAck, clickDone] = await sample(
      () => poster.click(ana, card.id, codec.encode({ kind: 'rate', movieId: 6, stars: 4 })),
      (id) => fake.callsFor(id).length >= 3,
    );
    const row = (what: string, ack: readonly number[], done: readonly number[]) => [
      what,
      ack.length,
      percentile([...ack], 50),
      percentile([...ack], 99),
      `${percentile([...done], 50).toFixed(1)} / ${percentile([...done], 99).toFixed(1)}`,
    ];
    const [l1, l5, l15] = os.loadavg().map((x) => x.toFixed(1));
    return [
      {
        title: 'Discord over HTTP: Interactions Endpoint (fake Discord on 127.0.0.1)',
        columns: ['what', 'n', 'response p50 ms', 'response p99 ms', 'answer delivered p50 / p99 ms'],
        rows: [
          verifyRow(),
          row('/recommend: signed POST -> deferral, then 3 card messages via the webhook', cmdAck, cmdDone),
          row('button click: signed POST -> deferred update, then card edit + private note', clickAck, clickDone),
        ],
        notes: [
          `Load average ${l1} / ${l5} / ${l15} (1 / 5 / 15 min). The response is Discord's acknowledgement (3000 ms allowed); the sender and the endpoint share this process.`,
        ],
      },
    ];
  } finally {
    await endpoint.drain();
    await server.close();
    await fake.close();
  }
}
