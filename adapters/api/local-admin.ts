/**
 * The local admin socket of a bot on the embedded database: PGlite is one process's alone, so
 * the CLI's `apikey`, `stats` and `parse` ask the running bot over a Unix socket beside the
 * data directory (mode 0600: only the owner of the data may use it). Not reachable over TCP.
 */
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { z } from 'zod';
import type { Catalog } from '../../src/catalog/catalog.js';
import type { Database } from '../../src/db/client.js';
import { ApiKeysRepository, API_SCOPES, type ApiScope } from '../../src/db/repositories/api-keys.js';
import { catalogCounts } from '../../src/db/repositories/catalog-import.js';
import { printParse } from '../../src/bot/parse-cli.js';
import type { Logger } from '../../src/util/logger.js';

const CreateKey = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(z.enum(API_SCOPES as [ApiScope, ...ApiScope[]])).min(1),
    owner: z
      .object({
        platform: z
          .string()
          .regex(/^api:[a-z][a-z0-9_-]{0,31}$/)
          .optional(),
        userIds: z.array(z.number().int().min(1)).optional(),
      })
      .strict(),
  })
  .strict();
const Parse = z.object({ text: z.string().max(10_000), json: z.boolean().default(false) }).strict();
const Revoke = z.object({ target: z.string().max(40) }).strict();

export function buildLocalAdminApp(deps: { database: Database; catalog: Catalog }): Hono {
  const keys = new ApiKeysRepository(deps.database.db);
  const app = new Hono();
  app.post('/keys/create', async (c) => {
    const input = CreateKey.parse(await c.req.json());
    return c.json(await keys.create(input.name, input.scopes, input.owner));
  });
  app.post('/keys/list', async (c) => c.json(await keys.list()));
  app.post('/keys/revoke', async (c) => c.json({ ok: await keys.revoke(Revoke.parse(await c.req.json()).target) }));
  app.post('/stats', async (c) => c.json(await catalogCounts(deps.database)));
  app.post('/parse', async (c) => {
    const input = Parse.parse(await c.req.json());
    const out: string[] = [];
    const err: string[] = [];
    printParse(
      input.text,
      input.json,
      { catalog: deps.catalog, source: 'the running bot' },
      { out: (l) => out.push(l), err: (l) => err.push(l) },
    );
    return c.json({ out, err });
  });
  app.onError((e, c) =>
    c.json({ error: e instanceof z.ZodError ? e.issues.map((i) => i.message).join('; ') : e.message }, e instanceof z.ZodError ? 400 : 500),
  );
  return app;
}

/** Listen on the socket (a stale one left by a crash is replaced); resolves with a stop function. */
export async function startLocalAdmin(
  socketPath: string,
  deps: { database: Database; catalog: Catalog; logger: Logger },
): Promise<() => Promise<void>> {
  // The embedded database's lock is ours, so a socket file here is a dead process's leftover.
  if (existsSync(socketPath)) rmSync(socketPath, { force: true });
  const server: Server = createServer(getRequestListener(buildLocalAdminApp(deps).fetch));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  chmodSync(socketPath, 0o600);
  deps.logger.debug({ socketPath }, 'local admin socket ready');
  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(socketPath, { force: true });
  };
}
