/**
 * The CLI's way into a running bot that holds the embedded database: small JSON requests over
 * the bot's local admin socket (adapters/api/local-admin.ts). PGlite cannot be shared between
 * processes, so `apikey`, `stats` and `parse` ask the bot instead of waiting for the lock.
 */
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { loadConfig, type Config } from '../config.js';
import { DatabaseInUseError } from './client.js';
import { adminSocketPath, embeddedHolder } from './open.js';
import type { ApiKeyInfo, ApiKeyOwner, ApiScope } from './repositories/api-keys.js';
import type { CatalogCounts } from './repositories/catalog-import.js';

export interface LocalAdmin {
  createKey(input: { name: string; scopes: ApiScope[]; owner: ApiKeyOwner }): Promise<{ key: string; info: ApiKeyInfo }>;
  listKeys(): Promise<ApiKeyInfo[]>;
  revokeKey(target: string): Promise<boolean>;
  stats(): Promise<CatalogCounts>;
  parse(text: string, json: boolean): Promise<{ out: string[]; err: string[] }>;
}

/** Requests to the admin socket; a bot that does not answer within `timeoutMs` is an error, not a wait. */
export function localAdmin(socketPath: string, timeoutMs = 15_000): LocalAdmin {
  const call = <T>(path: string, body: unknown): Promise<T> =>
    new Promise((resolve, reject) => {
      const payload = JSON.stringify(body ?? {});
      const req = request(
        { socketPath, path, method: 'POST', headers: { 'content-type': 'application/json' }, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200) return reject(new Error(`the running bot answered ${res.statusCode}: ${text.slice(0, 200)}`));
            try {
              resolve(JSON.parse(text) as T);
            } catch (e) {
              reject(e as Error);
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`the running bot did not answer within ${timeoutMs / 1000} s`)));
      req.on('error', reject);
      req.end(payload);
    });
  return {
    createKey: (input) => call('/keys/create', input),
    listKeys: () => call('/keys/list', {}),
    revokeKey: (target) => call<{ ok: boolean }>('/keys/revoke', { target }).then((r) => r.ok),
    stats: () => call('/stats', {}),
    parse: (text, json) => call('/parse', { text, json }),
  };
}

/**
 * Run `remote` against the bot that holds the embedded database, or `local` when nobody holds
 * it (or on a server, where processes share). Without an admin socket: one line, at once.
 */
export async function viaRunningServer<T>(
  remote: (admin: LocalAdmin) => Promise<T>,
  local: () => Promise<T>,
  config: Config = loadConfig(),
): Promise<T> {
  const holder = embeddedHolder(config);
  if (holder === undefined) return local();
  const socket = adminSocketPath(config);
  if (!existsSync(socket)) {
    throw new DatabaseInUseError(
      `The running Reelmate (pid ${holder}) holds the embedded database and has no admin socket at ${socket} (yet: it opens once the bot is ready); try again then, or stop it, run this, and start it again.`,
    );
  }
  try {
    return await remote(localAdmin(socket));
  } catch (e) {
    throw new DatabaseInUseError(
      `The running Reelmate (pid ${holder}) holds the embedded database, and asking it failed: ${(e as Error).message}`,
    );
  }
}

/** `parse` through the running bot, or undefined (then the files are read instead). */
export async function parseOnRunningServer(
  config: Config,
  text: string,
  json: boolean,
): Promise<{ out: string[]; err: string[] } | undefined> {
  if (embeddedHolder(config) === undefined) return undefined;
  const socket = adminSocketPath(config);
  if (!existsSync(socket)) return undefined;
  try {
    return await localAdmin(socket).parse(text, json);
  } catch {
    return undefined;
  }
}
