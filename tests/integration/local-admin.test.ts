/**
 * The CLI and a running bot on the embedded database: key options parse to an owner, the
 * bot's local admin socket creates keys, counts and parses, and a CLI that finds the database
 * held by a live process without a socket says so at once instead of waiting.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPlatform, parseCreateOptions } from '../../adapters/api/cli.js';
import { startLocalAdmin } from '../../adapters/api/local-admin.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { loadConfig } from '../../src/config.js';
import { DatabaseInUseError } from '../../src/db/client.js';
import { localAdmin, viaRunningServer } from '../../src/db/local-admin-client.js';
import { ApiKeysRepository } from '../../src/db/repositories/api-keys.js';
import { createRepositories } from '../../src/db/repositories/index.js';
import { silentLogger } from '../../src/util/logger.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { seedApiMovies } from '../helpers/api-fixtures.js';

describe('apikey create options', () => {
  it('gives a key that is not admin a namespace of its own unless told otherwise', () => {
    expect(parseCreateOptions({ name: 'My Site!', scopes: 'read,write' })).toEqual({
      ok: true,
      value: { name: 'My Site!', scopes: ['read', 'write'], owner: { platform: 'api:my-site' } },
    });
    expect(parseCreateOptions({ name: 'x', scopes: 'read', platform: 'api:shop' })).toMatchObject({
      ok: true,
      value: { owner: { platform: 'api:shop' } },
    });
    expect(parseCreateOptions({ name: 'x', scopes: 'read', users: '12,13' })).toMatchObject({
      ok: true,
      value: { owner: { userIds: [12, 13] } },
    });
    expect(parseCreateOptions({ name: 'ops', scopes: 'admin' })).toMatchObject({ ok: true, value: { owner: {} } });
    expect(defaultPlatform('42 Things')).toBe('api:things');
  });

  it('refuses what would reach too much or makes no sense, in one line', () => {
    for (const bad of [
      { name: 'x', scopes: 'read', platform: 'discord' },
      { name: 'x', scopes: 'read', platform: 'api:Shop' },
      { name: 'x', scopes: 'read', users: '0x10' },
      { name: 'x', scopes: 'admin', platform: 'api:x' },
      { name: 'x', scopes: 'root' },
    ]) {
      const r = parseCreateOptions(bad);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/^Invalid options: .+/);
    }
  });
});

describe('the local admin socket of a running bot', () => {
  let database: TestDatabase;
  let dir: string;
  let stop: () => Promise<void>;
  let socket: string;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    await seedApiMovies(database);
    dir = mkdtempSync(path.join(os.tmpdir(), 'reelmate-admin-'));
    socket = path.join(dir, 'pglite.admin.sock');
    const catalog = new Catalog(await createRepositories(database.db).movies.all());
    stop = await startLocalAdmin(socket, { database, catalog, logger: silentLogger });
  });
  afterAll(async () => {
    await stop?.();
    await database?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates and lists keys, counts, and parses with the running catalogue', async () => {
    const admin = localAdmin(socket);
    const { key, info } = await admin.createKey({ name: 'site', scopes: ['read', 'write'], owner: { platform: 'api:site' } });
    expect(key).toMatch(/^rm_[0-9a-f]{8}_/);
    expect(info).toMatchObject({ name: 'site', platform: 'api:site', scopes: ['read', 'write'] });
    expect(await new ApiKeysRepository(database.db).verify(key)).toMatchObject({ id: info.id });
    expect((await admin.listKeys()).map((k) => k.name)).toContain('site');
    expect(await admin.revokeKey(info.prefix)).toBe(true);
    expect((await admin.stats()).movies).toBeGreaterThan(0);
    const parsed = await admin.parse('something funny with a twist, no horror', false);
    expect(parsed.out.join('\n')).toMatch(/Looking for: .*comedy/i);
    expect(parsed.out.join('\n')).toMatch(/Catalogue: the running bot/);
  });

  it('without a socket, a CLI facing a held database says what to do at once', async () => {
    const data = mkdtempSync(path.join(os.tmpdir(), 'reelmate-held-'));
    try {
      // A live process (this one's parent) holds the lock.
      writeFileSync(path.join(data, 'pglite.lock'), String(process.ppid));
      const config = loadConfig({ REELMATE_DATA_DIR: data });
      let local = false;
      await expect(
        viaRunningServer(
          async () => 'remote',
          async () => ((local = true), 'local'),
          config,
        ),
      ).rejects.toThrow(DatabaseInUseError);
      expect(local).toBe(false);
      await expect(
        viaRunningServer(
          async () => 'remote',
          async () => 'local',
          config,
        ),
      ).rejects.toThrow(/once the bot is ready\); try again then, or stop it/);
      // Nobody holds it: the command opens the database itself.
      rmSync(path.join(data, 'pglite.lock'));
      expect(
        await viaRunningServer(
          async () => 'remote',
          async () => 'local',
          config,
        ),
      ).toBe('local');
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
