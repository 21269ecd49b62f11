import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Conversation, QUEUE_WAIT_MS } from '../../../src/core/conversation.js';
import { ConversationsRepository } from '../../../src/db/repositories/conversations.js';
import { SecretsRepository } from '../../../src/db/repositories/secrets.js';
import { createRepositories } from '../../../src/db/repositories/index.js';
import { openTestDatabase, testEngines, type TestDatabase } from '../../helpers/db.js';

describe.each(testEngines())('conversation state on %s', (engine) => {
  let database: TestDatabase;
  let repo: ConversationsRepository;
  const key = { platform: 'playground', userKey: '1', channelKey: 'general' };
  const t0 = new Date('2026-01-01T12:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    repo = new ConversationsRepository(database.db);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('stores per (platform, user, channel) and expires', async () => {
    await repo.set(key, { last: { command: 'search', text: 'alien', shown: [], page: 0 } }, 60_000, t0);
    await repo.set({ ...key, channelKey: 'other' }, { page: 'x' }, 60_000, t0);
    expect(await repo.get(key, at(59_000))).toEqual({ last: { command: 'search', text: 'alien', shown: [], page: 0 } });
    expect(await repo.get({ ...key, platform: 'discord' }, at(1))).toBeUndefined();
    expect(await repo.get(key, at(60_000))).toBeUndefined();
    // Writing again pushes the expiry out.
    await repo.set(key, { v: 2 }, 60_000, at(50_000));
    expect(await repo.get(key, at(100_000))).toEqual({ v: 2 });
    expect(await repo.purgeExpired(at(105_000))).toBe(1);
    expect(await repo.count()).toBe(1);
  });

  it('survives a new repository (a restart) and is cleared when the user is forgotten', async () => {
    const repos = createRepositories(database.db);
    const user = await repos.users.ensure({ platform: 'playground', externalId: 'zoe' });
    const k = { platform: 'playground', userKey: String(user.id), channelKey: 'c' };
    await repo.set(k, { pending: { op: 'forget', at: 1 } }, 60_000);
    expect(await new ConversationsRepository(database.db).get(k)).toEqual({ pending: { op: 'forget', at: 1 } });
    expect(await repo.forUser(String(user.id))).toHaveLength(1);
    await repos.users.forget(user.id);
    expect(await repo.get(k)).toBeUndefined();
  });

  it('ignores stored state of the wrong shape', async () => {
    const k = { ...key, channelKey: 'broken' };
    await repo.set(k, { last: { command: 'launch', shown: 'nope' } }, 60_000);
    const conversation = new Conversation(repo, k, 60_000, () => new Date());
    expect(await conversation.load()).toEqual({});
    await conversation.update((s) => ({ ...s, last: { command: 'recommend', text: 'funny', shown: [1, 2], page: 0 } }));
    const reloaded = new Conversation(repo, k, 60_000, () => new Date());
    expect((await reloaded.load()).last).toEqual({ command: 'recommend', text: 'funny', shown: [1, 2], page: 0 });
  });

  it('generates the action secret once and keeps it', async () => {
    const a = await new SecretsRepository(database.db).getOrCreate('actions');
    const b = await new SecretsRepository(database.db).getOrCreate('actions');
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(await new SecretsRepository(database.db).getOrCreate('other')).not.toBe(a);
  });
});

describe('the per-conversation queue', () => {
  const repo = { get: async () => undefined, set: async () => undefined } as unknown as ConversationsRepository;
  const open = () => new Conversation(repo, { platform: 'playground', userKey: 'q', channelKey: 'c' }, 60_000, () => new Date());

  it('runs one piece of work at a time, in order', async () => {
    const order: string[] = [];
    let release!: () => void;
    const first = open().exclusive(async () => {
      await new Promise<void>((r) => (release = r));
      order.push('first');
    });
    const second = open().exclusive(async () => {
      order.push('second');
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });

  it('stops waiting for work that hangs after QUEUE_WAIT_MS', async () => {
    vi.useFakeTimers();
    try {
      void open().exclusive(() => new Promise<never>(() => undefined)); // never settles
      let ran = false;
      const next = open().exclusive(async () => {
        ran = true;
      });
      await vi.advanceTimersByTimeAsync(QUEUE_WAIT_MS - 1);
      expect(ran).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await next;
      expect(ran).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
