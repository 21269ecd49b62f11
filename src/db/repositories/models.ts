import { and, desc, eq, inArray, isNull, lt, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { modelChunksStore } from '../model-chunks.js';
import { experiments } from '../schema/experiments.js';
import { modelChunks } from '../schema/model-chunks.js';
import { modelVersions } from '../schema/model-versions.js';

export type ModelVersion = typeof modelVersions.$inferSelect;
/** A version's row: what it is, not its bytes (those are in model_chunks). */
export type ModelVersionInfo = ModelVersion;

/** Serialised models are stored in pieces of this size. */
export const MODEL_CHUNK_BYTES = 4 * 2 ** 20;
/** Versions whose chunks are kept: the active one and the one before (a process may still be loading it). */
const KEEP_VERSIONS = 2;

export interface PublishInput {
  algorithm: string;
  params: Record<string, unknown>;
  metrics: Record<string, number>;
  /** The serialised model, whole or already in pieces (concatenated in order). */
  blob: Uint8Array | readonly Uint8Array[];
  ratingsCount: number;
  /**
   * Make it the active model (default). false stores a challenger: served only to the users of
   * an experiment that pins its version, and kept while such an experiment runs.
   */
  activate?: boolean | undefined;
}

export class ModelsRepository {
  constructor(private readonly db: Db) {}

  /**
   * Store a trained model and make it the active one. The chunks are written first under an
   * inactive version, then one transaction switches the active flag: a reader never sees a
   * half-written model, and a publisher that dies midway leaves only an inactive row.
   */
  async publish(input: PublishInput): Promise<ModelVersionInfo> {
    const pieces = chunked(input.blob, MODEL_CHUNK_BYTES);
    const sizeBytes = pieces.reduce((n, p) => n + p.byteLength, 0);
    const [row] = await this.db
      .insert(modelVersions)
      .values({
        algorithm: input.algorithm,
        params: input.params,
        metrics: input.metrics,
        ratingsCount: input.ratingsCount,
        sizeBytes,
        active: false,
      })
      .returning();
    if (!row) throw new Error('model insert returned nothing');
    await modelChunksStore(this.db).write(row.id, pieces);
    if (input.activate === false) {
      await this.prune();
      return row;
    }
    const published = await this.db.transaction(async (tx) => {
      await tx.update(modelVersions).set({ active: false }).where(eq(modelVersions.active, true));
      const [r] = await tx.update(modelVersions).set({ active: true }).where(eq(modelVersions.id, row.id)).returning();
      return r;
    });
    if (!published) throw new Error(`model version ${row.id} vanished before it was published`);
    await this.prune();
    return published;
  }

  /**
   * Drop the chunks of all but the newest KEEP_VERSIONS versions (their rows stay, as history),
   * keeping the active version and any version an experiment that has not stopped pins.
   */
  private async prune(): Promise<void> {
    const newest = await this.db.select({ id: modelVersions.id }).from(modelVersions).orderBy(desc(modelVersions.id)).limit(KEEP_VERSIONS);
    const oldestKept = newest[newest.length - 1]?.id;
    if (oldestKept === undefined || newest.length < KEEP_VERSIONS) return;
    const pinned = await this.pinnedVersions();
    const old = this.db
      .select({ id: modelVersions.id })
      .from(modelVersions)
      .where(
        and(
          lt(modelVersions.id, oldestKept),
          eq(modelVersions.active, false),
          pinned.length ? notInArray(modelVersions.id, pinned) : undefined,
        ),
      );
    await this.db.delete(modelChunks).where(inArray(modelChunks.versionId, old));
  }

  /** Versions pinned by a "model" variant of an experiment that has not stopped. */
  private async pinnedVersions(): Promise<number[]> {
    const rows = await this.db.select({ variants: experiments.variants }).from(experiments).where(isNull(experiments.stoppedAt));
    const ids = new Set<number>();
    for (const r of rows)
      for (const v of r.variants) {
        const version = v.config?.modelVersion;
        if (typeof version === 'number' && Number.isInteger(version)) ids.add(version);
      }
    return [...ids];
  }

  async activeInfo(): Promise<ModelVersionInfo | undefined> {
    const [row] = await this.db
      .select()
      .from(modelVersions)
      .where(eq(modelVersions.active, true))
      .orderBy(desc(modelVersions.trainedAt))
      .limit(1);
    return row;
  }

  async info(id: number): Promise<ModelVersionInfo | undefined> {
    const [row] = await this.db.select().from(modelVersions).where(eq(modelVersions.id, id));
    return row;
  }

  /**
   * A version's bytes into `into` (exactly info.sizeBytes long; e.g. a SharedArrayBuffer that
   * worker threads then read without a copy). Reads a few chunks per statement, so the event
   * loop turns between them. Throws when the stored chunks do not add up to the size.
   */
  async readInto(info: Pick<ModelVersionInfo, 'id' | 'sizeBytes'>, into: Uint8Array): Promise<void> {
    if (into.byteLength !== info.sizeBytes)
      throw new Error(`model ${info.id}: buffer of ${into.byteLength} bytes for a model of ${info.sizeBytes}`);
    const n = await modelChunksStore(this.db).read(info.id, into);
    if (n !== info.sizeBytes) throw new Error(`model ${info.id}: its chunks hold ${n} of ${info.sizeBytes} bytes`);
  }

  /** Whether a version can still be served: a hybrid whose chunks were not pruned. */
  async servable(id: number): Promise<boolean> {
    const info = await this.info(id);
    if (!info || info.algorithm !== 'hybrid') return false;
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(modelChunks).where(eq(modelChunks.versionId, id));
    return (row?.n ?? 0) > 0;
  }

  /** A version with its bytes, or undefined when there is no such version. */
  async load(id: number): Promise<{ info: ModelVersionInfo; blob: Uint8Array } | undefined> {
    const info = await this.info(id);
    if (!info) return undefined;
    const blob = new Uint8Array(info.sizeBytes);
    await this.readInto(info, blob);
    return { info, blob };
  }

  async count(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(modelVersions);
    return row?.n ?? 0;
  }
}

/** Cut a blob (or a list of pieces, each cut again if too large) into pieces of at most `size` bytes; no copies. */
export function chunked(blob: Uint8Array | readonly Uint8Array[], size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const part of blob instanceof Uint8Array ? [blob] : blob) {
    for (let o = 0; o < part.byteLength; o += size) out.push(part.subarray(o, Math.min(part.byteLength, o + size)));
  }
  return out;
}
