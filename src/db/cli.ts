import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { openConfiguredDatabase } from './open.js';

export function register(program: Command): void {
  program
    .command('migrate')
    .description('apply database migrations (PGlite under REELMATE_DATA_DIR, or DATABASE_URL)')
    .action(async () => {
      const database = await openConfiguredDatabase(loadConfig());
      await database.close();
      console.log(`Migrations applied (${database.kind}).`);
    });
}
