import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { isExclusive, publishChange, subscribeChanges, type Change } from '../../src/db/changes.js';
import { createRepositories, type Repositories } from '../../src/db/repositories/index.js';
import { userVersions } from '../../src/db/repositories/user-versions.js';
import { openTestDatabase, testEngines, type TestDatabase } from '../helpers/db.js';
import { sql } from 'drizzle-orm';

describe.each(testEngines())('user versions and change notices on %s', (engine) => {
  let database: TestDatabase;
  let repos: Repositories;
  let user: number;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    repos = createRepositories(database.db);
    await database.db.execute(
      sql`INSERT INTO movies (id, title, display_title, genres) VALUES (1, 'A (2000)', 'A', ARRAY['Drama']), (2, 'B (2001)', 'B', ARRAY['Drama'])`,
    );
    user = (await repos.users.ensure({ platform: 'test', externalId: 'u' })).id;
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('knows the users that exist and their version', async () => {
    const versions = userVersions(database);
    expect(versions).toBe(userVersions(database)); // one per database: every caller shares it
    expect(await versions.get(user)).toBe(0);
    expect(await versions.get(987_654)).toBeUndefined();
  });

  it('sees every rating and mark change, whoever asked first', async () => {
    const versions = userVersions(database);
    const before = (await versions.get(user))!;
    await repos.ratings.rate({ userId: user, movieId: 1, rating: 4, source: 'test' });
    expect(await versions.get(user)).toBe(before + 1);
    await repos.marks.add(user, 2, 'seen');
    expect(await versions.get(user)).toBe(before + 2);
    // a read in flight while a rating commits never leaves a stale version behind
    const inFlight = versions.get(user);
    await repos.ratings.remove({ userId: user, movieId: 1, source: 'test' });
    expect(await inFlight).toBeGreaterThanOrEqual(before + 2);
    expect(await versions.get(user)).toBe(before + 3);
  });

  it('notifies only after a change happened, and forgetting a user is one', async () => {
    const seen: Change[] = [];
    const stop = subscribeChanges(database.db, (c) => seen.push(c));
    try {
      const other = (await repos.users.ensure({ platform: 'test', externalId: 'gone' })).id;
      await repos.ratings.rate({ userId: other, movieId: 1, rating: 3, source: 'test' });
      await repos.ratings.rate({ userId: other, movieId: 1, rating: 3, source: 'test' }); // unchanged: no notice
      expect(await repos.marks.add(other, 2, 'seen')).toBe(true);
      expect(await repos.marks.add(other, 2, 'seen')).toBe(false); // already there: no notice
      expect(await userVersions(database).get(other)).toBe(2);
      await repos.users.forget(other);
      expect(seen).toEqual([
        { kind: 'users', userIds: [other] },
        { kind: 'users', userIds: [other] },
        { kind: 'users', userIds: [other] },
      ]);
      expect(await userVersions(database).get(other)).toBeUndefined();
    } finally {
      stop();
    }
    publishChange(database.db, { kind: 'users', userIds: [user] }); // nobody listening any more: harmless
    expect(seen).toHaveLength(3);
  });

  // One engine each (a plain `if`, so the other engine's run counts nothing as skipped).
  if (engine === 'postgres')
    it('on a server, sees a change made through another connection at once', async () => {
      expect(isExclusive(database)).toBe(false);
      const versions = userVersions(database);
      const before = (await versions.get(user))!;
      // Another process: its own pool, its own change notices, which this one never hears.
      const elsewhere: Database = await openDatabase({ url: database.url, migrate: false });
      try {
        await createRepositories(elsewhere.db).ratings.rate({ userId: user, movieId: 2, rating: 5, source: 'test' });
      } finally {
        await elsewhere.close();
      }
      expect(await versions.get(user)).toBe(before + 1);
    });

  if (engine === 'pglite')
    it('on the embedded engine, answers from memory until it hears of a change', async () => {
      expect(isExclusive(database)).toBe(true);
      const versions = userVersions(database);
      const known = (await versions.get(user))!;
      // A write that bypasses the repositories (nothing in the project does this) goes unheard:
      // proof that a known version costs no query...
      await database.db.execute(sql`UPDATE users SET ratings_version = ratings_version + 10 WHERE id = ${user}`);
      expect(await versions.get(user)).toBe(known);
      // ...until a notice says the user changed.
      publishChange(database.db, { kind: 'users', userIds: [user] });
      expect(await versions.get(user)).toBe(known + 10);
    });
});
