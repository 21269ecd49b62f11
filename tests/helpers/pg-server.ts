/**
 * A PostgreSQL server of a test's own: initdb into a temporary directory, a free port on
 * 127.0.0.1, started and stopped with pg_ctl. Tests that restart or kill a database use this,
 * never the shared server. As root (initdb refuses root) the server runs as the `postgres`
 * user when there is one.
 */
import { execFileSync, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export type StopMode = 'smart' | 'fast' | 'immediate';

function which(bin: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}

/** Why no server can be started here, or undefined when initdb and pg_ctl are on PATH. */
export function pgServerUnavailable(): string | undefined {
  for (const bin of ['initdb', 'pg_ctl']) if (!which(bin)) return `${bin} is not on PATH (install the PostgreSQL server binaries)`;
  if (process.getuid?.() === 0 && owner() === undefined) return 'running as root and there is no `postgres` user to run the server as';
  return undefined;
}

function owner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class PgServer {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly as: { uid: number; gid: number } | undefined,
  ) {}

  /** postgres:// URL of the `postgres` database (trust auth, user postgres). */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async create(): Promise<PgServer> {
    const why = pgServerUnavailable();
    if (why) throw new Error(why);
    const root = mkdtempSync(path.join(os.tmpdir(), 'reelmate-pg-'));
    const as = owner();
    if (as) chownSync(root, as.uid, as.gid);
    const server = new PgServer(path.join(root, 'data'), await freePort(), as);
    server.run('initdb', ['-D', server.dir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    await server.start();
    return server;
  }

  private run(bin: string, args: string[], opts: SpawnSyncOptions = {}): { status: number | null; out: string } {
    const r = spawnSync(bin, args, {
      encoding: 'utf8',
      ...(this.as ? { uid: this.as.uid, gid: this.as.gid } : {}),
      cwd: path.dirname(this.dir),
      ...opts,
    });
    const out = `${String(r.stdout ?? '')}${String(r.stderr ?? '')}`;
    if (bin === 'initdb' && r.status !== 0) throw new Error(`initdb failed: ${out}`);
    return { status: r.status, out };
  }

  /** Start and wait until it accepts connections; after a crash, retries until the old backends are gone. */
  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${path.dirname(this.dir)} -c fsync=off -c synchronous_commit=on -c max_connections=200`;
    let last = '';
    for (let attempt = 0; attempt < 40; attempt++) {
      const r = this.run('pg_ctl', [
        'start',
        '-w',
        '-t',
        '60',
        '-D',
        this.dir,
        '-l',
        path.join(path.dirname(this.dir), 'server.log'),
        '-o',
        options,
      ]);
      if (r.status === 0) return;
      last = r.out;
      // A killed postmaster's children take a moment to notice and exit.
      await pause(250);
    }
    throw new Error(`pg_ctl start failed: ${last}\n${this.log().slice(-2000)}`);
  }

  /** Stop (smart, fast or immediate) and wait until it is down. */
  stop(mode: StopMode = 'fast'): void {
    const r = this.run('pg_ctl', ['stop', '-w', '-t', '60', '-m', mode, '-D', this.dir]);
    if (r.status !== 0 && this.postmasterPid() !== undefined) throw new Error(`pg_ctl stop failed: ${r.out}`);
  }

  async restart(mode: StopMode): Promise<void> {
    this.stop(mode);
    await this.start();
  }

  postmasterPid(): number | undefined {
    const file = path.join(this.dir, 'postmaster.pid');
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    try {
      process.kill(pid, 0);
      return pid;
    } catch {
      return undefined;
    }
  }

  /** kill -9 the postmaster and wait until it is gone (its backends follow by themselves). */
  async killPostmaster(): Promise<void> {
    const pid = this.postmasterPid();
    if (pid === undefined) return;
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 400 && this.postmasterPid() === pid; i++) await pause(25);
  }

  log(): string {
    const file = path.join(path.dirname(this.dir), 'server.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  async dispose(): Promise<void> {
    try {
      this.stop('immediate');
    } catch {
      await this.killPostmaster();
    }
    rmSync(path.dirname(this.dir), { recursive: true, force: true });
  }
}
