/**
 * The rig of the fault and load suite: a PostgreSQL server of its own, the fake Discord and
 * Slack, and the bot as a child process (`npm start` with DATABASE_URL and both platforms
 * pointed at the fakes), which the suite can kill and start again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeDiscord } from '../tests/helpers/fake-discord/index.js';
import { startFakeSlack, type FakeSlack } from '../tests/helpers/fake-slack/index.js';
import { freePort, PgServer } from '../tests/helpers/pg-server.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SLACK_SECRET = 'faults-signing-secret-0123456789';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Rig {
  child: ChildProcess | undefined;
  /** Exits nobody asked for, with the last lines the bot wrote. */
  readonly unplannedExits: { code: number | null; signal: string | null; tail: string[] }[] = [];
  deliberateKills = 0;
  private tail: string[] = [];
  private killing = false;

  private constructor(
    readonly pg: PgServer,
    readonly discord: FakeDiscord,
    readonly slack: FakeSlack,
    readonly slackPort: number,
  ) {}

  /** API and health checks: one port above Slack's HTTP receiver, as `npm start` does. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.slackPort + 1}`;
  }

  get slackEvents(): string {
    return `http://127.0.0.1:${this.slackPort}/slack/events`;
  }

  static async create(): Promise<Rig> {
    const pg = await PgServer.create();
    const discord = await FakeDiscord.start({ echoMessages: false });
    const slack = await startFakeSlack();
    let port = await freePort();
    // The API takes the next port; look for a pair that is free.
    for (let i = 0; i < 20 && !(await portFree(port + 1)); i++) port = await freePort();
    return new Rig(pg, discord, slack, port);
  }

  /** Start the bot and wait until /readyz says ready (the first start imports and trains). */
  async startBot(): Promise<void> {
    const env = {
      ...process.env,
      DATABASE_URL: `postgres://postgres@127.0.0.1:${this.pg.port}/postgres`,
      PORT: String(this.slackPort),
      HOST: '127.0.0.1',
      DISCORD_TOKEN: 'fake-token',
      DISCORD_API_URL: this.discord.apiUrl,
      SLACK_BOT_TOKEN: 'xoxb-T1-faults',
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_URL: this.slack.apiUrl,
      REELMATE_API_RATE_LIMIT: '1000000',
      REELMATE_PLAYGROUND: '',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    this.tail = [];
    child.stderr?.on('data', (d: Buffer) => {
      this.tail.push(...d.toString().split('\n').filter(Boolean));
      if (this.tail.length > 40) this.tail.splice(0, this.tail.length - 40);
    });
    child.once('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      if (this.killing) return;
      this.unplannedExits.push({ code, signal, tail: [...this.tail] });
      // Keep the run going: a crashed bot is started again, and the crash is reported.
      void this.startBot().catch(() => {});
    });
    await this.waitReady(child);
  }

  private async waitReady(child: ChildProcess): Promise<void> {
    for (let i = 0; i < 4 * 60 * 15; i++) {
      if (child.exitCode !== null) throw new Error(`the bot exited while starting:\n${this.tail.join('\n')}`);
      try {
        const res = await fetch(`${this.apiUrl}/readyz`, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await pause(250);
    }
    throw new Error('the bot did not become ready within 15 minutes');
  }

  /** kill -9 the bot and start it again; resolves when it is ready. */
  async killBot(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.killing = true;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    this.killing = false;
    this.deliberateKills++;
    await this.startBot();
  }

  /** Is the database up and the bot ready again? */
  async ready(): Promise<boolean> {
    try {
      return (await fetch(`${this.apiUrl}/readyz`, { signal: AbortSignal.timeout(3000) })).status === 200;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.killing = true;
    if (this.child) {
      const child = this.child;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, pause(15_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await this.slack.close();
    await this.discord.close();
    await this.pg.dispose();
  }
}

async function portFree(port: number): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}
