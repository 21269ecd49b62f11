import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../src/config.js';
import { openConfiguredDatabase } from '../../src/db/open.js';
import { API_SCOPES, ApiKeysRepository, type ApiScope } from '../../src/db/repositories/api-keys.js';

const Scopes = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.enum(API_SCOPES as [ApiScope, ...ApiScope[]])).min(1, 'give at least one scope'));

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
    .description('create a key and print it once')
    .requiredOption('--name <name>', 'who or what the key is for')
    .option('--scopes <list>', `comma-separated scopes: ${API_SCOPES.join(', ')}`, 'read')
    .action(async (opts: { name: string; scopes: string }) => {
      const scopes = Scopes.safeParse(opts.scopes);
      const name = z.string().trim().min(1).max(100).safeParse(opts.name);
      if (!scopes.success || !name.success) {
        console.error(`Invalid options: ${[scopes.error?.issues[0]?.message, name.error?.issues[0]?.message].filter(Boolean).join('; ')}`);
        process.exitCode = 2;
        return;
      }
      const { key, info } = await withKeys((k) => k.create(name.data, scopes.data));
      console.log(key);
      console.error(`Created key #${info.id} "${info.name}" (${info.scopes.join(', ')}). Store it now: it is not shown again.`);
    });
  apikey
    .command('list')
    .description('list keys (never their secrets)')
    .action(async () => {
      const keys = await withKeys((k) => k.list());
      if (keys.length === 0) console.log('No API keys yet. Create one with: reelmate apikey create --name NAME --scopes read,write');
      for (const k of keys) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
        console.log(`#${k.id}\trm_${k.prefix}_…\t${k.name}\t${k.scopes.join(',')}\t${state}\tlast used ${k.lastUsedAt?.toISOString() ?? 'never'}`);
      }
    });
  apikey
    .command('revoke')
    .description('revoke a key by id or prefix')
    .argument('<idOrPrefix>', 'the #id or the 8-character prefix shown by list')
    .action(async (idOrPrefix: string) => {
      const ok = await withKeys((k) => k.revoke(idOrPrefix.replace(/^rm_/, '').replace(/_.*$/, '')));
      if (!ok) {
        console.error(`No active key matches "${idOrPrefix}".`);
        process.exitCode = 1;
        return;
      }
      console.log(`Revoked ${idOrPrefix}.`);
    });
}
