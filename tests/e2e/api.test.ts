import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi, createApiMetrics, DEFAULT_LIMITS, type ApiDeps } from '../../adapters/api/index.js';
import { ApiKeysRepository } from '../../src/db/repositories/api-keys.js';
import { createRepositories } from '../../src/db/repositories/index.js';
import { silentLogger } from '../../src/util/logger.js';
import { ApiClient } from '../helpers/api-client.js';
import { openTestDatabase, testEngines, type TestDatabase } from '../helpers/db.js';
import { apiRealDeps, seedApiMovies } from '../helpers/api-fixtures.js';

interface Harness {
  database: TestDatabase;
  server: ServerType;
  client: ApiClient;
  keys: { read: string; write: string; admin: string };
  deps: ApiDeps;
}

async function start(
  database: TestDatabase,
  overrides: Partial<ApiDeps> = {},
): Promise<{ server: ServerType; client: ApiClient; deps: ApiDeps }> {
  const repos = createRepositories(database.db);
  const deps: ApiDeps = {
    database,
    repos,
    apiKeys: new ApiKeysRepository(database.db),
    ...(await apiRealDeps(database)),
    metrics: createApiMetrics(),
    limits: DEFAULT_LIMITS,
    logger: silentLogger,
    modelReady: () => true,
    ...overrides,
  };
  const app = buildApi(deps);
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const client = new ApiClient(`http://127.0.0.1:${port}`);
  await client.loadDoc();
  return { server, client, deps };
}

const stop = (server: ServerType) => new Promise<void>((resolve) => server.close(() => resolve()));

async function tableCounts(database: TestDatabase): Promise<Record<string, number>> {
  const [row] = await database.rows<Record<string, number>>(sql`SELECT
    (SELECT count(*)::int FROM ratings) AS ratings, (SELECT count(*)::int FROM rating_events) AS events,
    (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM watchlist) AS watchlist,
    (SELECT count(*)::int FROM marks) AS marks`);
  return row!;
}

describe.each(testEngines())('HTTP API on %s', (engine) => {
  let h: Harness;

  beforeAll(async () => {
    const database = await openTestDatabase(engine);
    await seedApiMovies(database);
    const keysRepo = new ApiKeysRepository(database.db);
    const keys = {
      read: (await keysRepo.create('reader', ['read'], { platform: 'api:web' })).key,
      write: (await keysRepo.create('writer', ['read', 'write'], { platform: 'api:web' })).key,
      admin: (await keysRepo.create('admin', ['admin'])).key,
    };
    const started = await start(database);
    h = { database, keys, ...started };
  });
  afterAll(async () => {
    if (h) {
      await stop(h.server);
      await h.database.dispose();
    }
  });

  it('serves an OpenAPI 3.1 document and a readable docs page', async () => {
    const doc = await h.client.loadDoc();
    expect(doc.openapi).toBe('3.1.0');
    const paths = Object.keys(doc.paths as object);
    expect(paths).toEqual(
      expect.arrayContaining(['/v1/movies', '/v1/movies/{id}', '/v1/users/{id}/recommendations', '/v1/users/{id}/ratings/{movieId}']),
    );
    const docs = await h.client.call('GET', '/v1/docs');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('/v1/users/{id}/recommendations');
  });

  it('answers health, readiness and metrics', async () => {
    expect((await h.client.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await h.client.call('GET', '/readyz')).body).toMatchObject({ status: 'ready', database: true, model: true });
    await h.client.call('GET', '/v1/movies/1', { key: h.keys.read, template: '/v1/movies/{id}' });
    const metrics = await h.client.call('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/reelmate_http_requests_total\{method="GET",route="\/v1\/movies\/\{id\}",status="200"\} \d+/);
    expect(metrics.text).toContain('reelmate_http_request_duration_seconds_bucket');
    expect(metrics.text).toContain('reelmate_model_version');
  });

  it('needs a valid key (401) with the right scope (403)', async () => {
    const none = await h.client.call('GET', '/v1/movies/1', { template: '/v1/movies/{id}' });
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    expect(none.body).toMatchObject({ type: '/v1/problems/unauthorized', status: 401 });
    const forged = await h.client.call('GET', '/v1/movies/1', {
      key: 'rm_deadbeef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      template: '/v1/movies/{id}',
    });
    expect(forged.status).toBe(401);
    const hostile = await h.client.call('GET', '/v1/movies/1', { key: "x' OR 1=1 --".repeat(50), template: '/v1/movies/{id}' });
    expect(hostile.status).toBe(401);
    const before = await tableCounts(h.database);
    const wrongScope = await h.client.call('POST', '/v1/users', {
      key: h.keys.read,
      body: { platform: 'api:web', externalId: 'x' },
      template: '/v1/users',
    });
    expect(wrongScope.status).toBe(403);
    expect(wrongScope.body).toMatchObject({ type: '/v1/problems/forbidden' });
    expect(await tableCounts(h.database)).toEqual(before);
    // admin covers every scope; bearer works as well as X-Api-Key
    const admin = await h.client.call('GET', '/v1/movies/1', {
      headers: { authorization: `Bearer ${h.keys.admin}` },
      template: '/v1/movies/{id}',
    });
    expect(admin.status).toBe(200);
  });

  it('revoked keys stop working', async () => {
    const repo = new ApiKeysRepository(h.database.db);
    const { key, info } = await repo.create('temp', ['read']);
    expect((await h.client.call('GET', '/v1/model', { key, template: '/v1/model' })).status).toBe(200);
    expect(await repo.revoke(info.prefix)).toBe(true);
    expect((await h.client.call('GET', '/v1/model', { key, template: '/v1/model' })).status).toBe(401);
    const second = await repo.create('temp2', ['read']);
    expect(await repo.revoke('99999999')).toBe(false); // an all-digit prefix is a prefix, never an id
    expect(await repo.revoke(`#${second.info.id}`)).toBe(true);
    expect((await h.client.call('GET', '/v1/model', { key: second.key, template: '/v1/model' })).status).toBe(401);
  });

  it('binds every key that is not admin to its owner: its own platform namespace or named users', async () => {
    const repo = new ApiKeysRepository(h.database.db);
    const asAdmin = (body: unknown) => h.client.call('POST', '/v1/users', { key: h.keys.admin, body, template: '/v1/users' });
    const chat = (await asAdmin({ platform: 'discord', externalId: '123456789012345678' })).body as { id: number };
    const other = (await asAdmin({ platform: 'api:other-site', externalId: 'zoe' })).body as { id: number };
    const own = (
      await h.client.call('POST', '/v1/users', {
        key: h.keys.write,
        body: { platform: 'api:web', externalId: 'own' },
        template: '/v1/users',
      })
    ).body as { id: number };
    const before = await tableCounts(h.database);
    const refused: [string, string, Parameters<ApiClient['call']>[2]][] = [
      // creating users of a chat platform or another namespace needs admin
      ['POST', '/v1/users', { key: h.keys.write, body: { platform: 'discord', externalId: '42' }, template: '/v1/users' }],
      ['POST', '/v1/users', { key: h.keys.write, body: { platform: 'api:other-site', externalId: 'x' }, template: '/v1/users' }],
      // reading or writing anyone else's history needs admin
      ['GET', `/v1/users/${chat.id}/ratings`, { key: h.keys.read, template: '/v1/users/{id}/ratings' }],
      ['GET', `/v1/users/${other.id}`, { key: h.keys.read, template: '/v1/users/{id}' }],
      [
        'PUT',
        `/v1/users/${chat.id}/ratings/2571`,
        { key: h.keys.write, body: { rating: 1 }, template: '/v1/users/{id}/ratings/{movieId}' },
      ],
      ['PUT', `/v1/users/${chat.id}/watchlist/2571`, { key: h.keys.write, template: '/v1/users/{id}/watchlist/{movieId}' }],
      ['GET', `/v1/users/${chat.id}/recommendations`, { key: h.keys.read, template: '/v1/users/{id}/recommendations' }],
      ['GET', '/v1/users?platform=discord&externalId=123456789012345678', { key: h.keys.read, template: '/v1/users' }],
      ['GET', `/v1/movies/2571/similar?userId=${chat.id}`, { key: h.keys.read, template: '/v1/movies/{id}/similar' }],
      [
        'POST',
        '/v1/groups/recommendations',
        { key: h.keys.read, body: { userIds: [own.id, chat.id] }, template: '/v1/groups/recommendations' },
      ],
    ];
    for (const [method, path, opts] of refused) {
      const res = await h.client.call(method, path, opts);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body, `${method} ${path}`).toMatchObject({
        type: '/v1/problems/forbidden',
        detail: expect.stringMatching(/api:web|admin/),
      });
    }
    expect(await tableCounts(h.database)).toEqual(before);
    // Its own users it reaches; an admin key reaches everyone.
    expect(
      (await h.client.call('GET', `/v1/users/${own.id}/ratings`, { key: h.keys.read, template: '/v1/users/{id}/ratings' })).status,
    ).toBe(200);
    expect(
      (await h.client.call('GET', `/v1/users/${chat.id}/ratings`, { key: h.keys.admin, template: '/v1/users/{id}/ratings' })).status,
    ).toBe(200);
    // A key for named users reaches exactly those, and creates nobody.
    const named = (await repo.create('one-user', ['read', 'write'], { userIds: [chat.id] })).key;
    expect(
      (
        await h.client.call('PUT', `/v1/users/${chat.id}/ratings/2571`, {
          key: named,
          body: { rating: 4 },
          template: '/v1/users/{id}/ratings/{movieId}',
        })
      ).status,
    ).toBe(200);
    expect((await h.client.call('GET', `/v1/users/${other.id}/ratings`, { key: named, template: '/v1/users/{id}/ratings' })).status).toBe(
      403,
    );
    expect(
      (await h.client.call('POST', '/v1/users', { key: named, body: { platform: 'discord', externalId: '7' }, template: '/v1/users' }))
        .status,
    ).toBe(403);
    // A key from before ownership (no owner) still reads the catalogue, and no user.
    const legacy = (await repo.create('legacy', ['read', 'write'])).key;
    expect((await h.client.call('GET', '/v1/movies/2571', { key: legacy, template: '/v1/movies/{id}' })).status).toBe(200);
    const none = await h.client.call('GET', `/v1/users/${own.id}`, { key: legacy, template: '/v1/users/{id}' });
    expect(none.status).toBe(403);
    expect((none.body as { detail: string }).detail).toMatch(/catalogue only/);
    // An unknown user is still a 404, not a 403.
    expect((await h.client.call('GET', '/v1/users/424243/ratings', { key: h.keys.read, template: '/v1/users/{id}/ratings' })).status).toBe(
      404,
    );
  });

  it('refuses NUL, control characters and broken Unicode, and ids that are not plain decimal, with a 400 problem that names the field; nothing changes', async () => {
    const own = (
      await h.client.call('POST', '/v1/users', {
        key: h.keys.write,
        body: { platform: 'api:web', externalId: 'hostile' },
        template: '/v1/users',
      })
    ).body as { id: number };
    const before = await tableCounts(h.database);
    const cases: [string, string, Parameters<ApiClient['call']>[2], string][] = [
      [
        'POST',
        '/v1/users',
        { key: h.keys.write, body: { platform: 'api:web', externalId: 'a\u0000b' }, template: '/v1/users' },
        'body.externalId',
      ],
      [
        'POST',
        '/v1/users',
        { key: h.keys.write, body: { platform: 'api:web', externalId: 'half \uD800 surrogate' }, template: '/v1/users' },
        'body.externalId',
      ],
      [
        'POST',
        '/v1/users',
        { key: h.keys.write, body: { platform: 'api:web', externalId: 'ok', displayName: 'bell\u0007' }, template: '/v1/users' },
        'body.displayName',
      ],
      ['GET', '/v1/users?platform=api:web&externalId=a%00b', { key: h.keys.read, template: '/v1/users' }, 'query.externalId'],
      [
        'GET',
        `/v1/users/${own.id}/recommendations?q=funny%00%20movie`,
        { key: h.keys.read, template: '/v1/users/{id}/recommendations' },
        'query.q',
      ],
      ['GET', '/v1/movies/0x10', { key: h.keys.read, template: '/v1/movies/{id}' }, 'path.id'],
      ['GET', '/v1/movies/1e1', { key: h.keys.read, template: '/v1/movies/{id}' }, 'path.id'],
      ['GET', '/v1/movies/%2016', { key: h.keys.read, template: '/v1/movies/{id}' }, 'path.id'],
      ['GET', '/v1/movies/016', { key: h.keys.read, template: '/v1/movies/{id}' }, 'path.id'],
      [
        'PUT',
        `/v1/users/0x${own.id.toString(16)}/ratings/2571`,
        { key: h.keys.write, body: { rating: 4 }, template: '/v1/users/{id}/ratings/{movieId}' },
        'path.id',
      ],
      ['GET', '/v1/movies?q=alien&limit=1e1', { key: h.keys.read, template: '/v1/movies' }, 'query.limit'],
    ];
    for (const [method, path, opts, field] of cases) {
      const res = await h.client.call(method, path, opts);
      expect(res.status, path).toBe(400);
      expect(res.body, path).toMatchObject({
        type: '/v1/problems/validation',
        errors: expect.arrayContaining([expect.objectContaining({ path: field })]),
      });
    }
    expect(await tableCounts(h.database)).toEqual(before);
    // Plain decimal still works.
    expect((await h.client.call('GET', '/v1/movies/2571', { key: h.keys.read, template: '/v1/movies/{id}' })).status).toBe(200);
  });

  it('protects /metrics beyond loopback: the metrics token or an admin key', async () => {
    const token = 'metrics-token-0123456789';
    const guarded = await start(h.database, { metricsAccess: { open: false, token } });
    try {
      const get = (headers: Record<string, string> = {}) => guarded.client.call('GET', '/metrics', { headers });
      expect((await get()).status).toBe(401);
      expect((await get({ authorization: 'Bearer wrong-token-0123456789x' })).status).toBe(401);
      expect((await get({ 'x-api-key': h.keys.write })).status).toBe(401);
      expect((await get({ authorization: `Bearer ${token}` })).status).toBe(200);
      expect((await get({ 'x-api-key': h.keys.admin })).status).toBe(200);
    } finally {
      await stop(guarded.server);
    }
    // On loopback (the default) it stays open.
    expect((await h.client.call('GET', '/metrics')).status).toBe(200);
  });

  it('searches movies forgivingly and returns one with metadata and links', async () => {
    const search = await h.client.call('GET', '/v1/movies?q=matrix%2C%20the&limit=3', { key: h.keys.read, template: '/v1/movies' });
    expect(search.status).toBe(200);
    const items = (search.body as { items: { movie: { id: number; title: string } }[] }).items;
    expect(items[0]?.movie).toMatchObject({ id: 2571, title: 'The Matrix' });
    const one = await h.client.call('GET', '/v1/movies/2571', { key: h.keys.read, template: '/v1/movies/{id}' });
    expect(one.body).toMatchObject({
      id: 2571,
      year: 1999,
      genres: ['Action', 'Sci-Fi', 'Thriller'],
      links: { imdb: 'https://www.imdb.com/title/tt0133093/' },
    });
    const missing = await h.client.call('GET', '/v1/movies/999999', { key: h.keys.read, template: '/v1/movies/{id}' });
    expect(missing.status).toBe(404);
    const bad = await h.client.call('GET', '/v1/movies/abc', { key: h.keys.read, template: '/v1/movies/{id}' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ type: '/v1/problems/validation' });
    const similar = await h.client.call('GET', '/v1/movies/2571/similar?limit=2', {
      key: h.keys.read,
      template: '/v1/movies/{id}/similar',
    });
    expect(similar.status).toBe(200);
    expect((similar.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
  });

  it('creates or looks up users by platform and external id', async () => {
    const created = await h.client.call('POST', '/v1/users', {
      key: h.keys.write,
      body: { platform: 'api:web', externalId: 'ana', displayName: 'Ana' },
      template: '/v1/users',
    });
    expect(created.status).toBe(201);
    const again = await h.client.call('POST', '/v1/users', {
      key: h.keys.write,
      body: { platform: 'api:web', externalId: 'ana' },
      template: '/v1/users',
    });
    expect(again.status).toBe(200);
    expect((again.body as { id: number }).id).toBe((created.body as { id: number }).id);
    const lookup = await h.client.call('GET', '/v1/users?platform=api:web&externalId=ana', { key: h.keys.read, template: '/v1/users' });
    expect(lookup.body).toMatchObject({ displayName: 'Ana' });
    expect(
      (await h.client.call('GET', '/v1/users?platform=api:web&externalId=nobody', { key: h.keys.read, template: '/v1/users' })).status,
    ).toBe(404);
    expect((await h.client.call('GET', '/v1/users/424242', { key: h.keys.read, template: '/v1/users/{id}' })).status).toBe(404);
  });

  it('rejects bad bodies with problems and changes nothing', async () => {
    const user = (await h.client.call('POST', '/v1/users', { key: h.keys.write, body: { platform: 'api:web', externalId: 'bad-input' } }))
      .body as { id: number };
    const before = await tableCounts(h.database);
    const path = `/v1/users/${user.id}/ratings/2571`;
    const template = '/v1/users/{id}/ratings/{movieId}';
    const cases: { name: string; opts: Parameters<ApiClient['call']>[2]; status: number; type: string }[] = [
      { name: 'off the half-star scale', opts: { body: { rating: 3.3 } }, status: 400, type: 'validation' },
      { name: 'out of range', opts: { body: { rating: 6 } }, status: 400, type: 'validation' },
      { name: 'unknown field', opts: { body: { rating: 4, stars: 4 } }, status: 400, type: 'validation' },
      { name: 'malformed JSON', opts: { rawBody: '{"rating": 4' }, status: 400, type: 'malformed_body' },
      {
        name: 'not JSON',
        opts: { rawBody: 'rating=4', contentType: 'application/x-www-form-urlencoded' },
        status: 415,
        type: 'unsupported_media_type',
      },
      {
        name: 'oversized',
        opts: { rawBody: JSON.stringify({ rating: 4, pad: 'x'.repeat(DEFAULT_LIMITS.bodyBytes) }) },
        status: 413,
        type: 'payload_too_large',
      },
    ];
    for (const c of cases) {
      const res = await h.client.call('PUT', path, { key: h.keys.write, template, ...c.opts });
      expect(res.status, c.name).toBe(c.status);
      expect(res.body, c.name).toMatchObject({ type: `/v1/problems/${c.type}`, status: c.status });
    }
    const unknownMovie = await h.client.call('PUT', `/v1/users/${user.id}/ratings/999999`, {
      key: h.keys.write,
      body: { rating: 4 },
      template,
    });
    expect(unknownMovie.status).toBe(404);
    expect(await tableCounts(h.database)).toEqual(before);
    const unknownRoute = await h.client.call('GET', '/v1/nope', { key: h.keys.read });
    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.headers.get('content-type')).toContain('application/problem+json');
    const wrongMethod = await h.client.call('PATCH', path, { key: h.keys.write, body: { rating: 4 } });
    expect(wrongMethod.status).toBe(405);
  });

  it('puts, lists and deletes ratings with the same event log as chat', async () => {
    const user = (await h.client.call('POST', '/v1/users', { key: h.keys.write, body: { platform: 'api:web', externalId: 'rater' } }))
      .body as { id: number };
    const template = '/v1/users/{id}/ratings/{movieId}';
    const first = await h.client.call('PUT', `/v1/users/${user.id}/ratings/2571`, { key: h.keys.write, body: { rating: 4 }, template });
    expect(first.body).toEqual({ movieId: 2571, rating: 4, previous: null, outcome: 'rate' });
    const change = await h.client.call('PUT', `/v1/users/${user.id}/ratings/2571`, { key: h.keys.write, body: { rating: 4.5 }, template });
    expect(change.body).toEqual({ movieId: 2571, rating: 4.5, previous: 4, outcome: 'change' });
    // a retried request with the same Idempotency-Key changes nothing
    const once = { 'idempotency-key': 'req-1' };
    await h.client.call('PUT', `/v1/users/${user.id}/ratings/1`, { key: h.keys.write, body: { rating: 2 }, headers: once, template });
    const replay = await h.client.call('PUT', `/v1/users/${user.id}/ratings/1`, {
      key: h.keys.write,
      body: { rating: 5 },
      headers: once,
      template,
    });
    expect(replay.body).toMatchObject({ rating: 2, outcome: 'unchanged' });
    // the same key on another movie is another request, not a replay
    const other = await h.client.call('PUT', `/v1/users/${user.id}/ratings/6`, {
      key: h.keys.write,
      body: { rating: 3 },
      headers: once,
      template,
    });
    expect(other.body).toMatchObject({ movieId: 6, rating: 3, outcome: 'rate' });
    await h.client.call('DELETE', `/v1/users/${user.id}/ratings/6`, { key: h.keys.write, headers: once, template });
    const list = await h.client.call('GET', `/v1/users/${user.id}/ratings`, { key: h.keys.read, template: '/v1/users/{id}/ratings' });
    expect((list.body as { items: { movieId: number; rating: number }[] }).items.map((r) => [r.movieId, r.rating]).sort()).toEqual([
      [1, 2],
      [2571, 4.5],
    ]);
    const del = await h.client.call('DELETE', `/v1/users/${user.id}/ratings/2571`, { key: h.keys.write, template });
    expect(del.body).toEqual({ changed: true });
    expect((await h.client.call('DELETE', `/v1/users/${user.id}/ratings/2571`, { key: h.keys.write, template })).body).toEqual({
      changed: false,
    });
    const events = await h.database.rows<{ kind: string }>(sql`SELECT kind FROM rating_events WHERE user_id = ${user.id} ORDER BY id`);
    expect(events.map((e) => e.kind)).toEqual(['rate', 'change', 'rate', 'rate', 'remove', 'remove']);
    const metrics = await h.client.call('GET', '/metrics');
    expect(metrics.text).toMatch(/reelmate_ratings_written_total\{kind="remove"\} [1-9]/);
  });

  it('recommends with q, filters, exclusions and cursor pagination', async () => {
    const user = (await h.client.call('POST', '/v1/users', { key: h.keys.write, body: { platform: 'api:web', externalId: 'reco' } }))
      .body as { id: number };
    await h.client.call('PUT', `/v1/users/${user.id}/ratings/1`, { key: h.keys.write, body: { rating: 5 } });
    await h.client.call('PUT', `/v1/users/${user.id}/seen/2571`, { key: h.keys.write, template: '/v1/users/{id}/seen/{movieId}' });
    const template = '/v1/users/{id}/recommendations';
    const page1 = await h.client.call('GET', `/v1/users/${user.id}/recommendations?limit=2`, { key: h.keys.read, template });
    const body1 = page1.body as { items: { movie: { id: number } }[]; nextCursor: string | null };
    expect(body1.items).toHaveLength(2);
    expect(body1.nextCursor).not.toBeNull();
    const page2 = await h.client.call('GET', `/v1/users/${user.id}/recommendations?limit=2&cursor=${body1.nextCursor}`, {
      key: h.keys.read,
      template,
    });
    const body2 = page2.body as { items: { movie: { id: number } }[] };
    const ids = [...body1.items, ...body2.items].map((i) => i.movie.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain(1);
    expect(ids).not.toContain(2571);
    const comedy = await h.client.call('GET', `/v1/users/${user.id}/recommendations?limit=2&q=${encodeURIComponent('something funny')}`, {
      key: h.keys.read,
      template,
    });
    const cb = comedy.body as { items: { movie: { genres: string[] } }[]; understood: string; relaxed: string[] };
    expect(cb.understood.toLowerCase()).toContain('comedy');
    expect(cb.items).toHaveLength(2);
    for (const i of cb.items) expect(i.movie.genres).toContain('Comedy');
    expect(cb.relaxed).toEqual([]);
    // too few comedies left for ten picks: the filter is relaxed, and the answer says so
    const wide = await h.client.call('GET', `/v1/users/${user.id}/recommendations?limit=10&q=${encodeURIComponent('something funny')}`, {
      key: h.keys.read,
      template,
    });
    const wb = wide.body as { items: { movie: { genres: string[] } }[]; relaxed: string[] };
    expect(wb.relaxed.length).toBeGreaterThan(0);
    expect(wb.items[0]!.movie.genres).toContain('Comedy');
    const filtered = await h.client.call('GET', `/v1/users/${user.id}/recommendations?limit=3&genres=Crime&yearFrom=1990&yearTo=1999`, {
      key: h.keys.read,
      template,
    });
    for (const i of (filtered.body as { items: { movie: { genres: string[]; year: number } }[] }).items) {
      expect(i.movie.genres).toContain('Crime');
      expect(i.movie.year).toBeGreaterThanOrEqual(1990);
    }
    expect((await h.client.call('GET', `/v1/users/${user.id}/recommendations?cursor=bm9wZQ`, { key: h.keys.read, template })).status).toBe(
      400,
    );
    expect((await h.client.call('GET', `/v1/users/${user.id}/recommendations?limit=0`, { key: h.keys.read, template })).status).toBe(400);
    expect((await h.client.call('GET', `/v1/users/${user.id}/recommendations?sort=asc`, { key: h.keys.read, template })).status).toBe(400);
  });

  it('keeps watchlist, seen and not-interested lists', async () => {
    const user = (await h.client.call('POST', '/v1/users', { key: h.keys.write, body: { platform: 'api:web', externalId: 'lists' } }))
      .body as { id: number };
    for (const list of ['watchlist', 'seen', 'not-interested']) {
      const item = `/v1/users/{id}/${list}/{movieId}`;
      expect((await h.client.call('PUT', `/v1/users/${user.id}/${list}/6`, { key: h.keys.write, template: item })).body).toEqual({
        changed: true,
      });
      expect((await h.client.call('PUT', `/v1/users/${user.id}/${list}/6`, { key: h.keys.write, template: item })).body).toEqual({
        changed: false,
      });
      const got = await h.client.call('GET', `/v1/users/${user.id}/${list}`, { key: h.keys.read, template: `/v1/users/{id}/${list}` });
      expect((got.body as { items: { movie: { id: number } }[] }).items.map((i) => i.movie.id)).toEqual([6]);
      expect((await h.client.call('DELETE', `/v1/users/${user.id}/${list}/6`, { key: h.keys.write, template: item })).body).toEqual({
        changed: true,
      });
    }
  });

  it('reports the model in use', async () => {
    const model = await h.client.call('GET', '/v1/model', { key: h.keys.read, template: '/v1/model' });
    expect(model.status).toBe(200);
    expect(model.body).toMatchObject({ algorithm: expect.any(String) });
  });

  it('picks fairly for a group of users, leaving out what any member rated', async () => {
    const template = '/v1/groups/recommendations';
    const ids: number[] = [];
    for (const [name, rated] of [
      ['g1', [1, 296]],
      ['g2', [356]],
      ['g3', [2571]],
    ] as const) {
      const u = (await h.client.call('POST', '/v1/users', { key: h.keys.write, body: { platform: 'api:web', externalId: name } })).body as {
        id: number;
      };
      for (const m of rated) await h.client.call('PUT', `/v1/users/${u.id}/ratings/${m}`, { key: h.keys.write, body: { rating: 4.5 } });
      ids.push(u.id);
    }
    const res = await h.client.call('POST', template, { key: h.keys.read, body: { userIds: ids, limit: 3 }, template });
    expect(res.status).toBe(200);
    const body = res.body as {
      strategy: string;
      items: { movie: { id: number }; memberPredictions: Record<string, number>; reason: string }[];
    };
    expect(body.strategy).toBe('relevance_without_misery');
    expect(body.items.length).toBeGreaterThan(0);
    for (const item of body.items) {
      expect([1, 296, 356, 2571]).not.toContain(item.movie.id);
      expect(Object.keys(item.memberPredictions).sort()).toEqual(ids.map(String).sort());
      expect(item.reason.length).toBeGreaterThan(0);
    }
    const least = await h.client.call('POST', template, {
      key: h.keys.read,
      body: { userIds: ids, strategy: 'least_misery', limit: 2 },
      template,
    });
    expect((least.body as { strategy: string }).strategy).toBe('least_misery');
    const unknown = await h.client.call('POST', template, { key: h.keys.read, body: { userIds: ids, strategy: 'dictator' }, template });
    expect(unknown.status).toBe(400);
    expect((await h.client.call('POST', template, { key: h.keys.read, body: { userIds: [999999] }, template })).status).toBe(404);
  });

  it('rate-limits per key with Retry-After', async () => {
    const limited = await start(h.database, { limits: { ...DEFAULT_LIMITS, requestsPerMinute: 3 } });
    try {
      await limited.client.loadDoc();
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof limited.client.call>> | undefined;
      for (let i = 0; i < 5; i++) {
        last = await limited.client.call('GET', '/v1/model', { key: h.keys.read, template: '/v1/model' });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // another key has its own budget
      expect((await limited.client.call('GET', '/v1/model', { key: h.keys.write })).status).toBe(200);
    } finally {
      await stop(limited.server);
    }
  });

  it('every checked response matched the OpenAPI document', () => {
    expect(h.client.validated).toBeGreaterThan(40);
  });
});

describe('HTTP API with the database down', () => {
  it('answers 503 problems and /readyz says not ready', async () => {
    const database = await openTestDatabase('pglite');
    await seedApiMovies(database);
    const keys = new ApiKeysRepository(database.db);
    const { key } = await keys.create('k', ['read', 'write'], { platform: 'api:k' });
    const { server, client } = await start(database);
    try {
      await database.close();
      const res = await client.call('GET', '/v1/movies/1', { key, template: '/v1/movies/{id}' });
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const ready = await client.call('GET', '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ database: false });
    } finally {
      await stop(server);
    }
  });
});
