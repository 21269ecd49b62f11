import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memorySettingsStore, repositorySettingsStore } from '../../../adapters/discord/settings.js';
import { SettingsRepository } from '../../../src/db/repositories/settings.js';
import { openTestDatabase, testEngines, type TestDatabase } from '../../helpers/db.js';

describe.each(testEngines())('settings on %s', (engine) => {
  let database: TestDatabase;
  let repo: SettingsRepository;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    repo = new SettingsRepository(database.db);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('merges keys per (platform, scope), removes undefined ones, and keeps platforms apart', async () => {
    expect(await repo.get('discord', 'g1')).toEqual({});
    expect(await repo.merge('discord', 'g1', { publicCards: false })).toEqual({ publicCards: false });
    expect(await repo.merge('discord', 'g1', { locale: 'fr' })).toEqual({ publicCards: false, locale: 'fr' });
    expect(await repo.merge('discord', 'g1', { locale: undefined, publicCards: true })).toEqual({ publicCards: true });
    await repo.merge('slack', 'g1', { publicCards: false });
    expect(await repo.get('discord', 'g1')).toEqual({ publicCards: true });
    expect(await repo.remove('slack', 'g1')).toBe(true);
    expect(await repo.get('slack', 'g1')).toEqual({});
  });

  it('concurrent changes of different keys both survive', async () => {
    await Promise.all([repo.merge('discord', 'g2', { a: 1 }), repo.merge('discord', 'g2', { b: 2 })]);
    expect(await repo.get('discord', 'g2')).toEqual({ a: 1, b: 2 });
  });

  it('the Discord store validates what it reads, defaulting to public cards', async () => {
    const store = repositorySettingsStore(repo, 0);
    expect(await store.get('g3')).toEqual({ publicCards: true });
    await repo.merge('discord', 'g3', { publicCards: 'garbage' });
    expect(await store.get('g3')).toEqual({ publicCards: true });
    expect(await store.set('g3', { publicCards: false })).toEqual({ publicCards: false });
    expect(await store.get('g3')).toEqual({ publicCards: false });
  });
});

describe('memory settings store', () => {
  it('defaults to public cards and remembers changes', async () => {
    const store = memorySettingsStore({ g: { publicCards: false } });
    expect(await store.get('g')).toEqual({ publicCards: false });
    expect(await store.get('other')).toEqual({ publicCards: true });
    expect(await store.set('other', { publicCards: false })).toEqual({ publicCards: false });
  });
});
