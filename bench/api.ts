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
  movieIds: number[];
  engine: string;
}

function send(agent: Agent, port: number, path: string, key: string, method = 'GET', body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'x-api-key': key };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const req = request({ host: '127.0.0.1', port, path, agent, method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const get = (agent: Agent, port: number, path: string, key: string) => send(agent, port, path, key);

/**
 * Which request a client sends next: the i-th request of a run, as a path; with `before`,
 * a rating the client writes first (not timed), so the answer must be scored afresh.
 */
type PathFor = ((i: number) => string) & { before?: (i: number) => { path: string; body: string } };

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
        const i = next++;
        const path = pathFor(i);
        const write = pathFor.before?.(i);
        if (write && (await send(agent, ready.port, write.path, ready.key, 'PUT', write.body)) !== 200) errors++;
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
  const repeat =
    (query: string): PathFor =>
    (i) =>
      `/v1/users/${user(i)}/recommendations?limit=10${query}`;
  // A request the server has never answered: limits 11-49 (repeats ask for 10), and each
  // (user, limit) pair is used once per run (fewer than 39 x 200 fresh requests in all).
  let fresh = 0;
  const uncached =
    (query: string): PathFor =>
    () => {
      const c = fresh++;
      return `/v1/users/${user(c)}/recommendations?limit=${11 + (Math.floor(c / users.length) % 39)}${query}`;
    };
  const mixed: PathFor = (i) => (i % 10 === 0 ? uncached('')(i) : repeat('')(i));
  // A user rates a film, then asks again: the history changed, so everything is scored afresh.
  const film = (i: number) => ready.movieIds[i % ready.movieIds.length]!;
  const afterRating = (query: string): PathFor =>
    Object.assign((i: number) => repeat(query)(i), {
      before: (i: number) => ({ path: `/v1/users/${user(i)}/ratings/${film(i)}`, body: JSON.stringify({ rating: 1 + (i % 9) / 2 }) }),
    });
  const kinds: [string, PathFor, boolean][] = [
    // answers cached per user state (the common case: apps ask again far more often than users rate)
    ['repeat users', repeat(''), true],
    ['repeat users, with q', repeat(Q), true],
    ['1 in 10 new', mixed, false],
    // a request never answered before for a user whose scores are kept: filters and picks only
    ['new request, scores kept', uncached(''), false],
    ['new request, scores kept, with q', uncached(Q), false],
    // the user has just rated something (a PUT before each request, not timed): scored afresh
    ['rated, then asked', afterRating(''), false],
    ['rated, then asked, with q', afterRating(Q), false],
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
    rows.push(['new request, 50 new connections at once', 50, 1500, cold.rps, cold.p50, cold.p99, cold.errors]);
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
        `${users.length} users; "repeat": answers cached per user state and model; "new request": a (user, limit) pair never asked before, the user's whole-catalogue scores kept from an earlier request; "rated, then asked": each client first rates a film for the user (PUT, not timed), so the answer is scored afresh (its req/s are GETs per second, the untimed PUTs included in the time)`,
        "load generator and server share the machine's 2 cores",
      ],
    },
  ];
}
