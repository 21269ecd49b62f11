import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { modelVersions } from '../schema/model-versions.js';

export type ModelVersion = typeof modelVersions.$inferSelect;
export type ModelVersionInfo = Omit<ModelVersion, 'blob'>;

/** Everything but the blob, which can be megabytes. */
const INFO_COLUMNS = {
  id: modelVersions.id,
  algorithm: modelVersions.algorithm,
  params: modelVersions.params,
  metrics: modelVersions.metrics,
  ratingsCount: modelVersions.ratingsCount,
  active: modelVersions.active,
  trainedAt: modelVersions.trainedAt,
};

export class ModelsRepository {
  constructor(private readonly db: Db) {}

  /** Store a trained model and make it the active one, atomically. */
  async publish(input: {
    algorithm: string;
    params: Record<string, unknown>;
    metrics: Record<string, number>;
    blob: Uint8Array;
    ratingsCount: number;
  }): Promise<ModelVersionInfo> {
    return this.db.transaction(async (tx) => {
      await tx.update(modelVersions).set({ active: false }).where(eq(modelVersions.active, true));
      const [row] = await tx
        .insert(modelVersions)
        .values({ ...input, active: true })
        .returning(INFO_COLUMNS);
      if (!row) throw new Error('model insert returned nothing');
      return row;
    });
  }

  async activeInfo(): Promise<ModelVersionInfo | undefined> {
    const [row] = await this.db
      .select(INFO_COLUMNS)
      .from(modelVersions)
      .where(eq(modelVersions.active, true))
      .orderBy(desc(modelVersions.trainedAt))
      .limit(1);
    return row;
  }

  async load(id: number): Promise<ModelVersion | undefined> {
    const [row] = await this.db.select().from(modelVersions).where(eq(modelVersions.id, id));
    return row;
  }

  async count(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(modelVersions);
    return row?.n ?? 0;
  }
}
