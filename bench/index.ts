/**
 * `npm run bench [-- name ...]`: speed and memory figures as tables. Not part of `npm test`:
 * the machines are shared and noisy, so compare ratios measured in one run.
 */
import os from 'node:os';
import { formatTable, type BenchTable } from './table.js';

type Bench = () => Promise<BenchTable[]>;

const benches: Record<string, () => Promise<{ run: Bench }>> = {
  discord: () => import('./discord.js'),
  'discord-http': () => import('./discord-http.js'),
  import: () => import('./import.js'),
  api: () => import('./api.js'),
  nlp: () => import('./nlp.js'),
  party: () => import('./party.js'),
  slack: () => import('./slack.js'),
  recommender: () => import('./recommender.js'),
  candidates: () => import('./candidates.js'),
  bot: () => import('./bot.js'),
  engine: () => import('./engine.js'),
  insights: () => import('./insights.js'),
  linalg: () => import('./linalg.js'),
  // Minutes long, with its own PostgreSQL server: only when named.
  faults: () => import('./faults.js'),
  // ml-32m's shape: 20-25 minutes and 4 GB at full size; only when named.
  scale32m: () => import('./scale32m.js'),
};
const ON_REQUEST = new Set(['faults', 'scale32m']);

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : Object.keys(benches).filter((n) => !ON_REQUEST.has(n));
console.log(`# Reelmate bench: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
for (const name of names) {
  const load = benches[name];
  if (!load) {
    console.error(`unknown bench "${name}"; known: ${Object.keys(benches).join(', ')}`);
    process.exitCode = 2;
    continue;
  }
  const { run } = await load();
  for (const table of await run()) console.log(formatTable(table));
}
