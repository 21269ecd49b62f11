/**
 * A real `reelmate <role>` process for the scale-out test: its JSON log lines (stderr) are
 * parsed and kept, and the test waits for a line that matches, never for a length of time.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

export type LogLine = Record<string, unknown> & { msg?: string };

export class RoleProcess {
  readonly lines: LogLine[] = [];
  readonly child: ChildProcessWithoutNullStreams;
  private readonly waiters = new Set<() => void>();
  exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  constructor(
    readonly name: string,
    args: string[],
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'app/cli.ts', ...args], {
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    createInterface({ input: this.child.stderr }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      try {
        this.lines.push(JSON.parse(line) as LogLine);
      } catch {
        return;
      }
      this.poke();
    });
    this.child.stdout.resume();
    this.child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      this.poke();
    });
  }

  private poke(): void {
    for (const w of [...this.waiters]) w();
  }

  /** The first log line (from `from` on) that matches, once it is there. */
  waitFor(match: (l: LogLine) => boolean, timeoutMs: number, what: string, from = 0): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.lines.slice(from).find(match);
        if (hit) {
          done();
          resolve(hit);
        } else if (this.exited) {
          done();
          reject(new Error(`${this.name} exited (${JSON.stringify(this.exited)}) before ${what}; last lines:\n${this.tail()}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.name}: timed out waiting for ${what}; last lines:\n${this.tail()}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  tail(n = 15): string {
    return this.lines
      .slice(-n)
      .map((l) => JSON.stringify(l).slice(0, 300))
      .join('\n');
  }

  /** The HTTP server's address, once it listens. */
  async url(timeoutMs: number): Promise<string> {
    const line = await this.waitFor((l) => typeof l.url === 'string' && /API ready/.test(String(l.msg)), timeoutMs, 'the HTTP server');
    return String(line.url);
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill(signal);
    });
  }

  /** SIGTERM (a clean stop), then SIGKILL if it takes too long. */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
}
