import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../src/config.js';
import { openConfiguredDatabase } from '../../src/db/open.js';
import { API_SCOPES, ApiKeysRepository, type ApiKeyOwner, type ApiScope } from '../../src/db/repositories/api-keys.js';
import { describeReach } from './ownership.js';
import { viaRunningServer } from '../../src/db/local-admin-client.js';

const Scopes = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(API_SCOPES as [ApiScope, ...ApiScope[]])).min(1, 'give at least one scope'));

/** A key's own namespace: "api:" and a short lower-case name. */
export const KeyPlatform = z
  .string()
  .trim()
  .regex(/^api:[a-z][a-z0-9_-]{0,31}$/, '--platform must look like api:my-site (lower-case letters, digits, - or _)');
const UserIds = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(
        z
          .string()
          .regex(/^[1-9][0-9]{0,9}$/, '--users takes user ids like 12,13')
          .transform(Number),
      )
      .min(1, 'give at least one user id'),
  );

/** "My Site!" -> "api:my-site": the default namespace of a key named so. */
export function defaultPlatform(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, 32);
  return `api:${slug || 'key'}`;
}

export interface CreateKeyInput {
  name: string;
  scopes: ApiScope[];
  owner: ApiKeyOwner;
}

/** Options -> what to create, or the one line that says what is wrong. */
export function parseCreateOptions(opts: {
  name: string;
  scopes: string;
  platform?: string | undefined;
  users?: string | undefined;
}): { ok: true; value: CreateKeyInput } | { ok: false; error: string } {
  const scopes = Scopes.safeParse(opts.scopes);
  const name = z.string().trim().min(1).max(100).safeParse(opts.name);
  const platform = opts.platform === undefined ? undefined : KeyPlatform.safeParse(opts.platform);
  const users = opts.users === undefined ? undefined : UserIds.safeParse(opts.users);
  const problems = [
    scopes.error?.issues[0]?.message,
    name.error?.issues[0]?.message,
    platform?.error?.issues[0]?.message,
    users?.error?.issues[0]?.message,
  ].filter(Boolean);
  if (problems.length || !scopes.success || !name.success) return { ok: false, error: `Invalid options: ${problems.join('; ')}` };
  const admin = scopes.data.includes('admin');
  if (admin && (opts.platform !== undefined || opts.users !== undefined))
    return { ok: false, error: 'Invalid options: an admin key reaches everyone; leave out --platform and --users.' };
  const owner: ApiKeyOwner = admin
    ? {}
    : {
        ...(platform?.success ? { platform: platform.data } : {}),
        ...(users?.success ? { userIds: users.data } : {}),
      };
  // A key with neither gets a namespace of its own, named after it.
  if (!admin && !owner.platform && !owner.userIds) owner.platform = defaultPlatform(name.data);
  return { ok: true, value: { name: name.data, scopes: scopes.data, owner } };
}

async function withKeys<T>(fn: (keys: ApiKeysRepository) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase(loadConfig());
  try {
    return await fn(new ApiKeysRepository(database.db));
  } finally {
    await database.close();
  }
}

export function register(program: Command): void {
  const apikey = program.command('apikey').description('manage HTTP API keys (stored hashed; the secret is shown once)');
  apikey
    .command('create')
    .description(
      'create a key and print it once; a key that is not admin reaches its own platform namespace (default api:<name>) or the users named with --users',
    )
    .requiredOption('--name <name>', 'who or what the key is for')
    .option('--scopes <list>', `comma-separated scopes: ${API_SCOPES.join(', ')}`, 'read')
    .option('--platform <api:name>', 'the namespace whose users the key creates and reaches (default api:<name>)')
    .option('--users <ids>', 'comma-separated user ids the key reaches instead of a namespace')
    .action(async (opts: { name: string; scopes: string; platform?: string; users?: string }) => {
      const parsed = parseCreateOptions(opts);
      if (!parsed.ok) {
        console.error(parsed.error);
        process.exitCode = 2;
        return;
      }
      const { name, scopes, owner } = parsed.value;
      // While the bot runs on the embedded database, only it may open the database: ask it.
      const { key, info } = await viaRunningServer(
        (admin) => admin.createKey(parsed.value),
        () => withKeys((k) => k.create(name, scopes, owner)),
      );
      console.log(key);
      console.error(
        `Created key #${info.id} "${info.name}" (${info.scopes.join(', ')}); it reaches ${describeReach(info)}. Store it now: it is not shown again.`,
      );
    });
  apikey
    .command('list')
    .description('list keys (never their secrets)')
    .action(async () => {
      const keys = await viaRunningServer(
        (admin) => admin.listKeys(),
        () => withKeys((k) => k.list()),
      );
      if (keys.length === 0) console.log('No API keys yet. Create one with: reelmate apikey create --name NAME --scopes read,write');
      for (const k of keys) {
        const state = k.revokedAt ? `revoked ${new Date(k.revokedAt).toISOString()}` : 'active';
        console.log(
          `#${k.id}\trm_${k.prefix}_…\t${k.name}\t${k.scopes.join(',')}\t${describeReach(k)}\t${state}\tlast used ${k.lastUsedAt ? new Date(k.lastUsedAt).toISOString() : 'never'}`,
        );
      }
    });
  apikey
    .command('revoke')
    .description('revoke a key by id or prefix')
    .argument('<idOrPrefix>', 'the #id or the 8-character prefix shown by list')
    .action(async (idOrPrefix: string) => {
      const target = idOrPrefix.replace(/^rm_/, '').replace(/_.*$/, '');
      const ok = await viaRunningServer(
        (admin) => admin.revokeKey(target),
        () => withKeys((k) => k.revoke(target)),
      );
      if (!ok) {
        console.error(`No active key matches "${idOrPrefix}".`);
        process.exitCode = 1;
        return;
      }
      console.log(`Revoked ${idOrPrefix}.`);
    });
}
