import { defineConfig } from 'drizzle-kit';

// drizzle-kit only generates SQL from the schema; it never connects.
// Migrations are applied at start-up by src/db/migrate.ts on both engines.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './migrations',
});
