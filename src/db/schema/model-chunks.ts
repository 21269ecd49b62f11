import { integer, pgTable, primaryKey } from 'drizzle-orm/pg-core';
import { bytea } from './bytea.js';
import { modelVersions } from './model-versions.js';

/**
 * A serialised model in pieces of a few MiB (MODEL_CHUNK_BYTES), in order of seq: a model of
 * any size fits (one bytea value tops out at 1 GB, and at 256 MiB through postgres.js's hex
 * text), and the pieces travel by binary COPY (src/db/copy-binary.ts).
 */
export const modelChunks = pgTable(
  'model_chunks',
  {
    versionId: integer('version_id')
      .notNull()
      .references(() => modelVersions.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.seq] })],
);
