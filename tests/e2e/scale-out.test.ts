/**
 * Scaling out, with real processes on a fresh PostgreSQL database (created and dropped here):
 * two `reelmate serve` and one `reelmate worker` (a second worker joins for the timers). What
 * one serve process stores, the other answers with; a model the worker trains is announced and
 * served by both; a due watch party is closed once; a worker killed mid-training leaves the
 * old model serving and its job is retried. Every wait is on a log line, an HTTP answer or a
 * row: nothing waits for a fixed time. Skipped without REELMATE_TEST_PG_URL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeysRepository } from '../../src/db/repositories/api-keys.js';
import { createRepositories } from '../../src/db/repositories/index.js';
import { PartiesRepository } from '../../src/db/repositories/parties.js';
import { serverAdminUrl, type TestDatabase } from '../helpers/db.js';
import { RoleProcess, type LogLine } from '../helpers/role-process.js';
import { openSeededTestDatabase, SEEDED_SETUP_TIMEOUT_MS } from '../helpers/seeded.js';

/** Loaded CI machines: starting a process and loading a model can take minutes. */
const LONG = 10 * 60_000;

describe.skipIf(!serverAdminUrl())('serve and worker processes on one PostgreSQL server', () => {
  let database: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;
  let key: string;
  const procs: RoleProcess[] = [];
  let s1: RoleProcess;
  let s2: RoleProcess;
  let w1: RoleProcess;
  let w2: RoleProcess | undefined;
  let url1: string;
  let url2: string;

  const start = (name: string, ...args: string[]) => {
    const p = new RoleProcess(name, args, env);
    procs.push(p);
    return p;
  };
  const api = async (base: string, method: string, p: string, body?: unknown) => {
    const res = await fetch(`${base}${p}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const modelVersion = async (base: string) => (await api(base, 'GET', '/v1/model')).body.version as number | null;
  const isServing = (version: number) => (l: LogLine) => l.msg === 'serving the new model version' && l.version === version;

  beforeAll(async () => {
    database = await openSeededTestDatabase('postgres');
    key = (await new ApiKeysRepository(database.db).create('scale-out', ['read', 'write'], { platform: 'api:scale' })).key;
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'reelmate-scale-'));
    env = {
      DATABASE_URL: database.url!,
      PORT: '0',
      HOST: '127.0.0.1',
      REELMATE_DATA_DIR: dataDir,
      REELMATE_PARTY_CHECK_SECONDS: '2',
      // No platform adapters here: only the API and the jobs.
      DISCORD_TOKEN: '',
      DISCORD_PUBLIC_KEY: '',
      SLACK_BOT_TOKEN: '',
      SLACK_CLIENT_ID: '',
    };
    w1 = start('worker 1', 'worker');
    s1 = start('serve 1', 'serve');
    s2 = start('serve 2', 'serve');
    [url1, url2] = await Promise.all([s1.url(LONG), s2.url(LONG)]);
    await w1.waitFor((l) => /^worker ready/.test(String(l.msg)), LONG, 'the worker');
    // A seeded database may come with a model; otherwise the worker trains the first one.
    const hasModel = (l: LogLine) => (l.msg === 'model ready' && l.version !== null) || l.msg === 'serving the new model version';
    await Promise.all([s1.waitFor(hasModel, LONG, 'a model'), s2.waitFor(hasModel, LONG, 'a model')]);
  }, SEEDED_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await database?.dispose();
  }, 120_000);

  it(
    "a rating stored through one serve process is in the other one's next answer",
    async () => {
      const created = await api(url1, 'POST', '/v1/users', { platform: 'api:scale', externalId: 'ana' });
      expect(created.status).toBe(201);
      const userId = created.body.id as number;
      for (const [movieId, rating] of [
        [1, 5],
        [260, 4.5],
        [1196, 4.5],
        [2571, 4],
        [318, 5],
      ] as const) {
        expect((await api(url1, 'PUT', `/v1/users/${userId}/ratings/${movieId}`, { rating })).status).toBe(200);
      }
      const before = await api(url2, 'GET', `/v1/users/${userId}/recommendations?limit=10`);
      expect(before.status).toBe(200);
      const top = (before.body.items as { movie: { id: number } }[])[0]!.movie.id;

      expect((await api(url1, 'PUT', `/v1/users/${userId}/ratings/${top}`, { rating: 1 })).status).toBe(200);
      const after = await api(url2, 'GET', `/v1/users/${userId}/recommendations?limit=10`);
      expect((after.body.items as { movie: { id: number } }[]).map((i) => i.movie.id)).not.toContain(top);
      const ratings = await api(url2, 'GET', `/v1/users/${userId}/ratings`);
      expect(ratings.body.items).toContainEqual(expect.objectContaining({ movieId: top, rating: 1 }));
    },
    LONG,
  );

  it(
    'a model the worker trains is announced and served by both serve processes',
    async () => {
      const v0 = (await modelVersion(url1))!;
      const from = [w1.lines.length, s1.lines.length, s2.lines.length] as const;
      const cli = start('jobs train', 'jobs', 'train');
      await new Promise<void>((resolve) => cli.child.once('exit', () => resolve()));
      expect(cli.exited?.code).toBe(0);
      const published = await w1.waitFor((l) => l.msg === 'training job published a model', LONG, 'a published model', from[0]);
      const v1 = published.version as number;
      expect(v1).toBeGreaterThan(v0);
      await Promise.all([
        s1.waitFor(isServing(v1), LONG, `model v${v1}`, from[1]),
        s2.waitFor(isServing(v1), LONG, `model v${v1}`, from[2]),
      ]);
      expect([await modelVersion(url1), await modelVersion(url2)]).toEqual([v1, v1]);
    },
    LONG,
  );

  it(
    'a watch party whose time is up is closed exactly once, with two workers',
    async () => {
      w2 = start('worker 2', 'worker');
      await w2.waitFor((l) => /^worker ready/.test(String(l.msg)), LONG, 'the second worker');
      const repos = { ...createRepositories(database.db), parties: new PartiesRepository(database.db) };
      const host = await repos.users.ensure({ platform: 'discord', externalId: 'host-1' });
      const channel = `scale-out-${Date.now()}`;
      const created = await repos.parties.create({
        platform: 'discord',
        channelKey: channel,
        hostUserId: host.id,
        ttlMs: 1000,
        now: new Date(Date.now() - 60_000),
      });
      expect(created.kind).toBe('created');
      const partyId = created.party.id;

      await expect.poll(async () => (await repos.parties.byId(partyId))?.status, { timeout: LONG, interval: 250 }).toBe('expired');
      const closedAt = (await repos.parties.byId(partyId))!.closedAt;
      // Sync point: two more "close due parties" jobs have run since (each by one worker or the other).
      const ticks = async () =>
        Number(
          (
            await database.rows<{ n: string }>(
              sql`SELECT count(*) AS n FROM pgboss.job WHERE name = 'reelmate-close-due-parties' AND state = 'completed' AND completed_on > ${closedAt!.toISOString()}::timestamptz`,
            )
          )[0]!.n,
        );
      await expect.poll(ticks, { timeout: LONG, interval: 250 }).toBeGreaterThanOrEqual(2);
      const announced = await database.rows<{ n: string }>(
        sql`SELECT count(*) AS n FROM pgboss.job WHERE name = 'reelmate-announce-discord' AND data->>'channelId' = ${channel}`,
      );
      expect(Number(announced[0]!.n)).toBe(1);
      expect((await repos.parties.byId(partyId))!.closedAt).toEqual(closedAt);
      const closers = [w1, w2].flatMap((w) => w.lines.filter((l) => l.msg === 'closed watch parties whose time was up'));
      expect(closers.map((l) => l.closed)).toEqual([1]);
    },
    LONG,
  );

  it(
    'a worker killed mid-training leaves the old model serving, and another worker retries the job',
    async () => {
      const workers = [w1, w2!];
      const v1 = (await modelVersion(url1))!;
      const from = workers.map((w) => w.lines.length);
      const fromServe = [s1.lines.length, s2.lines.length];
      const cli = start('jobs train', 'jobs', 'train');
      await new Promise<void>((resolve) => cli.child.once('exit', () => resolve()));
      const started = (i: number) =>
        workers[i]!.waitFor((l) => l.msg === 'training job started', LONG, 'a training', from[i]).then((l) => ({
          i,
          job: l.job as string,
        }));
      const { i: victimIndex, job } = await Promise.race([started(0), started(1)]);
      const victim = workers[victimIndex]!;
      const survivor = workers[1 - victimIndex]!;
      await victim.kill('SIGKILL');
      expect(victim.lines.slice(from[victimIndex]).some((l) => l.msg === 'training job published a model')).toBe(false);

      // The old model keeps serving on both.
      for (const base of [url1, url2]) {
        expect(await modelVersion(base)).toBe(v1);
        const recs = await api(base, 'GET', '/v1/movies/1/similar?limit=5');
        expect(recs.status).toBe(200);
      }
      // The survivor notices the dead worker's released lock, fails the job, and pg-boss retries it.
      await survivor.waitFor((l) => l.msg === 'training job started' && l.job === job, LONG, 'the retried training', from[1 - victimIndex]);
      const published = await survivor.waitFor(
        (l) => l.msg === 'training job published a model' && l.job === job,
        LONG,
        'the retried model',
        from[1 - victimIndex],
      );
      const v2 = published.version as number;
      expect(v2).toBeGreaterThan(v1);
      await Promise.all([
        s1.waitFor(isServing(v2), LONG, `model v${v2}`, fromServe[0]),
        s2.waitFor(isServing(v2), LONG, `model v${v2}`, fromServe[1]),
      ]);
      const [row] = await database.rows<{ retry_count: number; state: string }>(
        sql`SELECT retry_count, state::text AS state FROM pgboss.job WHERE id = ${job}::uuid`,
      );
      expect(row).toMatchObject({ state: 'completed' });
      expect(row!.retry_count).toBeGreaterThanOrEqual(1);
    },
    LONG,
  );
});
