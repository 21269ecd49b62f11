/** Process roles (see index.ts); kept light: `npm start` reads this without loading the job queue. */
import type { Config } from '../config.js';

export type Role = 'all' | 'serve' | 'worker';

/** Why this role cannot run with this configuration, or undefined. */
export function roleProblem(role: Role, config: Pick<Config, 'DATABASE_URL'>): string | undefined {
  if (role === 'all' || config.DATABASE_URL) return undefined;
  return `\`reelmate ${role}\` shares its work with other processes through a PostgreSQL server: set DATABASE_URL (postgres://...).
The embedded database belongs to one process; for that, run \`npm start\` (serving and background work in one process).`;
}
