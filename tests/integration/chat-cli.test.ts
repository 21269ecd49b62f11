/**
 * `reelmate chat` and `reelmate parse --json` (batch) as a user runs them: spawned processes
 * on a copy of the seeded database (a PGlite data directory, or a server database through
 * DATABASE_URL), messages on standard input, one line of output per message.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ChatTurn } from '../../src/core/chat.js';
import { openServerDatabase, testEngines, type TestDatabase } from '../helpers/db.js';

// Each test starts the CLI as a child process (tsx compiles it first): on a loaded CI machine
// that alone can take most of a minute, so these tests get more than the default.
const CHILD_TIMEOUT_MS = 240_000;

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Run the CLI with `lines` on standard input; resolves with what it printed once it exits. */
function run(
  args: string[],
  lines: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'app/cli.ts', ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  });
}

const titleOnly = (title: string) => title.replace(/ \(\d{4}\)$/, '');

describe.skipIf(!process.env.MOVIELENS_DIR).each(testEngines())('reelmate chat and parse on %s (seeded)', (engine) => {
  let scratch: string;
  let env: Record<string, string>;
  let server: TestDatabase | undefined;

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'reelmate-chat-'));
    if (engine === 'pglite') {
      const dump = inject('seededDump');
      if (!dump) throw new Error('the seeded dump was not built');
      // the data directory npm start would use, holding the seeded and trained database
      mkdirSync(path.join(scratch, 'data'), { recursive: true });
      const pg = await PGlite.create(path.join(scratch, 'data', 'pglite'), { loadDataDir: new Blob([readFileSync(dump)]) });
      await pg.close();
      env = { REELMATE_DATA_DIR: path.join(scratch, 'data'), DATABASE_URL: '' };
    } else {
      const template = inject('seededPgTemplate');
      if (!template) throw new Error('the seeded template was not built');
      server = await openServerDatabase(template);
      env = { DATABASE_URL: server.url!, REELMATE_DATA_DIR: path.join(scratch, 'data') };
    }
  }, 300_000);
  afterAll(async () => {
    await server?.dispose();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it(
    'chat --json prints one object per message: refinements keep the request, references point at the list',
    async () => {
      const { code, stdout, stderr } = await run(
        ['chat', '--user', 'Ana', '--channel', 'couch', '--json'],
        // more messages than the per-user limit lets through at once on the chat platforms: a script is not a flood
        [
          'something scary from the 80s',
          'no gore tho',
          '',
          'why the second one?',
          'rate the first one 4',
          ...Array<string>(20).fill('more'),
        ],
        env,
      );
      expect(code, stderr).toBe(0);
      const turns = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as ChatTurn);
      expect(turns.map((t) => t.intent)).toEqual(['recommend', 'recommend', 'why', 'rate', ...Array<string>(20).fill('more')]);
      expect(turns.filter((t) => /a lot at once/.test(t.text))).toEqual([]);
      const [first, second, why, rate] = turns as [ChatTurn, ChatTurn, ChatTurn, ChatTurn];
      expect(first.request).toMatchObject({ genres: { include: ['Horror'], exclude: [] }, years: { from: 1980, to: 1989 } });
      expect(first.movies.length).toBeGreaterThanOrEqual(3);
      expect(first.movies[0]).toEqual({ movieId: expect.any(Number), title: expect.stringMatching(/\(19[89]\d\)$/) });
      expect(second.request).toMatchObject({ genres: { include: ['Horror'] }, years: { from: 1980, to: 1989 }, excludeMoods: ['gory'] });
      expect(second.text).toMatch(/^Now: horror · 1980-1989 · not gory/);
      expect(why.request).toBeNull();
      expect(why.text).toContain(titleOnly(second.movies[1]!.title));
      expect(rate.text).toContain(`You rated ${second.movies[0]!.title} 4★`);
    },
    CHILD_TIMEOUT_MS,
  );

  it(
    'chat without --json is a conversation in plain text, with the cards of a list numbered',
    async () => {
      const { code, stdout, stderr } = await run(
        ['chat', '--user', 'Ben', '--channel', 'couch'],
        ['a comedy from the 90s', 'only 2 pls', 'quit', 'never read'],
        env,
      );
      expect(code, stderr).toBe(0);
      expect(stdout).toContain('Reelmate chat as Ben in #couch');
      expect(stdout).toContain('Looking for: comedy · 1990-1999');
      expect(stdout).toContain('Now: comedy · 1990-1999 · 2 picks');
      expect(stdout).toMatch(/\n1\. .+\(199\d\)/);
      expect(stdout).toMatch(/\n2\. .+\(199\d\)/);
      // "quit" ends the chat: the line after it is never sent
      expect(stdout.split('Now: comedy')).toHaveLength(2);
    },
    CHILD_TIMEOUT_MS,
  );

  it(
    'parse --json with no text reads one request per line and prints one JSON line per request',
    async () => {
      const { code, stdout, stderr } = await run(
        ['parse', '--json'],
        ['funny 90s movie with tom hanks', '', 'no horror, under 2 hours'],
        env,
      );
      expect(code, stderr).toBe(0);
      const lines = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatchObject({ genres: { include: ['Comedy'] }, years: { from: 1990, to: 1999 }, people: [{ name: 'Tom Hanks' }] });
      expect(lines[1]).toMatchObject({ genres: { exclude: ['Horror'] }, runtime: { max: 120 } });
    },
    CHILD_TIMEOUT_MS,
  );
});
