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

async function load(ready: Ready, clients: number, total: number, query: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) {
        const i = next++;
        const user = ready.userIds[i % ready.userIds.length]!;
        const t = performance.now();
        const status = await get(agent, ready.port, `/v1/users/${user}/recommendations?limit=10${query}`, ready.key);
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

export async function run(): Promise<BenchTable[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/api-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<Ready>((resolve, reject) => {
    lines.once('line', (l) => resolve(JSON.parse(l) as Ready));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const rows: (string | number)[][] = [];
  try {
    await load(ready, 4, 200, ''); // warm-up: JIT, caches
    for (const [label, query] of [
      ['plain', ''],
      ['with q', `&q=${encodeURIComponent('something funny from the 90s, under 2 hours, no horror')}`],
    ] as const) {
      for (const clients of [1, 10, 50]) {
        const total = clients === 1 ? 300 : 1500;
        const r = await load(ready, clients, total, query);
        rows.push([label, clients, total, r.rps, r.p50, r.p99, r.errors]);
      }
    }
  } finally {
    child.kill('SIGTERM');
  }
  return [
    {
      title: `HTTP API: GET /v1/users/{id}/recommendations (${ready.engine}, server in its own process)`,
      columns: ['request', 'clients', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'errors'],
      rows,
      notes: ['goal: p99 under 50 ms at 50 clients', 'load generator and server share the machine\'s 2 cores'],
    },
  ];
}
