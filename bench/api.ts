/**
 * HTTP API throughput: GET /v1/users/{id}/recommendations at 1, 10 and 50 concurrent
 * clients against a server process on loopback (goal: p99 under 50 ms at 50 clients).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Agent, request } from 'node:http';
import { percentile, type BenchTable } from './table.js';

interface Ready {
  port: number;
  key: string;
  userIds: number[];
  engine: string;
}

function get(agent: Agent, port: number, path: string, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers: { 'x-api-key': key } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Which request a client sends next: the i-th request of a run, as a path. */
type PathFor = (i: number) => string;

async function load(ready: Ready, clients: number, total: number, pathFor: PathFor, warmConnections = true) {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  // Steady state, as a keep-alive client pool has it: every connection open before timing
  // starts. (Fifty connections opened at once against a saturated server leave a few of
  // them waiting a second or more for their first answer; that is measured separately.)
  if (warmConnections) await Promise.all(Array.from({ length: clients }, () => get(agent, ready.port, '/healthz', ready.key)));
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) {
        const path = pathFor(next++);
        const t = performance.now();
        const status = await get(agent, ready.port, path, ready.key);
        latencies.push(performance.now() - t);
        if (status !== 200) errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { rps: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

const Q = `&q=${encodeURIComponent('something funny from the 90s, under 2 hours, no horror')}`;

export async function run(): Promise<BenchTable[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/api-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<Ready>((resolve, reject) => {
    lines.once('line', (l) => resolve(JSON.parse(l) as Ready));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const users = ready.userIds;
  const user = (i: number) => users[i % users.length]!;
  const repeat = (query: string): PathFor => (i) => `/v1/users/${user(i)}/recommendations?limit=10${query}`;
  // A request the server has never answered: limits 11-49 (repeats ask for 10), and each
  // (user, limit) pair is used once per run (fewer than 39 x 200 fresh requests in all).
  let fresh = 0;
  const uncached = (query: string): PathFor => () => {
    const c = fresh++;
    return `/v1/users/${user(c)}/recommendations?limit=${11 + (Math.floor(c / users.length) % 39)}${query}`;
  };
  const mixed: PathFor = (i) => (i % 10 === 0 ? uncached('')(i) : repeat('')(i));
  const kinds: [string, PathFor, boolean][] = [
    // answers cached per user state (the common case: apps ask again far more often than users rate)
    ['repeat users', repeat(''), true],
    ['repeat users, with q', repeat(Q), true],
    ['1 in 10 new', mixed, false],
    // every answer computed afresh (the users' ratings are already in memory, as for anyone
    // who used the bot lately; a first visit also reads them: one indexed query)
    ['always new', uncached(''), false],
    ['always new, with q', uncached(Q), false],
  ];
  const rows: (string | number)[][] = [];
  try {
    await load(ready, 4, 200, repeat('')); // warm-up: JIT
    for (const [label, pathFor, warm] of kinds) {
      if (warm) await load(ready, 4, users.length, pathFor); // every repeat user answered once
      for (const clients of [1, 10, 50]) {
        const total = clients === 1 ? 300 : 1500;
        const r = await load(ready, clients, total, pathFor);
        rows.push([label, clients, total, r.rps, r.p50, r.p99, r.errors]);
      }
    }
    const cold = await load(ready, 50, 1500, uncached(''), false);
    rows.push(['always new, 50 new connections at once', 50, 1500, cold.rps, cold.p50, cold.p99, cold.errors]);
  } finally {
    child.kill('SIGTERM');
  }
  return [
    {
      title: `HTTP API: GET /v1/users/{id}/recommendations (${ready.engine}, server in its own process)`,
      columns: ['requests for', 'clients', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'errors'],
      rows,
      notes: [
        'goal: p99 under 50 ms at 50 clients',
        `${users.length} users; "repeat": answers cached per user state and model; "new": a (user, limit) pair never asked before, scored afresh (the user's ratings already in memory)`,
        "load generator and server share the machine's 2 cores",
      ],
    },
  ];
}
